import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { env, login, screenshot, setup } from './support/harness'
import type { Harness } from './support/harness'

describe('small things a person notices', () => {
  let h: Harness
  before(async () => {
    h = await setup()
  })
  after(async () => h?.close())

  it('keeps the header search usable on a phone', async () => {
    const page = await h.newPage()
    await login(page, env.admin)
    await page.setViewportSize({ width: 390, height: 844 })
    const box = await page.locator('[data-testid="global-search"]').boundingBox()
    assert.ok(box, 'the search box is shown')
    // It collapsed to a ~40 px square before; it must keep most of the bar.
    assert.ok(box.width >= 180, `search is ${box.width} px wide on a 390 px screen`)
    await page.fill('[data-testid="global-search"]', 'pc')
    const first = await page.waitForSelector('#global-search-results li')
    const hit = await first.boundingBox()
    assert.ok(hit && hit.width >= 180, 'search results are as wide as the box')
    await screenshot(page, 'phone-header-search')
  })

  it('draws menu and relationship icons as SVG, never font glyphs', async () => {
    const page = await h.newPage()
    await login(page, env.admin)
    const links = page.locator('[data-testid="nav-menu"] a')
    // The plugins' entries arrive with the server's navigation, after the core ones.
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="nav-menu"] a').length >= 5)
    const count = await links.count()
    assert.ok(count >= 5, `menu has ${count} entries`)
    for (let i = 0; i < count; i++) {
      const svg = links.nth(i).locator('svg')
      assert.equal(await svg.count(), 1, `menu entry ${await links.nth(i).innerText()} has one SVG icon`)
      const size = await svg.boundingBox()
      assert.ok(size && size.width > 10 && size.height > 10, 'the icon has a drawn size')
    }
    // The menu text holds no symbol characters that depend on installed fonts.
    assert.doesNotMatch(await page.locator('[data-testid="nav-menu"]').innerText(), /[\u2190-\u2BFF\u{1F300}-\u{1FAFF}]/u)
  })

  it('serves a favicon', async () => {
    const page = await h.newPage()
    const response = await page.request.get('/favicon.ico')
    assert.equal(response.status(), 200)
  })
})
