import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { env, gql, login, setup } from './support/harness'
import type { Harness } from './support/harness'
import type { Page } from 'playwright-core'

const CREATE = `mutation($i: EquipmentInput!) {
  createEquipment(input: $i) { equipment { id assetTag name } errors { message } }
}`
type Created = { createEquipment: { equipment: { id: string; assetTag: string; name: string } | null; errors: { message: string }[] } }

/** A throwaway asset (a machine of the equipment plugin), so the demo assets other tests use stay. */
async function throwaway(page: Page, label: string) {
  const stamp = Date.now()
  const data = await gql<Created>(page, CREATE, { i: { machineNumber: `E2E-${label}-${stamp}`, name: `E2E ${label} ${stamp}` } })
  assert.deepEqual(data.createEquipment.errors, [])
  assert.ok(data.createEquipment.equipment)
  return data.createEquipment.equipment
}

describe('the asset detail page: map position and delete', () => {
  let h: Harness
  before(async () => (h = await setup()))
  after(async () => h?.close())

  it('sets the asset\'s own map position, shows it and records it in the history, then clears it', async () => {
    const page = await h.newPage()
    await login(page, env.admin)
    const asset = await throwaway(page, 'position')
    await page.goto(`/assets/${encodeURIComponent(asset.id)}`)
    await page.waitForSelector('[data-testid="asset-position"]')

    await page.fill('#position-x', '321.5')
    await page.fill('#position-y', '123')
    await page.click('[data-testid="save-position"]')
    await page.waitForSelector('[data-testid="asset-position"] [role="status"]:has-text("Position saved.")')
    await page.waitForSelector('[data-field="position"]:has-text("321.5, 123 (own)")')
    await page.waitForSelector('[data-testid="asset-history"] :text("321.5")')
    const stored = await gql<{ asset: { position: { x: number; y: number; source: string } | null } }>(
      page, 'query($id: ID!) { asset(id: $id) { position { x y source } } }', { id: asset.id })
    assert.deepEqual(stored.asset.position, { x: 321.5, y: 123, source: 'ASSET' })

    await page.click('[data-testid="clear-position"]')
    await page.waitForSelector('[data-testid="asset-position"] [role="status"]:has-text("Own position cleared.")')
    await page.waitForFunction(() => !document.querySelector('[data-field="position"]')?.textContent?.includes('(own)'))
  })

  it('deletes an asset after the confirm step; it is gone from the list and the server', async () => {
    const page = await h.newPage()
    await login(page, env.admin)
    const asset = await throwaway(page, 'delete')
    // The list first, so a cached copy of it would show a deleted asset.
    await page.goto(`/assets?q=${encodeURIComponent(asset.name)}`)
    await page.waitForSelector(`[data-testid="asset-table"] :text("${asset.name}")`)
    await page.click(`[data-testid="asset-table"] a:has-text("${asset.assetTag}")`)
    await page.waitForSelector('[data-testid="core-fields"]')

    await page.click('[data-testid="delete-asset"]')
    await page.waitForSelector('[data-testid="confirm-delete-asset"]')
    await page.click('[data-testid="confirm-delete"]')
    await page.waitForURL(/\/assets\?deleted=/)
    await page.waitForSelector(`[data-testid="asset-deleted"]:has-text("${asset.assetTag}")`)

    await page.goto(`/assets?q=${encodeURIComponent(asset.name)}`)
    await page.waitForSelector('[data-testid="empty-state"]:has-text("No assets match")')
    const gone = await gql<{ asset: unknown }>(page, 'query($id: ID!) { asset(id: $id) { id } }', { id: asset.id })
    assert.equal(gone.asset, null)
  })
})
