import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { env, login, screenshot, setup } from './support/harness'
import type { Harness } from './support/harness'

// Directory sign-in through the test OpenLDAP tests/e2e_server.py starts (tests/ldap_rig.py):
// alice is an admin through a nested group, erin is in no mapped group.

describe('signing in with a directory account (LDAP)', () => {
  let h: Harness
  before(async () => (h = await setup()))
  after(async () => h?.close())

  it('signs alice in with her directory password, with the role of her nested group', async () => {
    const page = await h.newPage()
    await page.goto('/login')
    await page.waitForSelector('[data-testid="login-form"]')
    const hint = page.getByText(/or with your directory account|directory \(Windows\) username/)
    await hint.first().waitFor({ timeout: 5_000 }).catch(() => {
      throw new Error('The login page does not offer directory sign-in: the LDAP directory is NOT AVAILABLE (see the e2e server log)')
    })
    await login(page, { username: 'alice', password: 'alice-ldap-pw' })
    assert.equal((await page.textContent('[data-testid="current-role"]'))?.trim(), 'Administrator')
    await page.click('[data-testid="my-account"]')
    await page.waitForSelector('[data-testid="account-page"]')
    assert.equal((await page.textContent('[data-testid="account-source"]'))?.trim(), 'LDAP')
    assert.match((await page.textContent('[data-testid="directory-password"]')) ?? '', /directory/)
    assert.equal(await page.locator('[data-testid="password-form"]').count(), 0)
    await screenshot(page, 'account-ldap')
  })

  it('shows admins where each account signs in, and a directory account has no password here', async () => {
    const page = await h.newPage()
    await login(page, env.admin)
    await page.goto('/admin/users')
    const row = page.locator('[data-testid="users-table"] tr', { hasText: 'alice' })
    await row.first().waitFor()
    assert.match((await row.first().innerText()) ?? '', /LDAP/)
    await row.first().locator('button, a', { hasText: /edit/i }).first().click()
    await page.waitForSelector('[data-testid="user-external"]')
    assert.match(await page.innerText('[data-testid="user-external"]'), /signs in through LDAP/)
  })

  it('tells a person in no mapped group why, and a wrong password stays vague', async () => {
    const page = await h.newPage()
    await page.goto('/login')
    await page.fill('#login-username', 'erin')
    await page.fill('#login-password', 'erin-ldap-pw')
    await page.click('form[data-testid="login-form"] button[type="submit"]')
    await page.waitForSelector('text=in no group that gives a role here')
    await page.fill('#login-password', 'not-her-password')
    await page.click('form[data-testid="login-form"] button[type="submit"]')
    await page.waitForSelector('text=Wrong username or password')
    assert.equal(await page.locator('[data-testid="current-user"]').count(), 0)
  })
})
