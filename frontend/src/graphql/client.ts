import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange } from '@urql/core'
import type { Exchange } from '@urql/core'
import { authExchange } from '@urql/exchange-auth'
import { persistedExchange } from '@urql/exchange-persisted'
import { createClient as createWsClient } from 'graphql-ws'
import { RefreshTokenDocument } from '@/gql/graphql'
import { csrfHeaders } from './csrf'
import { isAuthError } from './errors'

export interface ShopClientOptions {
  url?: string
  /** Called when the session is gone for good (refresh failed): show the login page. */
  onSessionExpired: () => void
  /** Live subscriptions over graphql-ws; off in tests. */
  subscriptions?: boolean
  fetch?: typeof fetch
}

/** Operations that must never trigger a refresh (they are the auth flow itself). */
const AUTH_OPERATIONS = new Set(['Login', 'RefreshToken', 'Logout'])

function operationName(query: { definitions: readonly unknown[] }): string | undefined {
  for (const def of query.definitions as { kind: string; name?: { value: string } }[]) {
    if (def.kind === 'OperationDefinition') return def.name?.value
  }
  return undefined
}

/**
 * Silent refresh: on an UNAUTHENTICATED error, call `refreshToken` once (the refresh
 * cookie travels by itself) and replay the operation; if that fails, the session is over.
 */
export function refreshExchange(onSessionExpired: () => void): Exchange {
  return authExchange(async (utils) => ({
    addAuthToOperation: (operation) => operation,
    didAuthError: (error, operation) =>
      isAuthError(error) && !AUTH_OPERATIONS.has(operationName(operation.query) ?? ''),
    willAuthError: () => false,
    async refreshAuth() {
      const result = await utils.mutate(RefreshTokenDocument, {})
      const payload = result.data?.refreshToken
      if (result.error || !payload || payload.errors.length > 0 || !payload.user) {
        onSessionExpired()
      }
    },
  }))
}

/**
 * SHA-256 of a document for automatic persisted queries, or undefined where the browser has
 * no Web Crypto (pages served over plain HTTP from a host name): the operation then goes
 * out with its text, as without persisted queries.
 */
export async function documentHash(query: string): Promise<string | undefined> {
  const subtle = globalThis.crypto?.subtle
  if (!subtle) return undefined
  const digest = await subtle.digest('SHA-256', new TextEncoder().encode(query))
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')
}

export function createShopClient(options: ShopClientOptions): Client {
  const url = options.url ?? '/graphql'
  const exchanges: Exchange[] = [
    mapExchange({
      onError(error, operation) {
        const name = operationName(operation.query) ?? ''
        if (isAuthError(error) && name !== 'Login') options.onSessionExpired()
      },
    }),
    cacheExchange,
    refreshExchange(options.onSessionExpired),
    // Automatic persisted queries: the document's hash first, its text only when the server
    // does not know it yet (docs/API.md). Always POST: the session's CSRF rules apply.
    persistedExchange({
      preferGetForPersistedQueries: false,
      enableForMutation: true,
      generateHash: documentHash,
    }),
    fetchExchange,
  ]
  if (options.subscriptions) {
    const wsUrl = new URL(url, window.location.href)
    wsUrl.protocol = wsUrl.protocol === 'https:' ? 'wss:' : 'ws:'
    const ws = createWsClient({ url: wsUrl.toString(), lazy: true, retryAttempts: 5 })
    exchanges.push(
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({
            unsubscribe: ws.subscribe({ ...request, query: request.query ?? '' }, sink),
          }),
        }),
      }),
    )
  }
  return new Client({
    url,
    exchanges,
    // Every request is a POST carrying the session cookies and the CSRF header.
    preferGetMethod: false,
    fetchOptions: () => ({ credentials: 'include', headers: csrfHeaders() }),
    fetch: options.fetch,
  })
}
