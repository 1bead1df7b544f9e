import { describe, expect, it } from 'vitest'
import { mockClient } from '@shopdb/ui/testing'
import { BATCH, createHolderBatcher } from './holders'

describe('USB holders for search hits', () => {
  it('asks for the hits of one tick in as few requests as the alias limit allows', async () => {
    const sent: Record<string, unknown>[] = []
    const client = mockClient((op, name) => {
      if (name !== 'UsbHolders') return undefined
      sent.push(op.variables)
      const data = Object.fromEntries(Object.entries(op.variables).map(([key, id]) => {
        const alias = `a${key.slice(1)}`
        const n = Number(id)
        if (n % 10 === 0) return [alias, { __typename: 'Computer', id }]  // not a stick (any more)
        return [alias, { __typename: 'UsbDevice', id, currentHolder: n % 2 ? `holder ${n}` : null }]
      }))
      return { data }
    })
    const holderOf = createHolderBatcher(() => client)
    const ids = Array.from({ length: 30 }, (_, i) => String(i + 1))
    const found = await Promise.all([...ids, '3'].map(holderOf))
    expect(sent.map((v) => Object.keys(v).length)).toEqual([BATCH, 30 - BATCH])
    expect(found.slice(0, 4)).toEqual(['holder 1', null, 'holder 3', null])
    expect(found[9]).toBeNull() // id 10: not a USB device
    expect(found[30]).toBe('holder 3') // asked twice, read once
    await holderOf('7')
    expect(sent).toHaveLength(3) // a later tick is a request of its own
  })

  it('answers "unknown" (null) when the request fails', async () => {
    const client = mockClient(() => ({ errors: [{ message: 'down', code: 'INTERNAL_SERVER_ERROR' }] }))
    const holderOf = createHolderBatcher(() => client)
    expect(await Promise.all([holderOf('1'), holderOf('2')])).toEqual([null, null])
  })
})
