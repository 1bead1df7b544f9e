import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import { env, gql, login, screenshot, setup } from './support/harness'
import type { Harness } from './support/harness'

const CREATE = `mutation($i: NotificationInput!) {
  createNotification(input: $i) { notification { id } errors { message } }
}`

/**
 * GraphiQL at /graphql with every other host unreachable: it must load from this server alone
 * (no CDN script, style or font), use the browser's session, and run a query and a subscription.
 */
describe('GraphiQL offline', () => {
  let h: Harness
  before(async () => (h = await setup()))
  after(async () => h?.close())

  /** Aborts every request to another origin and returns the list of those attempted. */
  async function offline(page: Page): Promise<string[]> {
    const origin = new URL(h.baseUrl).origin
    const foreign: string[] = []
    await page.context().route('**/*', (route) => {
      const url = route.request().url()
      if (url.startsWith('data:') || url.startsWith('blob:') || new URL(url).origin === origin) return route.continue()
      foreign.push(url)
      return route.abort()
    })
    page.on('websocket', (ws) => {
      if (new URL(ws.url()).host !== new URL(origin).host) foreign.push(ws.url())
    })
    return foreign
  }

  async function response(page: Page, needle: string): Promise<string> {
    const editor = page.locator('.graphiql-response')
    await page.waitForFunction(
      (n) => (document.querySelector('.graphiql-response')?.textContent ?? '').includes(n), needle, { timeout: 15_000 })
    return (await editor.textContent()) ?? ''
  }

  async function runQuery(page: Page, query: string): Promise<void> {
    const editor = page.locator('.graphiql-query-editor .monaco-editor').first()
    await editor.click()
    await page.keyboard.press('ControlOrMeta+A')
    await page.keyboard.press('Delete')
    await page.keyboard.insertText(query)
    await page.waitForTimeout(500) // GraphiQL picks up the edited operation's name after a debounce
    await page.click('.graphiql-execute-button')
  }

  it('loads from this server only and runs a query as the signed-in user', async () => {
    const page = await h.newPage()
    const foreign = await offline(page)
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await login(page, env.admin)
    await page.goto('/graphql')
    await page.waitForSelector('.graphiql-container .graphiql-query-editor .monaco-editor', { timeout: 20_000 })
    await page.click('.graphiql-execute-button')
    const text = await response(page, env.admin.username)
    assert.match(text, /"role"/)
    // The docs pane needs the (authenticated) introspection to have loaded the schema.
    await page.click('button[aria-label="Show Documentation Explorer"]')
    await page.waitForSelector('.graphiql-doc-explorer >> text=Query')
    await page.click('button[aria-label="Show GraphiQL Explorer"]')
    await page.waitForSelector('.graphiql-explorer-root, .docExplorerWrap, [class*="explorer"]')
    assert.ok(await page.isVisible('button:has-text("Headers")'), 'the headers editor is enabled')
    await screenshot(page, 'graphiql-offline')
    assert.deepEqual(foreign, [], `requests to other hosts: ${foreign.join(', ')}`)
    assert.deepEqual(errors, [])
  })

  it('runs a subscription over graphql-ws and shows its events', async () => {
    const page = await h.newPage()
    const foreign = await offline(page)
    const subscribed = new Promise<string>((resolve, reject) => {
      setTimeout(() => reject(new Error('GraphiQL sent no subscribe over a websocket in 20 s')), 20_000)
      page.on('websocket', (ws) => ws.on('framesent', (frame) => {
        const text = String(frame.payload) // GraphiQL's, not the UI banner's own subscription
        if (text.includes('"type":"subscribe"') && text.includes('subscription Live')) resolve(ws.url())
      }))
    })
    await login(page, env.admin)
    await page.goto('/graphql')
    await page.waitForSelector('.graphiql-container .graphiql-query-editor .monaco-editor', { timeout: 20_000 })
    await runQuery(page, 'subscription Live { notificationEvents { kind notification { message } } }')
    assert.match(await subscribed, /^ws:\/\/.*\/graphql$/)
    const message = `GraphiQL-e2e-${Date.now()}` // no spaces: Monaco renders them as U+00A0
    const created = await gql<{ createNotification: { errors: { message: string }[] } }>(page, CREATE,
      { i: { title: 'GraphiQL e2e', message, severity: 'INFO' } })
    assert.deepEqual(created.createNotification.errors, [])
    const text = await response(page, message)
    assert.match(text, /ACTIVATED|UPDATED/)
    assert.deepEqual(foreign, [])
  })

  it('lets an integrator paste a bearer token when not signed in', async () => {
    const page = await h.newPage()
    const foreign = await offline(page)
    const login = await page.request.post('/graphql', {
      data: { query: 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }',
              variables: { u: env.viewer.username, p: env.viewer.password } },
    })
    const token = ((await login.json()) as { data: { login: { accessToken: string } } }).data.login.accessToken
    await page.context().clearCookies()
    await page.goto('/graphql')
    await page.waitForSelector('.graphiql-container .graphiql-query-editor .monaco-editor', { timeout: 20_000 })
    await page.click('button:has-text("Headers")')
    const headers = page.locator('.graphiql-editor-tool .monaco-editor').last()
    await headers.click()
    await page.keyboard.press('ControlOrMeta+A')
    await page.keyboard.press('Delete')
    await page.keyboard.insertText(JSON.stringify({ Authorization: `Bearer ${token}` }))
    await page.click('.graphiql-execute-button')
    const text = await response(page, env.viewer.username)
    assert.match(text, /VIEWER/)
    assert.deepEqual(foreign, [])
  })
})
