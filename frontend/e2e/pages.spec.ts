import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { env, gql, login, screenshot, setup } from './support/harness'
import type { Harness } from './support/harness'
import type { Page } from 'playwright-core'

/** The main pages render with the demo data; with E2E_SCREENSHOTS set, each is saved as a PNG. */
describe('the main pages', () => {
  let h: Harness
  let page: Page
  before(async () => {
    h = await setup()
    page = await h.newPage({ width: 1280, height: 800 })
    await login(page, env.admin)
  })
  after(async () => h?.close())

  it('dashboard', async () => {
    await page.goto('/')
    await page.waitForSelector('.widgets > *')
    await page.waitForLoadState('networkidle')
    await screenshot(page, 'dashboard')
  })

  it('asset list', async () => {
    await page.goto('/assets')
    await page.waitForSelector('[data-testid="asset-table"] tbody tr')
    assert.ok((await page.locator('[data-testid="asset-table"] tbody tr').count()) > 1)
    await screenshot(page, 'assets')
  })

  it('asset detail, of a kind an enabled plugin owns when there is one', async () => {
    const data = await gql<{ assetKinds: { kind: string }[] }>(page, 'query { assetKinds { kind } }')
    const kinds = data.assetKinds.map((k) => k.kind)
    const found = await gql<{ assets: { nodes: { id: string; name: string }[] } }>(
      page,
      'query($f: AssetFilter) { assets(filter: $f, first: 1, orderBy: [{ field: ASSET_TAG }]) { nodes { id name } } }',
      { f: kinds.length ? { kinds } : null },
    )
    const asset = found.assets.nodes[0]
    assert.ok(asset, 'the demo data has assets')
    await page.goto(`/assets/${encodeURIComponent(asset.id)}`)
    await page.waitForSelector('[data-testid="core-fields"]')
    await page.waitForSelector('#history-title')
    if (kinds.length) await page.waitForSelector('[data-testid="kind-fields"]')
    await page.waitForLoadState('networkidle')
    await screenshot(page, 'asset-detail')
  })

  it('site map', async () => {
    await page.goto('/map')
    await page.waitForSelector('[data-testid="site-map"] .assets .marker, [data-testid="site-map"] .assets .cluster')
    await screenshot(page, 'map')
  })

  it('locations', async () => {
    await page.goto('/locations')
    await page.waitForSelector('[data-testid="locations-table"] tbody tr[data-depth="1"]')
    await screenshot(page, 'locations')
  })

  it('plugins admin', async () => {
    await page.goto('/admin/plugins')
    await page.waitForSelector('[data-testid="plugins-table"] tbody tr')
    await screenshot(page, 'plugins')
  })
})
