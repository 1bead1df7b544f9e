import { describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import TokenSecret from './TokenSecret.vue'
import { flush } from '@/test/mount'

describe('TokenSecret', () => {
  it('shows the secret once and copies it', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined)
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
    const wrapper = mount(TokenSecret, { props: { name: 'poller', secret: 'shp_abc123' } })
    expect(wrapper.get('[data-testid="token-secret-value"]').text()).toBe('shp_abc123')
    await wrapper.get('[data-testid="copy-secret"]').trigger('click')
    await flush()
    expect(writeText).toHaveBeenCalledWith('shp_abc123')
    expect(wrapper.get('[data-testid="copy-secret"]').text()).toContain('Copied')
  })
  it('says so when copying fails', async () => {
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: vi.fn().mockRejectedValue(new Error('denied')) }, configurable: true })
    const wrapper = mount(TokenSecret, { props: { name: 'poller', secret: 's' } })
    await wrapper.get('[data-testid="copy-secret"]').trigger('click')
    await flush()
    expect(wrapper.text()).toContain('Copying failed')
  })
})
