import { describe, expect, it } from 'vitest'
import SubnetsPage from './SubnetsPage.vue'
import { networkClient, subnet } from './testing'
import type { Sent } from './testing'
import { VIEWER, mountWith, settle } from '@shopdb/ui/testing'

const page = (totalCount: number, hasNextPage = false) => ({
  data: {
    subnets: {
      __typename: 'SubnetConnection', totalCount,
      pageInfo: { __typename: 'PageInfo', hasNextPage, endCursor: hasNextPage ? 'c2' : null },
      nodes: [
        subnet('1', 'Shop floor', '10.10.1.0/24', 10, '10.10.1.1', 'Machines, shop-floor PCs and printers'),
        subnet('2', 'Lab', '10.10.50.0/24', null),
      ],
    },
  },
})

describe('SubnetsPage', () => {
  it('lists the subnets with their total, names linking to the subnet', async () => {
    const sent: Sent[] = []
    const { wrapper } = await mountWith(SubnetsPage, { client: networkClient({ Subnets: page(2) }, sent), path: '/network/subnets' })
    await settle()
    expect(wrapper.get('[data-testid="result-count"]').text()).toBe('2')
    const rows = wrapper.findAll('[data-testid="subnets-table"] tbody tr')
    expect(rows.map((r) => r.findAll('td').map((td) => td.text()))).toEqual([
      ['Shop floor', '10.10.1.0/24', '10', '10.10.1.1', 'Machines, shop-floor PCs and printers'],
      ['Lab', '10.10.50.0/24', '—', '—', ''],
    ])
    expect(rows[0]?.get('a').attributes('href')).toBe('/network/subnets/1')
    expect(wrapper.get('[data-testid="create-subnet"]').attributes('href')).toBe('/network/subnets/new')
    expect(sent.filter((s) => s.name === 'Subnets').map((s) => s.variables)).toEqual([{ first: 50, after: null }])
  })

  it('pages on with the cursor of the last subnet', async () => {
    const sent: Sent[] = []
    const { wrapper } = await mountWith(SubnetsPage, { client: networkClient({ Subnets: page(60, true) }, sent), path: '/network/subnets' })
    await settle()
    expect(wrapper.get('[data-testid="page-range"]').text()).toBe('1–2 of 60')
    await wrapper.get('button:not([disabled])').trigger('click')
    await settle()
    expect(sent.filter((s) => s.name === 'Subnets').map((s) => s.variables.after)).toEqual([null, 'c2'])
  })

  it('offers no "New subnet" to a viewer', async () => {
    const { wrapper } = await mountWith(SubnetsPage, { client: networkClient({ Subnets: page(2) }), path: '/network/subnets', user: VIEWER })
    await settle()
    expect(wrapper.findAll('[data-testid="subnets-table"] tbody tr')).toHaveLength(2)
    expect(wrapper.find('[data-testid="create-subnet"]').exists()).toBe(false)
  })

  it('says subnets are not available, and queries none, without the network plugin', async () => {
    const sent: Sent[] = []
    const { wrapper } = await mountWith(SubnetsPage, { client: networkClient({ Subnets: page(2) }, sent, false), path: '/network/subnets' })
    await settle()
    expect(wrapper.get('[data-testid="empty-state"]').text()).toContain('Subnets are not available — the network plugin is disabled.')
    expect(sent.map((s) => s.name)).not.toContain('Subnets')
    expect(wrapper.find('[data-testid="create-subnet"]').exists()).toBe(false)
  })
})
