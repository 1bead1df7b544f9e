import { describe, expect, it } from 'vitest'
import { autoMap, chunks, missingRequired, normalize, toRecords } from './spreadsheetImport'

const FIELDS = [
  { name: 'assetTag', label: 'Asset tag' },
  { name: 'hostname', label: 'Hostname' },
  { name: 'osName', label: 'OS name' },
  { name: 'serialNumber', label: 'Serial number' },
]

describe('spreadsheet import mapping', () => {
  it('matches headers to fields by label or name, ignoring case and spacing', () => {
    expect(normalize('Serial_Number ')).toBe('serialnumber')
    expect(autoMap(['Asset tag', 'HOSTNAME', 'os_name', 'serial number', 'Status'], FIELDS)).toEqual({
      'Asset tag': 'assetTag', HOSTNAME: 'hostname', os_name: 'osName', 'serial number': 'serialNumber', Status: '',
    })
  })

  it('prefers the remembered mapping, drops fields that no longer exist, and maps a field once', () => {
    const mapped = autoMap(['Name', 'Host', 'Hostname', 'Old'], FIELDS, { Host: 'hostname', Old: 'gone', Name: '' })
    expect(mapped).toEqual({ Name: '', Host: 'hostname', Hostname: '', Old: '' })
  })

  it('builds rows of mapped columns only, and chunks them', () => {
    const rows = toRecords(['Hostname', 'Status', 'OS name'], [['PC-1', 'In use', 'Win'], ['PC-2', null]], {
      Hostname: 'hostname', Status: '', 'OS name': 'osName',
    })
    expect(rows).toEqual([{ hostname: 'PC-1', osName: 'Win' }, { hostname: 'PC-2', osName: null }])
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]])
    expect(missingRequired({ A: 'hostname' }, ['name'])).toEqual(['name'])
  })
})
