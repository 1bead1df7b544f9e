import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import AssetTable from './AssetTable.vue'
import { CORE_COLUMNS } from './columns'
import { testRouter } from '@/test/mount'
import { PRINTER_ROW as ROW } from '@/test/fixtures'
import type { AssetRowFragment } from '@/gql/graphql'

const PRINTER_ROW = ROW as unknown as AssetRowFragment

const cols = (...keys: string[]) => CORE_COLUMNS.filter((c) => keys.includes(c.key))

describe('AssetTable', () => {
  it('renders the chosen columns, links the first cell and marks the sort', async () => {
    const wrapper = mount(AssetTable, {
      props: { rows: [PRINTER_ROW], columns: cols('assetTag', 'kind', 'status'), sort: 'ASSET_TAG', dir: 'DESC', kindLabel: () => 'Printer' },
      global: { plugins: [testRouter()] },
    })
    expect(wrapper.findAll('th').map((th) => th.text().replace(/[▲▼↕]/g, '').trim())).toEqual(['Asset tag', 'Kind', 'Status'])
    expect(wrapper.get('th[aria-sort]').attributes('aria-sort')).toBe('descending')
    expect(wrapper.get('tbody a').attributes('href')).toBe('/assets/7')
    expect(wrapper.get('tbody tr').text()).toContain('Printer')
    await wrapper.findAll('th button')[1]!.trigger('click')
    expect(wrapper.emitted('sort')?.[0]).toEqual(['KIND'])
  })

  it('shows kind columns from the extra values', () => {
    const wrapper = mount(AssetTable, {
      props: {
        rows: [PRINTER_ROW],
        columns: [...cols('assetTag'), { key: 'kind:ipAddress', label: 'Ip address' }],
        sort: 'ASSET_TAG', dir: 'ASC', kindLabel: (k: string) => k,
        extra: new Map([['7', { ipAddress: '10.0.0.7' }]]),
      },
      global: { plugins: [testRouter()] },
    })
    expect(wrapper.findAll('tbody td')[1]!.text()).toBe('10.0.0.7')
  })
})
