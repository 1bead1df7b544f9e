import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { env, gql, login, pluginUnderTest, screenshot, setup } from './support/harness'
import type { Harness } from './support/harness'
import type { Page } from 'playwright-core'

const TOGGLE = 'mutation($n: String!, $e: Boolean!) { setPluginEnabled(name: $n, enabled: $e) { errors { message } } }'

describe('an admin disables a plugin: its menu entry and pages go; re-enabled, they are back', () => {
  let h: Harness
  let page: Page
  let plugin: string | null = null
  before(async () => {
    h = await setup()
    page = await h.newPage()
    await login(page, env.admin)
    plugin = await pluginUnderTest(page)
  })
  after(async () => {
    // Leave the server as found even when a step failed.
    if (plugin) await gql(page, TOGGLE, { n: plugin, e: true }).catch(() => undefined)
    await h?.close()
  })

  it('toggles the plugin; the menu and the plugin page follow without a reload', async (t) => {
    if (!plugin) {
      t.skip('no plugin is enabled on this server (set E2E_PLUGIN)')
      return
    }
    const nav = await gql<{ navigation: { path: string; plugin: string | null }[] }>(page, 'query { navigation { path plugin } }')
    const pluginPath = nav.navigation.find((i) => i.plugin === plugin)?.path
    assert.ok(pluginPath, `plugin ${plugin} has a menu entry`)
    const menuEntry = page.locator(`#main-menu a[data-plugin="${plugin}"]`)

    // Its page works while enabled.
    await page.goto(pluginPath)
    await page.waitForSelector('[data-testid="asset-table"]')
    await menuEntry.first().waitFor()

    // Disable it from the admin page: the menu entry goes.
    await page.goto('/admin/plugins')
    const row = page.locator(`tr[data-plugin="${plugin}"]`)
    await row.waitFor()
    await row.locator('button[data-action="disable"]').click()
    await row.locator('button[data-action="enable"]').waitFor()
    await menuEntry.first().waitFor({ state: 'detached' })
    assert.equal(await menuEntry.count(), 0)
    assert.match(await row.locator('[data-testid="plugin-status"]').innerText(), /disabled/i)
    await screenshot(page, 'plugin-disabled')

    // Its page is gone too (a deep link now finds nothing).
    await page.goto(pluginPath)
    await page.waitForSelector('h1:has-text("Page not found")')
    assert.equal(await page.locator('[data-testid="asset-table"]').count(), 0)

    // Re-enable: the entry and the page come back.
    await page.goto('/admin/plugins')
    await row.locator('button[data-action="enable"]').click()
    await row.locator('button[data-action="disable"]').waitFor()
    await menuEntry.first().waitFor()
    await menuEntry.first().click()
    await page.waitForURL((url) => url.pathname === pluginPath)
    await page.waitForSelector('[data-testid="asset-table"]')
  })

  it('reaches a page that is already open within seconds, every time', async () => {
    // The dashboard stays open in one tab while the plugin is toggled from elsewhere.
    const open = await h.newPage()
    await login(open, env.admin)
    await open.goto('/')
    const tile = open.locator('[data-widget="usb.checkedout"]')
    const entry = open.locator('#main-menu a[data-plugin="usb"]')
    await tile.waitFor()
    for (let round = 0; round < 7; round++) {  // the defect: 4 of 7 tries kept the tile
      const off = Date.now()
      await gql(page, TOGGLE, { n: 'usb', e: false })
      await tile.waitFor({ state: 'detached', timeout: 5_000 })
      await entry.waitFor({ state: 'detached', timeout: 5_000 })
      const gone = Date.now() - off
      await gql(page, TOGGLE, { n: 'usb', e: true })
      await tile.waitFor({ timeout: 5_000 })
      await entry.waitFor({ timeout: 5_000 })
      // The page polls the served generation every second; workers follow within one.
      assert.ok(gone < 4_000, `round ${round}: the tile went after ${gone} ms`)
    }
  })
})
