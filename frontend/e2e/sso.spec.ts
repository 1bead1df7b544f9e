import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import { gql, setup } from './support/harness'
import type { Harness } from './support/harness'

// Single sign-on through the real OpenID Connect provider tests/e2e_server.py starts
// (tests/oidc: npm oidc-provider, its development login and consent pages).

/** From the login page through the provider's pages; `username` picks the groups claim. */
async function signInAtProvider(page: Page, username: string): Promise<void> {
  await page.goto('/login?redirect=/assets')
  const button = page.locator('[data-testid="sso-button"]')
  await button.waitFor({ timeout: 5_000 }).catch(() => {
    throw new Error('No "Sign in with ..." button: the OpenID Connect provider is NOT AVAILABLE (see the e2e server log)')
  })
  assert.equal((await button.textContent())?.trim(), 'Sign in with Test IdP')
  await button.click()
  await page.waitForSelector('input[name="login"]')
  assert.ok(!page.url().startsWith(new URL(page.url()).origin + '/login'))
  await page.fill('input[name="login"]', username)
  await page.fill('input[name="password"]', 'any password')
  await page.click('button[type="submit"]')
  // the provider's consent page, the first time
  const consent = page.locator('button[type="submit"]:has-text("Continue")')
  if (await consent.waitFor({ timeout: 3_000 }).then(() => true, () => false)) await consent.click()
}

describe('single sign-on (OpenID Connect)', () => {
  let h: Harness
  before(async () => (h = await setup()))
  after(async () => h?.close())

  it('signs in at the provider with the role from the groups claim, and out of both', async () => {
    const page = await h.newPage()
    await signInAtProvider(page, 'ada')
    await page.waitForURL(/\/assets$/)
    await page.waitForSelector('[data-testid="asset-table"]')
    assert.equal((await page.textContent('[data-testid="current-role"]'))?.trim(), 'Editor')
    assert.equal((await page.textContent('[data-testid="current-user"]'))?.trim(), 'Test ada')
    const me = await gql<{ me: { username: string; authSource: string } }>(page, '{ me { username authSource } }')
    assert.deepEqual(me.me, { username: 'ada', authSource: 'OIDC' })

    await page.click('[data-testid="my-account"]')
    await page.waitForSelector('[data-testid="account-page"]')
    assert.equal((await page.textContent('[data-testid="account-source"]'))?.trim(), 'Single sign-on')
    assert.ok(await page.isVisible('[data-testid="directory-password"]'))
    assert.match((await page.textContent('[data-testid="sessions"]')) ?? '', /This session/)

    await page.click('button:has-text("Log out")')
    // the provider asks to confirm ending its session, then sends us back to /login
    await page.click('button[name="logout"]')
    await page.waitForURL(/\/login/)
    await page.goto('/assets')
    await page.waitForURL(/\/login\?redirect=/)
  })

  it('gives an admin by the group DN', async () => {
    const page = await h.newPage()
    await signInAtProvider(page, 'grace')
    await page.waitForURL(/\/assets$/)
    await page.waitForSelector('[data-testid="current-role"]')
    assert.equal((await page.textContent('[data-testid="current-role"]'))?.trim(), 'Administrator')
  })

  it('refuses someone in no mapped group with a clear message', async () => {
    const page = await h.newPage()
    await signInAtProvider(page, 'mallory')
    await page.waitForURL(/\/login\?sso_error=no_role/)
    assert.match((await page.textContent('[data-testid="login-form"]')) ?? '', /in no group that may use shopdb/)
  })
})
