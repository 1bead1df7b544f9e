import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { env, gql, login, screenshot, setup } from './support/harness'
import type { Harness } from './support/harness'
import type { Page } from 'playwright-core'

/** What the UI showed before labels came from the API: database words, not the shop floor's. */
// (?!-): asset tags like GAUGE-0002 and SWITCH-01 are names, not enum values.
const DATABASE_WORDS = /\bOs name\b|\bIp address\b|\bPc type\b|\bCapacity gb\b|\bMac address\b|SHOP_FLOOR|\bSWITCH\b(?!-)|\bGAUGE\b(?!-)|connected_to|controls \(from\)|\bnetworkdevice\b|\busbdevice\b|\bmeasuringtool\b|\bosversion\b|\bdueat\b|\basset \d+\b/

async function text(page: Page, selector = 'main, #main, body'): Promise<string> {
  return page.locator(selector).first().innerText()
}

describe('the UI speaks the shop floor\'s language', () => {
  let h: Harness
  before(async () => {
    h = await setup()
  })
  after(async () => h?.close())

  it('labels fields, values, kinds, relationships, history and audit objects in words', async () => {
    const page = await h.newPage()
    await login(page, env.admin)
    const pcs = await gql<{ computers: { nodes: { id: string; controls: { id: string } | null }[] } }>(page,
      '{ computers(first: 100) { nodes { id controls { id } } } }')
    const pc = pcs.computers.nodes.find((p) => p.controls)!
    await gql(page, 'mutation($id: ID!) { updateComputer(id: $id, input: {osVersion: "23H2"}) { errors { code } } }', { id: pc.id })

    await page.goto(`/assets/${pc.id}`)
    await page.locator('[data-testid="kind-fields"]').waitFor()
    await page.locator('[data-testid="asset-history"]').waitFor()
    const detail = await text(page)
    assert.doesNotMatch(detail, DATABASE_WORDS)
    assert.match(detail, /OS name/)
    assert.match(detail, /OS version/)
    assert.match(detail, /Controls/)
    await screenshot(page, 'labels-detail')

    await page.goto(`/assets/${pc.controls!.id}`)
    await page.getByText('Controlled by').first().waitFor()

    await page.goto(`/assets/${pc.id}/edit`)
    await page.locator('[data-testid="asset-form"]').waitFor()
    await page.getByText('IP address').first().waitFor()
    const form = await text(page, '[data-testid="asset-form"]')
    assert.doesNotMatch(form, DATABASE_WORDS)
    const options = await page.locator('select[name="pcType"] option').allInnerTexts()
    assert.ok(options.includes('Shop floor'), options.join(', '))

    await page.goto('/')
    await page.locator('[data-widget="assets.bykind"] tbody tr').first().waitFor()
    assert.doesNotMatch(await text(page), DATABASE_WORDS)

    await page.goto('/admin/audit')
    await page.getByText('OS version').first().waitFor()
    assert.doesNotMatch(await text(page), DATABASE_WORDS)

    await page.goto('/search?q=sw-0')
    await page.locator('[data-testid="search-results"]').waitFor()
    assert.doesNotMatch(await text(page), DATABASE_WORDS)
  })
})
