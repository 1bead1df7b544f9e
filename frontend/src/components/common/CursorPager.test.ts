import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import CursorPager from './CursorPager.vue'

describe('CursorPager', () => {
  it('shows the range and total, and pages', async () => {
    const wrapper = mount(CursorPager, {
      props: { totalCount: 120, pageSize: 50, pageNumber: 2, shown: 50, hasNext: true, hasPrevious: true },
    })
    expect(wrapper.get('[data-testid="page-range"]').text()).toBe('51–100 of 120')
    const [prev, next] = wrapper.findAll('button')
    await next!.trigger('click')
    await prev!.trigger('click')
    expect(wrapper.emitted('next')).toHaveLength(1)
    expect(wrapper.emitted('previous')).toHaveLength(1)
  })
  it('disables what is not possible', () => {
    const wrapper = mount(CursorPager, {
      props: { totalCount: 0, pageSize: 50, pageNumber: 1, shown: 0, hasNext: false, hasPrevious: false },
    })
    expect(wrapper.get('[data-testid="page-range"]').text()).toBe('0 of 0')
    expect(wrapper.findAll('button').every((b) => b.attributes('disabled') !== undefined)).toBe(true)
  })
})
