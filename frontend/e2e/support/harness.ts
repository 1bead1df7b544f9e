import { existsSync, mkdirSync } from 'node:fs'
import { chromium } from 'playwright-core'
import type { Browser, BrowserContext, Page } from 'playwright-core'

/** Settings from the environment; defaults match the users `tests/e2e_server.py` creates. */
export const env = {
  baseUrl: process.env.E2E_BASE_URL ?? '',
  chromium: process.env.E2E_CHROMIUM ?? '/usr/bin/chromium',
  admin: { username: process.env.E2E_ADMIN_USER ?? 'admin', password: process.env.E2E_ADMIN_PASSWORD ?? 'admin-pass-1' },
  viewer: { username: process.env.E2E_VIEWER_USER ?? 'viewer', password: process.env.E2E_VIEWER_PASSWORD ?? 'viewer-pass-1' },
  editor: { username: process.env.E2E_EDITOR_USER ?? 'editor', password: process.env.E2E_EDITOR_PASSWORD ?? 'editor-pass-1' },
  /** The plugin to disable and re-enable; empty: the first enabled one the `plugins` query lists. */
  plugin: process.env.E2E_PLUGIN ?? '',
  screenshots: process.env.E2E_SCREENSHOTS ?? '',
}

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
]

export interface Harness {
  baseUrl: string
  browser: Browser
  newPage(options?: { width?: number; height?: number }): Promise<Page>
  close(): Promise<void>
}

/**
 * Starts the browser against the real server at E2E_BASE_URL (`make e2e` starts one with
 * demo data: `.venv/bin/python -m tests.e2e_server`).
 */
export async function setup(): Promise<Harness> {
  const baseUrl = env.baseUrl.replace(/\/$/, '')
  if (!baseUrl) {
    throw new Error('E2E_BASE_URL is not set: start a server (`make e2e` does it all, or `.venv/bin/python -m tests.e2e_server`)')
  }
  if (!existsSync(env.chromium)) {
    throw new Error(`No chromium at ${env.chromium}: \`apt-get install -y chromium\`, or set E2E_CHROMIUM`)
  }
  const browser = await chromium.launch({ executablePath: env.chromium, headless: true, args: CHROMIUM_ARGS })
  const contexts: BrowserContext[] = []
  return {
    baseUrl,
    browser,
    async newPage({ width = 1280, height = 900 } = {}) {
      const context = await browser.newContext({ baseURL: baseUrl, viewport: { width, height } })
      context.setDefaultTimeout(10_000)
      contexts.push(context)
      return context.newPage()
    },
    async close() {
      await Promise.all(contexts.map((c) => c.close().catch(() => undefined)))
      await browser.close()
    },
  }
}

/** Logs in through the form and waits for the app shell. */
export async function login(page: Page, user: { username: string; password: string }): Promise<void> {
  await page.goto('/login')
  await page.fill('#login-username', user.username)
  await page.fill('#login-password', user.password)
  await page.click('form[data-testid="login-form"] button[type="submit"]')
  await page.waitForSelector('[data-testid="current-user"]')
}

/** A GraphQL call made as the page's user (its cookies plus the CSRF header). */
export async function gql<T = Record<string, unknown>>(page: Page, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const cookies = await page.context().cookies()
  const csrf = cookies.find((c) => c.name === 'shopdb_csrf')?.value ?? ''
  const response = await page.request.post('/graphql', {
    data: { query, variables },
    headers: { 'X-CSRF-Token': csrf, 'content-type': 'application/json' },
  })
  const json = (await response.json()) as { data?: T; errors?: { message: string }[] }
  if (json.errors?.length) throw new Error(`GraphQL: ${json.errors.map((e) => e.message).join('; ')}`)
  return json.data as T
}

const LOGIN_CHECK = 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { user { id } errors { message } } }'

/** Makes sure E2E_VIEWER can log in on a real server: creates it as the admin when it cannot. */
export async function ensureViewer(h: Harness): Promise<void> {
  await ensureUser(h, env.viewer, 'VIEWER')
}

/** Makes sure `user` can log in on a real server: creates it with `role` as the admin when it cannot. */
export async function ensureUser(h: Harness, user: { username: string; password: string }, role: 'VIEWER' | 'EDITOR'): Promise<void> {
  const probe = await h.newPage()
  await probe.goto('/login')
  const check = await gql<{ login: { errors: unknown[] } }>(probe, LOGIN_CHECK, { u: user.username, p: user.password })
  if (check.login.errors.length) {
    const admin = await h.newPage()
    await login(admin, env.admin)
    await gql(admin, 'mutation($i: UserInput!) { createUser(input: $i) { errors { message } } }', {
      i: { username: user.username, password: user.password, role, displayName: `E2E ${role.toLowerCase()}` },
    })
  }
}

/** Saves `<E2E_SCREENSHOTS>/<name>.png` when E2E_SCREENSHOTS is set (the viewport, not the whole page). */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (!env.screenshots) return
  mkdirSync(env.screenshots, { recursive: true })
  await page.screenshot({ path: `${env.screenshots}/${name}.png` })
}

/** E2E_PLUGIN, else the first enabled plugin the server lists; null when none is enabled. */
export async function pluginUnderTest(page: Page): Promise<string | null> {
  if (env.plugin) return env.plugin
  const data = await gql<{ plugins: { name: string; enabled: boolean }[] }>(page, 'query { plugins { name enabled } }')
  return data.plugins.find((p) => p.enabled)?.name ?? null
}
