import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { ensureUser, env, gql, login, screenshot, setup } from './support/harness'
import type { Harness } from './support/harness'
import type { Page } from 'playwright-core'

interface Tile {
  key: string
  title: string
  value: number | null
  link: string | null
  rows: { label: string; value: number; link: string | null }[]
}

const DASHBOARD = 'query { dashboard { key title value link rows { label value link } } }'
const COUNTED = '[data-testid="result-count"], [data-testid="page-range"], [data-testid="empty-state"], [data-testid="calibrations-due-table"]'

/** The heading of the page now shown, once its data has loaded. */
async function heading(page: Page): Promise<string> {
  await page.waitForLoadState('networkidle')
  const h1 = page.locator('main h1, section h1').first()
  await h1.waitFor()
  return (await h1.innerText()).trim()
}

/** How many items the page now shown lists, as a person reads it off the page. */
async function shownCount(page: Page): Promise<number> {
  await page.waitForLoadState('networkidle')
  const shown = page.locator(COUNTED).first()
  await shown.waitFor()
  const testid = await shown.getAttribute('data-testid')
  if (testid === 'empty-state') return 0
  if (testid === 'calibrations-due-table') return shown.locator('tbody tr').count()
  const text = await shown.innerText()
  const match = testid === 'page-range' ? /of (\d+)/.exec(text) : /(\d+)/.exec(text)
  assert.ok(match, `no number in ${testid}: ${text}`)
  return Number(match[1])
}

/** Reads the count until it equals `expected` (a list renders after its data), else the last reading. */
async function countSettled(page: Page, expected: number): Promise<number> {
  let last = -1
  for (let i = 0; i < 20; i += 1) {
    last = await shownCount(page)
    if (last === expected) return last
    await page.waitForTimeout(250)
  }
  return last
}

/**
 * Every menu entry and every dashboard link, for each role: the page it opens works (no
 * "Page not found", no "Not allowed") and a tile's number is the length of the list it opens.
 */
describe('every entry a person can click', () => {
  let h: Harness
  before(async () => {
    h = await setup()
    await ensureUser(h, env.viewer, 'VIEWER')
    await ensureUser(h, env.editor, 'EDITOR')
  })
  after(async () => h?.close())

  for (const role of ['viewer', 'editor', 'admin'] as const) {
    it(`${role}: every navigation entry opens a working page`, async () => {
      const page = await h.newPage({ width: 1280, height: 900 })
      await login(page, env[role])
      const nav = await gql<{ navigation: { key: string; label: string; path: string }[] }>(page, 'query { navigation { key label path } }')
      assert.ok(nav.navigation.length >= 8, 'core and plugin entries are listed')
      for (const item of nav.navigation) {
        await page.goto('/')
        await page.locator(`a[data-nav-key="${item.key}"]`).first().click()
        await page.waitForURL((url) => url.pathname === item.path)
        const title = await heading(page)
        assert.notEqual(title, 'Page not found', `${role}: ${item.label} (${item.path})`)
        assert.notEqual(title, 'Not allowed', `${role}: ${item.label} (${item.path})`)
      }
      await page.context().close()
    })

    it(`${role}: every dashboard number is the length of the list its link opens`, async () => {
      const page = await h.newPage({ width: 1280, height: 900 })
      await login(page, env[role])
      const { dashboard } = await gql<{ dashboard: Tile[] }>(page, DASHBOARD)
      let checked = 0
      for (const tile of dashboard) {
        const links: { value: number; selector: string; nth: number; what: string }[] = []
        if (tile.link?.startsWith('/') && tile.value != null) {
          links.push({ value: tile.value, selector: `[data-widget="${tile.key}"] a.more`, nth: 0, what: tile.title })
        }
        tile.rows.filter((r) => r.link).forEach((r, nth) => {
          links.push({ value: r.value, selector: `[data-widget="${tile.key}"] [data-testid="row-link-${tile.key}"]`, nth, what: `${tile.title}: ${r.label}` })
        })
        for (const link of links) {
          await page.goto('/')
          await page.locator(link.selector).nth(link.nth).click()
          await page.waitForURL((url) => url.pathname !== '/')
          const title = await heading(page)
          assert.notEqual(title, 'Page not found', `${role}: ${link.what}`)
          assert.equal(await countSettled(page, link.value), link.value, `${role}: ${link.what} (${page.url()})`)
          if (role === 'viewer' && tile.key === 'printers.lowsupplies') await screenshot(page, 'tile-low-supplies')
          checked += 1
        }
      }
      assert.ok(checked >= 8, `tiles and rows with links were followed (${checked})`)
      await page.context().close()
    })
  }
})
