import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import UserForm from './UserForm.vue'
import type { UserRowFragment } from '@/gql/graphql'

const row = (authSource: UserRowFragment['authSource']): UserRowFragment => ({
  id: '7', username: 'alice', displayName: 'Alice Adler', role: 'ADMIN', isActive: true,
  createdAt: '2026-12-01T00:00:00Z', lastLoginAt: null, lastLoginAddress: null, authSource,
})

describe('UserForm', () => {
  it('offers a new password for a local account', () => {
    const wrapper = mount(UserForm, { props: { user: row('LOCAL'), errors: {}, busy: false } })
    expect(wrapper.find('#user-7-password').exists()).toBe(true)
    expect(wrapper.find('[data-testid="user-external"]').exists()).toBe(false)
  })
  it('says a directory account changes its password in the directory, and where its role comes from', () => {
    const wrapper = mount(UserForm, { props: { user: row('LDAP'), errors: {}, busy: false } })
    expect(wrapper.find('#user-7-password').exists()).toBe(false)
    expect(wrapper.get('[data-testid="user-external"]').text()).toContain('signs in through LDAP')
    expect(wrapper.text()).toContain("Set from the directory's groups")
  })
})
