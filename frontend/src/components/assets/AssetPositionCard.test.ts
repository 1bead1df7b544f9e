import { describe, expect, it } from 'vitest'
import AssetPositionCard from './AssetPositionCard.vue'
import { flush, mountWith } from '@/test/mount'
import { mockClient } from '@/test/mockClient'
import { PRINTER_DETAIL } from '@/test/fixtures'

const PLACED = { ...PRINTER_DETAIL, position: { __typename: 'Position', x: 123.456789, y: 7.000001, source: 'ASSET' } }

function client(sent: unknown[]) {
  return mockClient((op, name) => {
    if (op.kind !== 'mutation') return undefined
    sent.push({ name, variables: op.variables })
    return { data: { setAssetPosition: { __typename: 'AssetPayload', asset: null, errors: [] } } }
  })
}

describe('AssetPositionCard', () => {
  it('shows its own coordinates rounded to two decimals', async () => {
    const { wrapper } = await mountWith(AssetPositionCard, { client: client([]), props: { asset: PLACED } })
    expect((wrapper.get('#position-x').element as HTMLInputElement).value).toBe('123.46')
    expect((wrapper.get('#position-y').element as HTMLInputElement).value).toBe('7')
  })

  it('keeps a coordinate the user did not touch exact, and sends the one edited as typed', async () => {
    const sent: { name: string; variables: Record<string, unknown> }[] = []
    const { wrapper } = await mountWith(AssetPositionCard, { client: client(sent), props: { asset: PLACED } })
    await wrapper.get('#position-y').setValue('12,5')
    await wrapper.get('form').trigger('submit')
    for (let i = 0; i < 4; i++) await flush()
    expect(sent).toHaveLength(1)
    expect(sent[0]?.variables).toMatchObject({ x: 123.456789, y: 12.5 })
  })
})
