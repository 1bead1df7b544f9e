import { describe, expect, it } from 'vitest'
import AssetDetailPage from './AssetDetailPage.vue'
import { flush, mountWith, VIEWER } from '@/test/mount'
import { mockClient } from '@/test/mockClient'
import { KINDS, PRINTER_DETAIL, typeInfo } from '@/test/fixtures'

function client() {
  return mockClient((op, name) => {
    switch (name) {
      case 'AssetDetail':
        return { data: { asset: PRINTER_DETAIL } }
      case 'AssetKinds':
        return { data: { assetKinds: KINDS } }
      case 'TypeInfo':
        return { data: { __type: typeInfo(String(op.variables.name)) } }
      case 'KindDetail':
        return { data: { asset: { __typename: 'Printer', id: '7', ipAddress: '10.0.0.7' } } }
      default:
        return undefined
    }
  })
}

async function settle() {
  for (let i = 0; i < 6; i++) await flush()
}

describe('AssetDetailPage', () => {
  it('shows core fields, the kind fields found by introspection and the history', async () => {
    const { wrapper } = await mountWith(AssetDetailPage, { client: client(), props: { id: '7' } })
    await settle()
    expect(wrapper.get('h1').text()).toContain('Laser 7')
    expect(wrapper.get('[data-field="status"]').text()).toBe('In use')
    expect(wrapper.get('[data-field="position"]').text()).toContain('from location')
    expect(wrapper.get('[data-testid="kind-fields"]').text()).toContain('10.0.0.7')
    expect(wrapper.get('[data-testid="kind-fields"]').text()).toContain('Ip address')
    expect(wrapper.get('[data-testid="asset-history"]').text()).toContain('Near the door')
    expect(wrapper.find('[data-testid="edit-asset"]').exists()).toBe(true)
  })

  it('gives a viewer no edit controls', async () => {
    const { wrapper } = await mountWith(AssetDetailPage, { client: client(), props: { id: '7' }, user: VIEWER })
    await settle()
    expect(wrapper.get('h1').text()).toContain('Laser 7')
    expect(wrapper.find('[data-testid="edit-asset"]').exists()).toBe(false)
    expect(wrapper.findAll('button').map((b) => b.text())).not.toContain('Add')
  })

  it('says when the asset does not exist', async () => {
    const empty = mockClient((_op, name) => (name === 'AssetDetail' ? { data: { asset: null } } : undefined))
    const { wrapper } = await mountWith(AssetDetailPage, { client: empty, props: { id: '404' } })
    await settle()
    expect(wrapper.get('[data-testid="empty-state"]').text()).toContain('Asset not found')
  })
})
