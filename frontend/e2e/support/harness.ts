import { existsSync } from 'node:fs'
import { chromium } from 'playwright-core'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startMockServer } from '../mock/server'

/** Settings from the environment; defaults match `shopdb seed demo` and the mock server. */
export const env = {
  baseUrl: process.env.E2E_BASE_URL ?? '',
  chromium: process.env.E2E_CHROMIUM ?? '/usr/bin/chromium',
  admin: { username: process.env.E2E_ADMIN_USER ?? 'admin', password: process.env.E2E_ADMIN_PASSWORD ?? 'admin' },
  viewer: { username: process.env.E2E_VIEWER_USER ?? 'viewer', password: process.env.E2E_VIEWER_PASSWORD ?? 'viewer' },
  plugin: process.env.E2E_PLUGIN ?? 'printers',
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
 * Starts the browser against E2E_BASE_URL; with E2E_BASE_URL unset or "mock" it serves
 * the built dist/ from the in-memory mock server instead (run `npm run build` first).
 */
export async function setup(): Promise<Harness> {
  let baseUrl = env.baseUrl.replace(/\/$/, '')
  let stopServer: (() => Promise<void>) | null = null
  if (!baseUrl || baseUrl === 'mock') {
    if (!existsSync(new URL('../../dist/index.html', import.meta.url))) {
      throw new Error('No dist/ to serve: run `npm run build` first, or set E2E_BASE_URL to a running server')
    }
    const mock = await startMockServer(0)
    baseUrl = mock.url
    stopServer = mock.close
    console.log(`# e2e against the MOCK server at ${baseUrl} (set E2E_BASE_URL for the real one)`)
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
      await stopServer?.()
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

export async function screenshot(page: Page, name: string): Promise<void> {
  if (env.screenshots) await page.screenshot({ path: `${env.screenshots}/${name}.png`, fullPage: true })
}
