import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { env, login, setup } from './support/harness'
import type { Harness } from './support/harness'

describe('logging in and out', () => {
  let h: Harness
  before(async () => (h = await setup()))
  after(async () => h?.close())

  it('sends an anonymous visitor to the login page and back after logging in', async () => {
    const page = await h.newPage()
    await page.goto('/assets')
    await page.waitForURL(/\/login\?redirect=/)
    await page.fill('#login-username', env.admin.username)
    await page.fill('#login-password', `${env.admin.password}-wrong`)
    await page.click('button[type="submit"]')
    await page.waitForSelector('.field .error, .alert-error')
    assert.match(page.url(), /\/login/)
    await page.fill('#login-password', env.admin.password)
    await page.click('button[type="submit"]')
    await page.waitForURL(/\/assets$/)
    await page.waitForSelector('[data-testid="asset-table"]')
  })

  it('keeps the session and deep link across a reload, then logs out', async () => {
    const page = await h.newPage()
    await login(page, env.admin)
    assert.ok(await page.isVisible('[data-testid="current-role"]'))
    await page.goto('/assets?sort=name')
    await page.waitForSelector('[data-testid="asset-table"]')
    await page.reload()
    await page.waitForSelector('[data-testid="asset-table"]')
    assert.match(page.url(), /\/assets\?sort=name$/)
    await page.click('button:has-text("Log out")')
    await page.waitForURL(/\/login/)
    await page.goto('/assets')
    await page.waitForURL(/\/login\?redirect=/)
  })

  it('works on a tablet: the menu opens from the toggle', async () => {
    const page = await h.newPage({ width: 768, height: 1024 })
    await login(page, env.admin)
    const toggle = page.locator('button.menu-toggle')
    assert.ok(await toggle.isVisible())
    await toggle.click()
    await page.locator('#main-menu a[data-nav-key="core.assets"], #main-menu a[href="/assets"]').first().click()
    await page.waitForURL(/\/assets/)
    await page.waitForSelector('[data-testid="asset-table"]')
  })
})
