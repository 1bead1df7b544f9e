import { afterEach, describe, expect, it, vi } from 'vitest'
import { MeDocument, NavigationDocument } from '@/gql/graphql'
import { createShopClient, documentHash } from './client'

type Reply = Record<string, unknown>

/** A fetch double that answers by operation name and records each request. */
interface SentBody {
  operationName: string
  query?: string
  extensions?: { persistedQuery?: { version: number; sha256Hash: string } }
}

function fakeFetch(replies: Record<string, Reply[]>) {
  const requests: { name: string; init: RequestInit; body: SentBody }[] = []
  const impl = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body)) as SentBody
    requests.push({ name: body.operationName, init: init ?? {}, body })
    const queue = replies[body.operationName] ?? []
    const reply = queue.length > 1 ? queue.shift()! : (queue[0] ?? { data: null })
    return new Response(JSON.stringify(reply), { status: 200, headers: { 'content-type': 'application/json' } })
  })
  return { fetch: impl as unknown as typeof fetch, requests }
}

const unauthenticated = { data: null, errors: [{ message: 'Log in', extensions: { code: 'UNAUTHENTICATED' } }] }
const navigation = { data: { navigation: [{ __typename: 'NavigationItem', key: 'a', label: 'A', path: '/a', icon: null, order: 1, plugin: null }] } }
const refreshed = { data: { refreshToken: { __typename: 'LoginPayload', user: { __typename: 'User', id: '1', username: 'u', displayName: null, role: 'ADMIN' }, errors: [] } } }
const refreshFailed = { data: { refreshToken: { __typename: 'LoginPayload', user: null, errors: [{ __typename: 'UserError', field: null, message: 'expired', code: 'INVALID' }] } } }

afterEach(() => {
  document.cookie = 'shopdb_csrf=; expires=Thu, 01 Jan 1970 00:00:00 GMT'
})

describe('createShopClient', () => {
  it('POSTs with cookies and the CSRF header read at request time', async () => {
    const { fetch, requests } = fakeFetch({ Me: [{ data: { me: null } }] })
    const client = createShopClient({ fetch, onSessionExpired: vi.fn() })
    document.cookie = 'shopdb_csrf=secret-1'
    await client.query(MeDocument, {}).toPromise()
    const init = requests[0]!.init
    expect(init.method).toBe('POST')
    expect(init.credentials).toBe('include')
    expect(new Headers(init.headers).get('X-CSRF-Token')).toBe('secret-1')
  })

  it('refreshes once on UNAUTHENTICATED and replays the operation', async () => {
    const { fetch, requests } = fakeFetch({ Navigation: [unauthenticated, navigation], RefreshToken: [refreshed] })
    const expired = vi.fn()
    const client = createShopClient({ fetch, onSessionExpired: expired })
    const result = await client.query(NavigationDocument, {}).toPromise()
    expect(requests.map((r) => r.name)).toEqual(['Navigation', 'RefreshToken', 'Navigation'])
    expect(result.data?.navigation).toHaveLength(1)
    expect(expired).not.toHaveBeenCalled()
  })

  it('ends the session when the refresh fails', async () => {
    const { fetch, requests } = fakeFetch({ Navigation: [unauthenticated], RefreshToken: [refreshFailed] })
    const expired = vi.fn()
    const client = createShopClient({ fetch, onSessionExpired: expired })
    const result = await client.query(NavigationDocument, {}).toPromise()
    expect(result.error?.graphQLErrors[0]?.extensions.code).toBe('UNAUTHENTICATED')
    expect(expired).toHaveBeenCalled()
    // one refresh attempt, one replay: no loop
    expect(requests.filter((r) => r.name === 'RefreshToken')).toHaveLength(1)
    expect(requests.filter((r) => r.name === 'Navigation')).toHaveLength(2)
  })

  it('sends a persisted query by hash and its text only when the server asks', async () => {
    const notFound = { data: null, errors: [{ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }] }
    const { fetch, requests } = fakeFetch({ Me: [notFound, { data: { me: null } }] })
    const client = createShopClient({ fetch, onSessionExpired: vi.fn() })
    const result = await client.query(MeDocument, {}).toPromise()
    expect(result.error).toBeUndefined()
    expect(requests).toHaveLength(2)
    const [byHash, withText] = requests.map((r) => r.body)
    expect(byHash!.query).toBeUndefined()
    expect(withText!.query).toContain('query Me')
    const digest = await documentHash(withText!.query!)
    expect(digest).toMatch(/^[0-9a-f]{64}$/)
    expect(byHash!.extensions?.persistedQuery).toEqual({ version: 1, sha256Hash: digest })
    expect(requests.every((r) => r.init.method === 'POST')).toBe(true)
  })
})
