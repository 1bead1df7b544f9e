import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { env, login, setup } from './support/harness'
import type { Harness } from './support/harness'

interface Sent {
  query?: string
  extensions?: { persistedQuery?: { version: number; sha256Hash: string } }
}

describe('automatic persisted queries in the browser', () => {
  let h: Harness
  before(async () => (h = await setup()))
  after(async () => h?.close())

  it('sends known operations by hash alone and the pages still work', async () => {
    const page = await h.newPage()
    const sent: { body: Sent; status: number; ok: boolean }[] = []
    page.on('response', async (response) => {
      const request = response.request()
      if (!request.url().endsWith('/graphql') || request.method() !== 'POST') return
      const body = JSON.parse(request.postData() ?? '{}') as Sent
      const json = (await response.json().catch(() => ({}))) as { data?: unknown }
      sent.push({ body, status: response.status(), ok: json.data != null })
    })
    await login(page, env.admin)
    await page.goto('/assets')
    await page.waitForSelector('[data-testid="asset-table"]')
    await page.reload() // a new page load: the client knows nothing, the server remembers
    await page.waitForSelector('[data-testid="asset-table"]')
    const hashed = sent.filter((s) => s.body.extensions?.persistedQuery)
    assert.ok(hashed.length > 0, 'operations carry extensions.persistedQuery')
    const byHashOnly = hashed.filter((s) => s.body.query === undefined && s.ok)
    assert.ok(byHashOnly.length > 0, 'after the reload, operations run from the hash alone')
    assert.ok(sent.every((s) => s.status === 200), JSON.stringify(sent.map((s) => s.status)))
  })
})
