import { describe, expect, it } from 'vitest'
import SubnetDetailPage from './SubnetDetailPage.vue'
import { networkClient, subnet } from './testing'
import type { Sent } from './testing'
import { VIEWER, mountWith, settle } from '@shopdb/ui/testing'

const asset = (id: string, assetTag: string, name: string, kind: string) => ({
  __typename: 'NetworkDevice', id, assetTag, name, kind,
  status: { __typename: 'AssetStatus', id: 's1', name: 'In use' },
  location: id === '8' ? null : { __typename: 'Location', id: 'l1', name: 'Hall 1' },
})

const answers = {
  Subnet: { data: { subnet: subnet('3', 'Management', '10.10.9.0/24', 90, '10.10.9.1', 'Management interfaces') } },
  AssetsInSubnet: {
    data: {
      assetsInSubnet: {
        __typename: 'AssetConnection', totalCount: 2,
        pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
        nodes: [asset('7', 'NET-0001', 'core-sw-01', 'networkdevice'), asset('8', 'NET-0002', 'sw-hall1', 'networkdevice')],
      },
    },
  },
  AssetKinds: { data: { assetKinds: [{ __typename: 'AssetKindInfo', kind: 'networkdevice', label: 'Network device', pluralLabel: 'Network devices', typeName: 'NetworkDevice', plugin: 'network' }] } },
}

describe('SubnetDetailPage', () => {
  it('shows the subnet and the assets in it, linking to each asset', async () => {
    const sent: Sent[] = []
    const { wrapper } = await mountWith(SubnetDetailPage, { client: networkClient(answers, sent), props: { id: '3' }, path: '/network/subnets/3' })
    await settle()
    expect(wrapper.get('h1').text()).toContain('Management')
    expect(wrapper.get('[data-field="cidr"]').text()).toBe('10.10.9.0/24')
    expect(wrapper.get('[data-field="vlanId"]').text()).toBe('90')
    expect(wrapper.get('[data-field="gateway"]').text()).toBe('10.10.9.1')
    expect(wrapper.get('[data-testid="asset-count"]').text()).toBe('2')
    const rows = wrapper.findAll('[data-testid="subnet-assets-table"] tbody tr')
    expect(rows.map((r) => r.findAll('td').map((td) => td.text()))).toEqual([
      ['NET-0001', 'core-sw-01', 'Network device', 'In use', 'Hall 1'],
      ['NET-0002', 'sw-hall1', 'Network device', 'In use', '—'],
    ])
    expect(rows[1]?.get('a').attributes('href')).toBe('/assets/8')
    expect(sent.filter((s) => s.name === 'AssetsInSubnet').map((s) => s.variables)).toEqual([{ id: '3', first: 50, after: null }])
    expect(wrapper.get('[data-testid="edit-subnet"]').attributes('href')).toBe('/network/subnets/3/edit')
  })

  it('gives a viewer no edit or delete buttons', async () => {
    const { wrapper } = await mountWith(SubnetDetailPage, { client: networkClient(answers), props: { id: '3' }, path: '/network/subnets/3', user: VIEWER })
    await settle()
    expect(wrapper.findAll('[data-testid="subnet-assets-table"] tbody tr')).toHaveLength(2)
    expect(wrapper.find('[data-testid="edit-subnet"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="delete-subnet"]').exists()).toBe(false)
  })

  it('deletes only after the confirm step, then goes back to the list', async () => {
    const sent: Sent[] = []
    const client = networkClient({ ...answers, DeleteSubnet: { data: { deleteSubnet: { __typename: 'NetworkDeletePayload', deletedId: '3', errors: [] } } } }, sent)
    const { wrapper, router } = await mountWith(SubnetDetailPage, { client, props: { id: '3' }, path: '/network/subnets/3' })
    await settle()
    await wrapper.get('[data-testid="delete-subnet"]').trigger('click')
    expect(sent.map((s) => s.name)).not.toContain('DeleteSubnet')
    expect(wrapper.get('[data-testid="confirm-delete-subnet"]').text()).toContain('The assets in it stay as they are')
    await wrapper.get('[data-testid="confirm-delete"]').trigger('click')
    await settle()
    expect(sent.filter((s) => s.name === 'DeleteSubnet').map((s) => s.variables)).toEqual([{ id: '3' }])
    expect(router.currentRoute.value.path).toBe('/network/subnets')
    expect(router.currentRoute.value.query.deleted).toBe('Management (10.10.9.0/24)')
  })

  it('says the subnet is not found, and asks for no assets, for an unknown id', async () => {
    const sent: Sent[] = []
    const { wrapper } = await mountWith(SubnetDetailPage, { client: networkClient({ Subnet: { data: { subnet: null } } }, sent), props: { id: '99' }, path: '/network/subnets/99' })
    await settle()
    expect(wrapper.get('[data-testid="empty-state"]').text()).toContain('Subnet not found')
    expect(sent.map((s) => s.name)).not.toContain('AssetsInSubnet')
  })

  it('says subnets are not available without the network plugin', async () => {
    const sent: Sent[] = []
    const { wrapper } = await mountWith(SubnetDetailPage, { client: networkClient(answers, sent, false), props: { id: '3' }, path: '/network/subnets/3' })
    await settle()
    expect(wrapper.get('[data-testid="empty-state"]').text()).toContain('the network plugin is disabled')
    expect(sent.map((s) => s.name).filter((n) => n.includes('Subnet'))).toEqual([])
  })
})
