/**
 * A stand-in for the shopdb server for front-end work and e2e runs before the real one
 * exists: serves dist/ with the SPA fallback and answers /graphql from schema.local.graphql
 * with in-memory demo data, cookie sessions and the CSRF check. Not the product.
 *   npx tsx e2e/mock/server.ts [port]
 */
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { readFile, stat } from 'node:fs/promises'
import { extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildSchema, graphql } from 'graphql'
import { createRoot } from './resolvers'
import type { Ctx } from './resolvers'
import type { MockUser } from './data'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const DIST = join(ROOT, 'dist')
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.map': 'application/json', '.png': 'image/png' }

function cookies(req: IncomingMessage): Record<string, string> {
  return Object.fromEntries((req.headers.cookie ?? '').split(';').map((c) => c.trim().split('=')).filter((p) => p.length === 2)) as Record<string, string>
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString()
}

export async function startMockServer(port = 0): Promise<{ url: string; close: () => Promise<void> }> {
  const schema = buildSchema(await readFile(join(ROOT, 'schema.local.graphql'), 'utf8'))
  const root = createRoot()
  const sessions = new Map<string, MockUser>()

  async function handleGraphql(req: IncomingMessage, res: ServerResponse) {
    const jar = cookies(req)
    if (req.method !== 'POST') return send(res, 405, { errors: [{ message: 'POST only' }] })
    if (!jar.shopdb_csrf || req.headers['x-csrf-token'] !== jar.shopdb_csrf) {
      return send(res, 403, { errors: [{ message: 'CSRF check failed', extensions: { code: 'FORBIDDEN' } }] })
    }
    const setCookies: string[] = []
    const ctx: Ctx = {
      user: sessions.get(jar.shopdb_access ?? '') ?? null,
      setSession(user) {
        if (jar.shopdb_access) sessions.delete(jar.shopdb_access)
        if (user) {
          const sid = randomBytes(12).toString('hex')
          sessions.set(sid, user)
          setCookies.push(`shopdb_access=${sid}; Path=/; HttpOnly; SameSite=Lax`, `shopdb_refresh=${sid}; Path=/; HttpOnly; SameSite=Lax`)
        } else {
          setCookies.push('shopdb_access=; Path=/; Max-Age=0', 'shopdb_refresh=; Path=/; Max-Age=0')
        }
      },
    }
    const { query, variables, operationName } = JSON.parse(await body(req)) as { query: string; variables?: Record<string, unknown>; operationName?: string }
    const result = await graphql({ schema, source: query, rootValue: root, contextValue: ctx, variableValues: variables, operationName })
    if (setCookies.length) res.setHeader('Set-Cookie', setCookies)
    send(res, 200, result)
  }

  function send(res: ServerResponse, status: number, payload: unknown) {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(JSON.stringify(payload))
  }

  async function handleStatic(req: IncomingMessage, res: ServerResponse) {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '')
    let file = join(DIST, path)
    const exists = await stat(file).then((s) => s.isFile(), () => false)
    if (!exists) file = join(DIST, 'index.html') // SPA fallback: deep links survive a reload
    const headers: Record<string, string> = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }
    if (!cookies(req).shopdb_csrf) headers['set-cookie'] = `shopdb_csrf=${randomBytes(16).toString('hex')}; Path=/; SameSite=Lax`
    res.writeHead(200, headers)
    res.end(await readFile(file))
  }

  const server = createServer((req, res) => {
    const handler = req.url?.startsWith('/graphql') ? handleGraphql : handleStatic
    handler(req, res).catch((e: unknown) => send(res, 500, { errors: [{ message: String(e) }] }))
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  const address = server.address()
  const actual = typeof address === 'object' && address ? address.port : port
  return {
    url: `http://127.0.0.1:${actual}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()) }),
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { url } = await startMockServer(Number(process.argv[2] ?? 8000))
  console.log(`mock shopdb server on ${url}`)
}
