import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { ensureViewer, env, gql, login, setup } from './support/harness'
import type { Harness } from './support/harness'

type Located = { assets: { nodes: { location: { id: string; name: string } | null }[] } }
const IN_USE = 'query { assets(first: 50) { nodes { location { id name } } } }'

describe('the locations page', () => {
  let h: Harness
  before(async () => {
    h = await setup()
    await ensureViewer(h)
  })
  after(async () => h?.close())

  it('lets an admin create a location inside another, see it in the tree, and delete it', async () => {
    const page = await h.newPage()
    await login(page, env.admin)
    await page.click('#main-menu a[href="/locations"]')
    await page.waitForURL(/\/locations$/)
    await page.waitForSelector('[data-testid="locations-table"] tbody tr')
    const parent = (await page.locator('tbody tr[data-depth="0"] [data-testid="location-name"]').first().innerText()).trim()

    const name = `E2E cell ${Date.now()}`
    await page.click('[data-testid="create-location"]')
    await page.fill('#location-new-name', name)
    await page.fill('#location-new-kind', 'cell')
    await page.selectOption('#location-new-parentId', { label: parent })
    await page.fill('#location-new-mapX', '12.5')
    await page.fill('#location-new-mapY', '40')
    await page.click('[data-testid="location-form"] button[type="submit"]')
    await page.waitForSelector(`[role="status"]:has-text("${name} created.")`)

    const row = page.locator('[data-testid="locations-table"] tbody tr', { has: page.locator(`[data-testid="location-name"]:text-is("${name}")`) })
    await row.waitFor()
    assert.equal(await row.getAttribute('data-depth'), '1')
    assert.match(await row.innerText(), /12\.5, 40/)

    // The same name again: the server's CONFLICT shows at the name field.
    await page.click('[data-testid="create-location"]')
    await page.fill('#location-new-name', name)
    await page.click('[data-testid="location-form"] button[type="submit"]')
    await page.waitForSelector(`[data-field="location-new-name"] .error:has-text("exists")`)
    await page.click('[data-testid="location-form"] button:has-text("Cancel")')

    // Its asset link opens the asset list filtered by it.
    await row.locator('[data-testid="location-assets"]').click()
    await page.waitForURL(/\/assets\?location=\d+/)
    await page.waitForSelector('[data-testid="empty-state"]:has-text("No assets match")')
    await page.goBack()

    await row.locator('[data-testid="delete-location"]').click()
    await row.locator('[data-testid="confirm-delete"]').click()
    await page.waitForSelector(`[role="status"]:has-text("${name} deleted.")`)
    await row.waitFor({ state: 'detached' })
    const left = await gql<{ locations: { name: string }[] }>(page, 'query { locations { name } }')
    assert.ok(!left.locations.some((l) => l.name === name), 'deleted on the server')
  })

  it('shows the refusal when an admin deletes a location that still holds assets', async () => {
    const page = await h.newPage()
    await login(page, env.admin)
    const data = await gql<Located>(page, IN_USE)
    const used = data.assets.nodes.find((n) => n.location)?.location
    assert.ok(used, 'the demo data has an asset at a location')

    await page.goto('/locations')
    const row = page.locator(`tr[data-location-id="${used.id}"]`)
    await row.locator('[data-testid="delete-location"]').click()
    await row.locator('[data-testid="confirm-delete"]').click()
    await row.locator('[data-testid="location-error"]').waitFor()
    assert.match(await row.locator('[data-testid="location-error"]').innerText(), /move them first/)
    assert.equal(await page.locator(`tr[data-location-id="${used.id}"]`).count(), 1)
  })

  it('gives a viewer the tree without edit controls', async () => {
    const page = await h.newPage()
    await login(page, env.viewer)
    await page.goto('/locations')
    await page.waitForSelector('[data-testid="locations-table"] tbody tr')
    assert.ok((await page.locator('[data-testid="locations-table"] tbody tr').count()) > 1)
    for (const control of ['create-location', 'edit-location', 'add-inside', 'delete-location']) {
      assert.equal(await page.locator(`[data-testid="${control}"]`).count(), 0, control)
    }
    assert.ok((await page.locator('[data-testid="location-assets"]').count()) > 1)
  })
})
