import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { env, gql, login, screenshot, setup } from './support/harness'
import type { Harness } from './support/harness'
import type { Page } from 'playwright-core'

describe('an admin disables a plugin and its menu entry goes, then re-enables it', () => {
  let h: Harness
  let page: Page
  before(async () => {
    h = await setup()
    page = await h.newPage()
    await login(page, env.admin)
  })
  after(async () => {
    // Leave the server as found even when a step failed.
    await gql(page, 'mutation($n: String!) { setPluginEnabled(name: $n, enabled: true) { errors { message } } }', { n: env.plugin }).catch(() => undefined)
    await h?.close()
  })

  it('toggles the plugin and the menu follows without a reload', async () => {
    const menuEntry = page.locator(`#main-menu a[data-plugin="${env.plugin}"]`)
    await page.goto('/admin/plugins')
    const row = page.locator(`tr[data-plugin="${env.plugin}"]`)
    await row.waitFor()
    await menuEntry.first().waitFor()

    await row.locator('button[data-action="disable"]').click()
    await row.locator('button[data-action="enable"]').waitFor()
    await menuEntry.first().waitFor({ state: 'detached' })
    assert.equal(await menuEntry.count(), 0)
    assert.match(await row.locator('[data-testid="plugin-status"]').innerText(), /disabled/i)
    await screenshot(page, 'plugin-disabled')

    await row.locator('button[data-action="enable"]').click()
    await row.locator('button[data-action="disable"]').waitFor()
    await menuEntry.first().waitFor()
    assert.ok((await menuEntry.count()) > 0)
  })
})
