import { beforeEach, describe, expect, it } from 'vitest'
import { nextTick, ref } from 'vue'
import { useColumns } from './useColumns'

const COLUMNS = [
  { key: 'a', label: 'A', default: true },
  { key: 'b', label: 'B' },
  { key: 'c', label: 'C', default: true },
]

beforeEach(() => localStorage.clear())

describe('useColumns', () => {
  it('starts with the default columns', () => {
    expect(useColumns('k', COLUMNS).visible.value.map((c) => c.key)).toEqual(['a', 'c'])
  })
  it('remembers the choice per key, in column order', () => {
    const first = useColumns('k', COLUMNS)
    first.toggle('b')
    first.toggle('a')
    expect(first.visible.value.map((c) => c.key)).toEqual(['b', 'c'])
    expect(useColumns('k', COLUMNS).visible.value.map((c) => c.key)).toEqual(['b', 'c'])
    expect(useColumns('other', COLUMNS).visible.value.map((c) => c.key)).toEqual(['a', 'c'])
  })
  it('reloads when the key changes and resets to defaults', async () => {
    localStorage.setItem('k2', JSON.stringify(['b']))
    const key = ref('k')
    const cols = useColumns(key, COLUMNS)
    key.value = 'k2'
    await nextTick()
    expect(cols.visible.value.map((c) => c.key)).toEqual(['b'])
    cols.reset()
    expect(cols.visible.value.map((c) => c.key)).toEqual(['a', 'c'])
  })
  it('survives corrupt storage', () => {
    localStorage.setItem('k', '{not json')
    expect(useColumns('k', COLUMNS).visible.value).toHaveLength(2)
  })
})
