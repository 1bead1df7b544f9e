import { describe, expect, it, vi } from 'vitest'
import { createSession } from './session'
import { hasRole } from './roles'
import { mockClient } from '@/test/mockClient'

const user = { __typename: 'User', id: '1', username: 'ed', displayName: 'Ed', role: 'EDITOR' }
const payload = (u: unknown, errors: unknown[] = []) => ({ __typename: 'LoginPayload', user: u, errors })

describe('hasRole', () => {
  it('orders ADMIN > EDITOR > VIEWER', () => {
    expect(hasRole('ADMIN', 'EDITOR')).toBe(true)
    expect(hasRole('VIEWER', 'EDITOR')).toBe(false)
    expect(hasRole(null, 'VIEWER')).toBe(false)
  })
})

describe('createSession', () => {
  it('loads the user from `me`', async () => {
    const session = createSession(() => mockClient((_op, name) => (name === 'Me' ? { data: { me: user } } : undefined)))
    await session.load()
    expect(session.user.value?.username).toBe('ed')
    expect(session.canEdit.value).toBe(true)
    expect(session.isAdmin.value).toBe(false)
  })

  it('tries one silent refresh when `me` is empty', async () => {
    const names: string[] = []
    const client = mockClient((_op, name) => {
      names.push(name)
      return name === 'Me' ? { data: { me: null } } : { data: { refreshToken: payload(user) } }
    })
    const session = createSession(() => client)
    expect(await session.load()).toMatchObject({ username: 'ed' })
    expect(names).toEqual(['Me', 'RefreshToken'])
    expect(session.ready.value).toBe(true)
  })

  it('stays logged out when the refresh fails', async () => {
    const client = mockClient((_op, name) =>
      name === 'Me' ? { data: { me: null } } : { data: { refreshToken: payload(null, [{ __typename: 'UserError', field: null, message: 'no', code: 'INVALID' }]) } },
    )
    const session = createSession(() => client)
    expect(await session.load()).toBeNull()
    expect(session.ready.value).toBe(true)
  })

  it('returns login errors and keeps the user out', async () => {
    const onUserChange = vi.fn()
    const errors = [{ __typename: 'UserError', field: ['password'], message: 'Wrong username or password', code: 'INVALID_CREDENTIALS' }]
    const session = createSession(() => mockClient(() => ({ data: { login: payload(null, errors) } })), { onUserChange })
    const result = await session.login('ed', 'nope')
    expect(result[0]?.message).toBe('Wrong username or password')
    expect(session.user.value).toBeNull()
    expect(onUserChange).not.toHaveBeenCalled()
  })

  it('logs in and out, starting a fresh client each time', async () => {
    const onUserChange = vi.fn()
    const client = mockClient((_op, name) =>
      name === 'Login' ? { data: { login: payload(user) } } : { data: { logout: { __typename: 'LogoutPayload', ok: true, errors: [] } } },
    )
    const session = createSession(() => client, { onUserChange })
    expect(await session.login('ed', 'pw')).toEqual([])
    expect(session.user.value?.role).toBe('EDITOR')
    await session.logout()
    expect(session.user.value).toBeNull()
    expect(onUserChange).toHaveBeenCalledTimes(2)
  })
})
