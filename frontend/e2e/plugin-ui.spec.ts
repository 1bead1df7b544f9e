import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { env, gql, login, screenshot, setup } from './support/harness'
import type { Harness } from './support/harness'

// The e2e server writes `shopdb plugin new gadgets` into its site plugin folder and enables
// it (tests/e2e_server.py): a kind, a CSV route, events, and a UI bundle with a card.
const PLUGIN = 'gadgets'
const TOGGLE = 'mutation($n: String!, $e: Boolean!) { setPluginEnabled(name: $n, enabled: $e) { errors { message } } }'
const CREATE = `mutation($input: GadgetInput!) { createGadget(input: $input) { gadget { id assetTag } errors { message } } }`
const UPDATE = `mutation($id: ID!, $input: GadgetUpdateInput!) { updateGadget(id: $id, input: $input) { errors { message } } }`
const PLACE = `mutation($id: ID!, $x: Float, $y: Float) { setAssetPosition(id: $id, x: $x, y: $y) { errors { message } } }`
const HOOK = `mutation($input: WebhookInput!) { createWebhook(input: $input) { webhook { id } errors { message } } }`
const DELIVERIES = `query($id: ID) { webhookDeliveries(webhookId: $id) { eventType } }`

describe('plugins bring UI of their own', () => {
  let h: Harness
  before(async () => {
    h = await setup()
  })
  after(async () => {
    await h?.close()
  })

  it('the scaffolded plugin: card, download, map marker and events, off and on at runtime', async () => {
    const admin = await h.newPage()
    await login(admin, env.admin)
    const hook = await gql<{ createWebhook: { webhook: { id: string } } }>(admin, HOOK, {
      input: { name: 'gadget events', url: 'http://127.0.0.1:9/gadgets', events: ['asset.created', 'asset.updated'] },
    })
    const made = await gql<{ createGadget: { gadget: { id: string; assetTag: string }; errors: unknown[] } }>(admin, CREATE, {
      input: { name: 'Torque gadget', manufacturer: 'Acme', modelName: 'G-1' },
    })
    assert.deepEqual(made.createGadget.errors, [])
    const { id, assetTag } = made.createGadget.gadget
    await gql(admin, PLACE, { id, x: 40, y: 30 })

    // A second person has the gadget open while the admin toggles the plugin.
    const viewer = await h.newPage()
    await login(viewer, env.viewer)
    await viewer.goto(`/assets/${id}`)
    const card = viewer.locator('[data-testid="gadgets-card"]')
    await card.waitFor()
    await viewer.waitForSelector('[data-testid="gadgets-card-made"]:has-text("Acme G-1")')
    await screenshot(viewer, 'plugin-ui-card')

    // The card's link is the plugin's HTTP route (the session cookie signs it in).
    const [download] = await Promise.all([viewer.waitForEvent('download'), viewer.click('[data-testid="gadgets-card-download"]')])
    const csv = (await readFile((await download.path())!, 'utf-8')).replace(/^\uFEFF/, '')
    assert.match(csv.split(/\r?\n/)[0]!, /^Asset tag,Name,Manufacturer,Model/)
    assert.ok(csv.includes(`${assetTag},Torque gadget,Acme,G-1`), csv)

    // Its map marker style: gadgets are stars.
    await viewer.goto('/map')
    await viewer.waitForSelector('[data-testid="map-legend"] [data-kind="gadget"][data-shape="star"]')
    await viewer.goto(`/assets/${id}`)
    await card.waitFor()

    // Its changes are events a webhook gets: created, placed on the map, edited.
    assert.deepEqual((await gql<{ updateGadget: { errors: unknown[] } }>(admin, UPDATE, { id, input: { modelName: 'G-2' } })).updateGadget.errors, [])
    const events = (await gql<{ webhookDeliveries: { eventType: string }[] }>(admin, DELIVERIES, { id: hook.createWebhook.webhook.id })).webhookDeliveries
    assert.deepEqual(events.map((e) => e.eventType).sort(), ['asset.created', 'asset.updated', 'asset.updated'])

    // Disabled: the open page loses the card without a reload; the route and bundle are gone.
    await gql(admin, TOGGLE, { n: PLUGIN, e: false })
    try {
      await card.waitFor({ state: 'detached', timeout: 15_000 })
      const gone = await viewer.request.get(`/plugins/${PLUGIN}/ui/index.js`)
      assert.equal(gone.status(), 404)
      assert.equal((await viewer.request.get(`/plugins/${PLUGIN}/${PLUGIN}.csv`)).status(), 404)
      assert.equal(await viewer.locator('link[data-plugin="gadgets"]').count(), 0)
    } finally {
      await gql(admin, TOGGLE, { n: PLUGIN, e: true })
    }
    // Enabled again: the card comes back on the same open page.
    await card.waitFor({ timeout: 15_000 })
    await viewer.waitForSelector('[data-testid="gadgets-card-made"]:has-text("Acme G-2")')
    assert.equal(await viewer.locator('link[data-plugin="gadgets"]').count(), 1)
    await admin.context().close()
    await viewer.context().close()
  })

  it('bundled plugins add a list column, search results, a dashboard tile and pages', async () => {
    const page = await h.newPage()
    await login(page, env.viewer)
    // printers: "Lowest supply" in the column chooser, read with the list's own filter.
    await page.goto('/printers')
    await page.waitForSelector('[data-testid="asset-table"] tbody tr')
    await page.click('summary:has-text("Columns")')
    await page.check('label.option:has-text("Lowest supply") input')
    const header = page.locator('[data-testid="asset-table"] th', { hasText: 'Lowest supply' })
    await header.waitFor()
    const column = await page.locator('[data-testid="asset-table"] thead th').evaluateAll(
      (ths) => ths.findIndex((th) => th.textContent?.includes('Lowest supply')))
    const cell = page.locator(`[data-testid="asset-table"] tbody tr td:nth-child(${column + 1})`).first()
    await page.waitForFunction((el) => /\d+%/.test(el?.textContent ?? ''), await cell.elementHandle())
    // usb: search hits say who holds a stick.
    await page.goto('/search?q=USB')
    await page.waitForSelector('[data-testid="search-results"] [data-testid="usb-search-holder"]')
    // measuringtools: its own dashboard tile.
    await page.goto('/')
    await page.waitForSelector('[data-widget="calibrationsdue"] [data-testid="calibrations-due-count"]')
    // network: a deep link to a page its bundle adds.
    await page.goto('/network/subnets')
    await page.waitForSelector('h1:has-text("Subnets")')
    await page.context().close()
  })
})
