import { describe, expect, it } from 'vitest'
import { assetColumnPaths, exportHref } from './exportLink'

describe('export links', () => {
  it('maps list columns to field paths, asset tag first', () => {
    expect(assetColumnPaths(['name', 'status', 'location', 'kind:hostname', 'assetTag', 'position'])).toEqual([
      'assetTag', 'name', 'status.name', 'location.name', 'hostname', 'position.x', 'position.y',
    ])
  })

  it('carries filter, order, type and columns, dropping empty filter parts', () => {
    const href = exportHref('assets', 'xlsx', {
      filter: { kinds: ['computer'], statuses: null, text: 'PC', locations: [] },
      orderBy: [{ field: 'NAME', direction: 'DESC' }],
      type: 'Computer',
      columns: ['assetTag', 'hostname'],
    })
    const url = new URL(href, 'http://x')
    expect(url.pathname).toBe('/export/assets.xlsx')
    expect(JSON.parse(url.searchParams.get('filter')!)).toEqual({ kinds: ['computer'], text: 'PC' })
    expect(JSON.parse(url.searchParams.get('orderBy')!)).toEqual([{ field: 'NAME', direction: 'DESC' }])
    expect(url.searchParams.get('type')).toBe('Computer')
    expect(url.searchParams.get('columns')).toBe('assetTag,hostname')
  })

  it('leaves the generic asset type out and gives a bare link without parameters', () => {
    expect(exportHref('locations', 'csv')).toBe('/export/locations.csv')
    expect(exportHref('assets', 'csv', { type: 'GenericAsset' })).toBe('/export/assets.csv')
  })
})
