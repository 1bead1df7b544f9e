import { describe, expect, it } from 'vitest'
import LoginPage from './LoginPage.vue'
import { flush, mountWith } from '@/test/mount'
import { mockClient } from '@/test/mockClient'

const okUser = { __typename: 'User', id: '1', username: 'ada', displayName: 'Ada', role: 'ADMIN' }

describe('LoginPage', () => {
  it('shows the payload error at the right field', async () => {
    const client = mockClient(() => ({
      data: { login: { __typename: 'LoginPayload', user: null, errors: [{ __typename: 'UserError', field: ['password'], message: 'Wrong password', code: 'INVALID_CREDENTIALS' }] } },
    }))
    const { wrapper, session } = await mountWith(LoginPage, { client, user: null, path: '/login' })
    await wrapper.get('#login-username').setValue('ada')
    await wrapper.get('#login-password').setValue('nope')
    await wrapper.get('form').trigger('submit')
    await flush()
    expect(wrapper.get('[data-field="login-password"]').text()).toContain('Wrong password')
    expect(session.user.value).toBeNull()
  })

  it('logs in and follows the redirect', async () => {
    const client = mockClient(() => ({ data: { login: { __typename: 'LoginPayload', user: okUser, errors: [] } } }))
    const { wrapper, router, session } = await mountWith(LoginPage, { client, user: null, path: '/login?redirect=/assets/7' })
    await wrapper.get('#login-username').setValue('ada')
    await wrapper.get('#login-password').setValue('secret')
    await wrapper.get('form').trigger('submit')
    await flush()
    await flush()
    expect(session.user.value?.username).toBe('ada')
    expect(router.currentRoute.value.fullPath).toBe('/assets/7')
  })

  it('refuses off-site redirects', async () => {
    const client = mockClient(() => ({ data: { login: { __typename: 'LoginPayload', user: okUser, errors: [] } } }))
    const { wrapper, router } = await mountWith(LoginPage, { client, user: null, path: '/login?redirect=//evil.example' })
    await wrapper.get('#login-username').setValue('ada')
    await wrapper.get('#login-password').setValue('secret')
    await wrapper.get('form').trigger('submit')
    await flush()
    await flush()
    expect(router.currentRoute.value.fullPath).toBe('/')
  })
})

describe('LoginPage single sign-on', () => {
  it('shows the provider button with the way back, and why a sign-in failed', async () => {
    const client = mockClient(() => ({
      data: { singleSignOn: { __typename: 'SingleSignOn', enabled: true, buttonLabel: 'Sign in with Contoso', loginUrl: '/auth/oidc/login', logoutUrl: '/auth/oidc/logout', directory: false } },
    }))
    const { wrapper } = await mountWith(LoginPage, { client, user: null, path: '/login?redirect=/assets/7&sso_error=no_role' })
    await flush()
    const button = wrapper.get('[data-testid="sso-button"]')
    expect(button.text()).toBe('Sign in with Contoso')
    expect(button.attributes('href')).toBe('/auth/oidc/login?next=%2Fassets%2F7')
    expect(wrapper.text()).toContain('in no group that may use shopdb')
  })

  it('has no button when single sign-on is off', async () => {
    const client = mockClient(() => ({
      data: { singleSignOn: { __typename: 'SingleSignOn', enabled: false, buttonLabel: null, loginUrl: null, logoutUrl: null, directory: false } },
    }))
    const { wrapper } = await mountWith(LoginPage, { client, user: null, path: '/login' })
    await flush()
    expect(wrapper.find('[data-testid="sso-button"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="directory-hint"]').exists()).toBe(false)
  })

  it('tells directory people to use their directory account', async () => {
    const client = mockClient(() => ({
      data: { singleSignOn: { __typename: 'SingleSignOn', enabled: false, buttonLabel: null, loginUrl: null, logoutUrl: null, directory: true } },
    }))
    const { wrapper } = await mountWith(LoginPage, { client, user: null, path: '/login' })
    await flush()
    expect(wrapper.get('[data-testid="directory-hint"]').text()).toContain('directory (Windows) username')
  })
})
