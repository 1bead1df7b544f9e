import { describe, expect, it } from 'vitest'
import { useCursorPager } from './useCursorPager'

describe('useCursorPager', () => {
  it('walks forward and back through cursors', () => {
    const pager = useCursorPager()
    pager.next('c1')
    pager.next('c2')
    expect([pager.after.value, pager.pageNumber.value]).toEqual(['c2', 3])
    pager.previous()
    expect([pager.after.value, pager.pageNumber.value]).toEqual(['c1', 2])
    pager.previous()
    expect([pager.after.value, pager.hasPrevious.value]).toEqual([null, false])
  })
  it('resets to the first page', () => {
    const pager = useCursorPager()
    pager.next('c1')
    pager.reset()
    expect([pager.after.value, pager.pageNumber.value]).toEqual([null, 1])
  })
})
