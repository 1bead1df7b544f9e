import { describe, expect, it } from 'vitest'
import { locationRows, pathName, selfAndDescendants, visibleRows } from './locationTree'

const SITE = [
  { id: '3', name: 'Bay C', parentId: '1' },
  { id: '1', name: 'Hall 2', parentId: null },
  { id: '4', name: 'Cell 10', parentId: '3' },
  { id: '5', name: 'Cell 9', parentId: '3' },
  { id: '2', name: 'Office', parentId: null },
  { id: '6', name: 'Bay A', parentId: '1' },
]

describe('locationRows', () => {
  it('lists parents before children, siblings by name (numbers in order), with depth', () => {
    const rows = locationRows(SITE)
    expect(rows.map((r) => `${'-'.repeat(r.depth)}${r.location.name}`)).toEqual([
      'Hall 2', '-Bay A', '-Bay C', '--Cell 9', '--Cell 10', 'Office',
    ])
    expect(rows.find((r) => r.location.id === '3')).toMatchObject({ ancestors: ['1'], children: 2 })
    expect(rows.find((r) => r.location.id === '4')?.ancestors).toEqual(['1', '3'])
  })

  it('makes a location with an unknown parent a root', () => {
    const rows = locationRows([{ id: '9', name: 'Stray', parentId: '404' }])
    expect(rows).toHaveLength(1)
    expect(rows[0]?.depth).toBe(0)
  })

  it('shows every member of a parent cycle exactly once', () => {
    const rows = locationRows([
      { id: 'a', name: 'A', parentId: 'b' },
      { id: 'b', name: 'B', parentId: 'a' },
    ])
    expect(rows.map((r) => r.location.id).sort()).toEqual(['a', 'b'])
  })
})

describe('visibleRows', () => {
  it('hides everything under a collapsed location, at any depth', () => {
    const rows = locationRows(SITE)
    expect(visibleRows(rows, new Set(['1'])).map((r) => r.location.name)).toEqual(['Hall 2', 'Office'])
    expect(visibleRows(rows, new Set(['3'])).map((r) => r.location.name)).toEqual(['Hall 2', 'Bay A', 'Bay C', 'Office'])
  })
})

describe('selfAndDescendants', () => {
  it('collects the location and all it contains', () => {
    expect([...selfAndDescendants(SITE, '1')].sort()).toEqual(['1', '3', '4', '5', '6'])
    expect([...selfAndDescendants(SITE, '4')]).toEqual(['4'])
  })
})

describe('pathName', () => {
  it('names a location through its parents', () => {
    expect(pathName(SITE, '4')).toBe('Hall 2 › Bay C › Cell 10')
    expect(pathName(SITE, '2')).toBe('Office')
  })
})
