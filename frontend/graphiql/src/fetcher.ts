/**
 * The fetcher GraphiQL uses: same-origin cookies plus the CSRF header, as the Vue UI sends
 * them (frontend/src), so a signed-in browser user is authenticated without pasting anything.
 * A token pasted in the headers pane (`{"Authorization": "Bearer ..."}`) wins on the server.
 */
import { createGraphiQLFetcher, type Fetcher, type FetcherParams, type FetcherReturnType } from '@graphiql/toolkit'
import { getOperationAST, parse, type OperationDefinitionNode } from 'graphql'
import { createClient, type Client } from 'graphql-ws'

const CSRF_COOKIE = 'shopdb_csrf'
const CSRF_HEADER = 'X-CSRF-Token'

/** The readable CSRF cookie the server sets at login (shopdb_gql/auth/cookies.py). */
export function csrfToken(cookies: string = document.cookie): string | null {
  for (const part of cookies.split(';')) {
    const [name, ...rest] = part.trim().split('=')
    if (name === CSRF_COOKIE) return decodeURIComponent(rest.join('='))
  }
  return null
}

/** window.fetch with the session cookie and, when signed in, the CSRF header. */
export const sessionFetch: typeof fetch = (input, init = {}) => {
  const headers = new Headers(init.headers)
  const token = csrfToken()
  if (token && !headers.has(CSRF_HEADER)) headers.set(CSRF_HEADER, token)
  return window.fetch(input, { ...init, headers, credentials: 'same-origin' })
}

/**
 * The subscription GraphiQL runs, or null for a query/mutation (GraphiQL 5 does not say).
 * A just-edited document can arrive with the previous operation's name: then the only one.
 */
export function subscription(params: FetcherParams): OperationDefinitionNode | null {
  try {
    const document = parse(params.query)
    const operation = getOperationAST(document, params.operationName ?? undefined) ?? getOperationAST(document)
    return operation?.operation === 'subscription' ? operation : null
  } catch {
    return null // unparsable: let the server answer with the syntax error
  }
}

/**
 * One graphql-ws client per set of headers: the session cookie rides on the handshake, and a
 * pasted Authorization header goes in `connection_init` (browsers cannot set socket headers).
 */
function wsClients(url: string): (headers: Record<string, unknown>) => Client {
  const clients = new Map<string, Client>()
  return (headers) => {
    const key = JSON.stringify(headers)
    let client = clients.get(key)
    if (!client) {
      client = createClient({ url, lazy: true, connectionParams: headers })
      clients.set(key, client)
    }
    return client
  }
}

/** HTTP for queries and mutations, graphql-ws on this origin for subscriptions. */
export function shopdbFetcher(location: Location = window.location): Fetcher {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:'
  const http = createGraphiQLFetcher({ url: `${location.origin}/graphql`, fetch: sessionFetch })
  const ws = wsClients(`${scheme}//${location.host}/graphql`)
  return (params, opts) => {
    const operation = subscription(params)
    if (!operation) return http(params, opts)
    const { query, variables } = params
    const results = ws(opts?.headers ?? {}).iterate({ query, variables, operationName: operation.name?.value })
    // Wire-format results (errors as plain JSON), which is what GraphiQL prints anyway.
    return results as AsyncIterable<unknown> as FetcherReturnType
  }
}
