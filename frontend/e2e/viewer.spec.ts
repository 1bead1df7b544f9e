import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { ensureViewer, env, gql, login, setup } from './support/harness'
import type { Harness } from './support/harness'

describe('a viewer cannot edit', () => {
  let h: Harness
  before(async () => {
    h = await setup()
    await ensureViewer(h)
  })
  after(async () => h?.close())

  it('sees assets without any edit control and cannot reach edit or admin pages', async () => {
    const page = await h.newPage()
    await login(page, env.viewer)
    assert.match(await page.innerText('[data-testid="current-role"]'), /viewer/i)
    // No admin-only page in the menu (the audit log is readable by every role).
    assert.equal(await page.locator('#main-menu a[href="/admin/plugins"], #main-menu a[href="/admin/users"], #main-menu a[href="/admin/tokens"]').count(), 0)

    await page.goto('/assets')
    await page.waitForSelector('[data-testid="asset-table"]')
    assert.equal(await page.locator('[data-testid="create-asset"]').count(), 0)

    await page.click('[data-testid="asset-table"] tbody tr:first-child a')
    await page.waitForSelector('[data-testid="core-fields"]')
    assert.equal(await page.locator('[data-testid="edit-asset"]').count(), 0)
    const id = page.url().split('/').pop()!

    await page.goto(`/assets/${id}/edit`)
    await page.waitForURL(/\/forbidden/)
    await page.goto('/admin/plugins')
    await page.waitForURL(/\/forbidden/)
  })

  it('is refused by the server too', async () => {
    const page = await h.newPage()
    await login(page, env.viewer)
    const data = await gql<{ assets: { nodes: { id: string }[] } }>(page, 'query { assets(first: 1) { nodes { id } } }')
    await assert.rejects(
      gql(page, 'mutation($id: ID!) { updateAsset(id: $id, input: { notes: "viewer was here" }) { errors { message } } }', { id: data.assets.nodes[0]!.id }),
      /GraphQL:/,
    )
  })
})
