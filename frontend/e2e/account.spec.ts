import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { ensureUser, login, setup } from './support/harness'
import type { Harness } from './support/harness'

describe('my account', () => {
  let h: Harness
  before(async () => (h = await setup()))
  after(async () => h?.close())

  it('changes my password, which ends my other session', async () => {
    const user = { username: `acct-${Date.now().toString(36)}`, password: 'first-pass-1' }
    await ensureUser(h, user, 'VIEWER')
    const other = await h.newPage()
    await login(other, user)
    const page = await h.newPage()
    await login(page, user)
    await page.click('[data-testid="my-account"]')
    await page.waitForSelector('[data-testid="account-page"]')
    assert.equal((await page.textContent('[data-testid="account-source"]'))?.trim(), 'Local')
    assert.equal(await page.locator('[data-testid="sessions"] tbody tr').count(), 2)
    assert.match((await page.textContent('[data-testid="sessions"]')) ?? '', /This session/)

    await page.fill('#pw-current', 'wrong-password')
    await page.fill('#pw-new', 'second-pass-2')
    await page.fill('#pw-repeat', 'second-pass-2')
    await page.click('[data-testid="password-form"] button[type="submit"]')
    await page.waitForSelector('[data-field="pw-current"] .error, [data-field="pw-current"] [role="alert"], .field .error')
    assert.match((await page.textContent('[data-testid="password-form"]')) ?? '', /current password is wrong/)

    await page.fill('#pw-current', user.password)
    await page.click('[data-testid="password-form"] button[type="submit"]')
    await page.waitForSelector('text=Password changed')
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="sessions"] tbody tr').length === 1)

    // still signed in here; the other browser is sent to the login page on its next step
    await page.goto('/assets')
    await page.waitForSelector('[data-testid="current-user"]')
    await other.goto('/assets')
    await other.waitForURL(/\/login/)
  })
})
