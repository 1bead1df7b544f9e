import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { env, gql, login, setup } from './support/harness'
import type { Harness } from './support/harness'

describe('find an asset by search, edit it, see the change in its history', () => {
  let h: Harness
  before(async () => (h = await setup()))
  after(async () => h?.close())

  it('searches, opens, edits the notes and shows them in the history', async () => {
    const page = await h.newPage()
    await login(page, env.admin)
    const data = await gql<{ assets: { nodes: { id: string; assetTag: string; name: string }[] } }>(
      page,
      'query { assets(first: 1, orderBy: [{ field: ASSET_TAG, direction: DESC }]) { nodes { id assetTag name } } }',
    )
    const target = data.assets.nodes[0]
    assert.ok(target, 'the demo data has at least one asset')

    await page.fill('[data-testid="global-search"]', target.assetTag)
    await page.waitForSelector('#global-search-results [role="option"]')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Enter')
    await page.waitForURL(new RegExp(`/assets/${encodeURIComponent(target.id)}$`))
    await page.waitForSelector(`h1:has-text("${target.name}")`)

    const notes = `e2e note ${Date.now()}`
    await page.click('[data-testid="edit-asset"]')
    await page.waitForSelector('[data-testid="asset-form"]')
    await page.fill('#asset-notes', notes)
    await page.click('[data-testid="save-asset"]')
    await page.waitForURL(new RegExp(`/assets/${encodeURIComponent(target.id)}$`))
    await page.waitForSelector(`[data-field="notes"]:has-text("${notes}")`)
    await page.waitForSelector(`[data-testid="asset-history"] :text("${notes}")`)
  })

  it('shows a payload error at its field', async () => {
    const page = await h.newPage()
    await login(page, env.admin)
    const data = await gql<{ assets: { nodes: { id: string }[] } }>(page, 'query { assets(first: 1) { nodes { id } } }')
    const id = data.assets.nodes[0]!.id
    await page.goto(`/assets/${encodeURIComponent(id)}/edit`)
    await page.waitForSelector('[data-testid="asset-form"]')
    await page.fill('#asset-name', '')
    await page.click('[data-testid="save-asset"]')
    await page.waitForSelector('[data-field="asset-name"] .error')
    assert.match(page.url(), /\/edit$/)
  })
})
