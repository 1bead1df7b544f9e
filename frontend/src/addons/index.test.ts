import { describe, expect, it } from 'vitest'
import { activeListView, detailAddons, listViews } from './index'

describe('add-on registry', () => {
  it('gives bundled kinds their detail cards and nothing to other types', () => {
    for (const name of ['UsbDevice', 'Printer', 'Equipment', 'MeasuringTool']) expect(detailAddons(name)).toHaveLength(1)
    expect(detailAddons('GenericAsset')).toEqual([])
    expect(detailAddons('Computer')).toEqual([])
    expect(detailAddons(null)).toEqual([])
  })

  it('offers the calibrations-due view on measuring tools, active when the URL carries ?due=', () => {
    expect(listViews(['MeasuringTool']).map((v) => v.label)).toEqual(['Calibrations due'])
    expect(listViews(['Computer'])).toEqual([])
    expect(activeListView(['MeasuringTool'], { due: '30' })?.label).toBe('Calibrations due')
    expect(activeListView(['MeasuringTool'], {})).toBeNull()
    expect(activeListView(['Computer'], { due: '30' })).toBeNull()
  })
})
