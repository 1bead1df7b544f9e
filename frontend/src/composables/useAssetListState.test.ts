import { describe, expect, it } from 'vitest'
import { DEFAULT_STATE, nextSort, parseListQuery, toListQuery, toVariables } from './useAssetListState'

describe('asset list URL state', () => {
  it('round-trips through the query string', () => {
    const state = { ...DEFAULT_STATE, kinds: ['computer'], statuses: ['1', '2'], conditions: ['checkedOut'], text: 'cnc', sort: 'NAME' as const, dir: 'DESC' as const, first: 100, after: 'abc' }
    expect(parseListQuery(toListQuery(state) as never)).toEqual(state)
  })
  it('leaves defaults out of the URL', () => {
    expect(toListQuery(DEFAULT_STATE)).toEqual({})
  })
  it('ignores garbage', () => {
    expect(parseListQuery({ sort: 'DROP TABLE', dir: 'sideways', first: '7' })).toEqual(DEFAULT_STATE)
  })
  it('builds GraphQL variables, pinned kinds winning over the filter', () => {
    const state = { ...DEFAULT_STATE, kinds: ['printer'], text: '  hall 2 ' }
    expect(toVariables(state, ['computer'])).toEqual({
      filter: { kinds: ['computer'], statuses: null, locations: null, conditions: null, text: 'hall 2' },
      orderBy: [{ field: 'ASSET_TAG', direction: 'ASC' }],
      first: 50,
      after: null,
    })
  })
  it('keeps named conditions (a tile link such as ?is=lowSupplies) in the URL and the filter', () => {
    const state = parseListQuery({ is: 'lowSupplies,overdue' })
    expect(state.conditions).toEqual(['lowSupplies', 'overdue'])
    expect(toListQuery(state)).toEqual({ is: 'lowSupplies,overdue' })
    expect(toVariables(state, ['printer']).filter?.conditions).toEqual(['lowSupplies', 'overdue'])
  })
  it('flips direction on the same column, starts ascending on another', () => {
    expect(nextSort(DEFAULT_STATE, 'ASSET_TAG')).toEqual({ sort: 'ASSET_TAG', dir: 'DESC' })
    expect(nextSort({ ...DEFAULT_STATE, dir: 'DESC' }, 'NAME')).toEqual({ sort: 'NAME', dir: 'ASC' })
  })
})
