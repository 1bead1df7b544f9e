import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { ensureViewer, env, gql, login, screenshot, setup } from './support/harness'
import type { Harness } from './support/harness'
import type { Page } from 'playwright-core'

/**
 * The network plugin's "Subnets" menu entry (needs the plugin enabled, as the e2e server
 * does, with its demo subnets): the list, a subnet with its assets, and create / edit /
 * delete through the pages; a viewer only reads.
 */
const DEMO = ['Shop floor', 'Offices', 'Management']
const COUNT = '{ subnets(first: 1) { totalCount } }'

async function subnetCount(page: Page): Promise<number> {
  return (await gql<{ subnets: { totalCount: number } }>(page, COUNT)).subnets.totalCount
}

async function openFromMenu(page: Page): Promise<void> {
  await page.goto('/')
  await page.locator('#main-menu a[href="/network/subnets"]').click()
  await page.waitForURL(/\/network\/subnets$/)
  await page.waitForSelector('[data-testid="subnets-table"] tbody tr')
}

const rowNames = (page: Page) => page.locator('[data-testid="subnets-table"] tbody tr td:first-child').allInnerTexts()

describe('subnets', () => {
  let h: Harness
  before(async () => {
    h = await setup()
    await ensureViewer(h)
  })
  after(async () => h?.close())

  it('an admin lists the subnets, sees the assets in one, and creates, edits and deletes a subnet', async () => {
    const page = await h.newPage()
    await login(page, env.admin)
    const total = await subnetCount(page)

    await openFromMenu(page)
    assert.equal(await page.locator('h1').first().innerText().then((t) => t.replace(/\d+$/, '').trim()), 'Subnets')
    assert.equal(await page.locator('[data-testid="result-count"]').innerText(), String(total))
    const names = await rowNames(page)
    for (const name of DEMO) assert.ok(names.includes(name), `demo subnet ${name} listed: ${names.join(', ')}`)
    await screenshot(page, 'subnets')

    // A demo subnet and the assets with an address in it (the switches' management addresses).
    await page.locator('[data-testid="subnets-table"] a', { hasText: 'Management' }).click()
    await page.waitForURL(/\/network\/subnets\/\d+$/)
    await page.waitForSelector('[data-testid="subnet-assets-table"] tbody tr')
    assert.equal(await page.locator('[data-field="cidr"]').innerText(), '10.10.9.0/24')
    const id = page.url().split('/').pop()!
    const inSubnet = await gql<{ assetsInSubnet: { totalCount: number } }>(page, 'query($id: ID!) { assetsInSubnet(subnetId: $id, first: 1) { totalCount } }', { id })
    assert.ok(inSubnet.assetsInSubnet.totalCount > 0, 'the demo switches are in the management subnet')
    assert.equal(await page.locator('[data-testid="asset-count"]').innerText(), String(inSubnet.assetsInSubnet.totalCount))
    const firstAsset = page.locator('[data-testid="subnet-assets-table"] tbody tr').first().locator('a').first()
    assert.match((await firstAsset.getAttribute('href')) ?? '', /^\/assets\/\d+$/)
    await screenshot(page, 'subnet-detail')
    await firstAsset.click()
    await page.waitForURL(/\/assets\/\d+$/)
    await page.waitForSelector('[data-testid="core-fields"]')

    // Create: a network with host bits set is refused at its field, then the right one is stored.
    const octet = 100 + (Date.now() % 150)
    const name = `E2E paint shop ${octet}`
    await openFromMenu(page)
    await page.locator('[data-testid="create-subnet"]').click()
    await page.waitForURL(/\/network\/subnets\/new$/)
    await page.fill('#subnet-cidr', `10.${octet}.5.1/24`)
    await page.fill('#subnet-name', name)
    await page.fill('#subnet-vlanId', '3000')
    await page.fill('#subnet-description', 'Paint booths and their PLCs')
    await page.click('[data-testid="save-subnet"]')
    const cidrError = page.locator('[data-field="subnet-cidr"] .error')
    await cidrError.waitFor()
    assert.match(await cidrError.innerText(), /is not a network in CIDR notation/)
    assert.match(page.url(), /\/network\/subnets\/new$/)
    await screenshot(page, 'subnet-form-error')
    await page.fill('#subnet-cidr', `10.${octet}.5.0/24`)
    await page.click('[data-testid="save-subnet"]')
    await page.waitForURL(/\/network\/subnets\/\d+$/)
    await page.locator('h1', { hasText: name }).waitFor()
    assert.equal(await page.locator('[data-field="vlanId"]').innerText(), '3000')
    assert.equal(await page.locator('[data-field="description"]').innerText(), 'Paint booths and their PLCs')
    const created = page.url()

    // Edit: a gateway outside the network is refused; then VLAN cleared, gateway set.
    await page.locator('[data-testid="edit-subnet"]').click()
    await page.waitForURL(/\/edit$/)
    await page.waitForSelector('[data-testid="subnet-form"]')
    assert.equal(await page.inputValue('#subnet-vlanId'), '3000')
    await page.fill('#subnet-gateway', '10.10.1.1')
    await page.click('[data-testid="save-subnet"]')
    const gatewayError = page.locator('[data-field="subnet-gateway"] .error')
    await gatewayError.waitFor()
    assert.match(await gatewayError.innerText(), /is not in/)
    await page.fill('#subnet-gateway', `10.${octet}.5.1`)
    await page.fill('#subnet-vlanId', '')
    await page.fill('#subnet-name', `${name} A`)
    await page.click('[data-testid="save-subnet"]')
    await page.waitForURL(created)
    await page.locator('h1', { hasText: `${name} A` }).waitFor()
    assert.equal(await page.locator('[data-field="vlanId"]').innerText(), '—')
    assert.equal(await page.locator('[data-field="gateway"]').innerText(), `10.${octet}.5.1`)
    assert.equal(await page.locator('[data-field="description"]').innerText(), 'Paint booths and their PLCs')

    // Delete, after the confirm step; back on the list, which no longer has it.
    await page.locator('[data-testid="delete-subnet"]').click()
    await page.locator('[data-testid="confirm-delete"]').click()
    await page.waitForURL(/\/network\/subnets\?deleted=/)
    await page.waitForSelector('[data-testid="subnet-deleted"]')
    await page.waitForSelector('[data-testid="subnets-table"] tbody tr')
    assert.ok(!(await rowNames(page)).includes(`${name} A`))
    assert.equal(await page.locator('[data-testid="result-count"]').innerText(), String(total))
    assert.equal(await subnetCount(page), total)
  })

  it('a viewer reads the subnets without create, edit or delete buttons', async () => {
    const page = await h.newPage()
    await login(page, env.viewer)
    await openFromMenu(page)
    assert.equal(await page.locator('[data-testid="create-subnet"]').count(), 0)
    await page.locator('[data-testid="subnets-table"] a', { hasText: 'Shop floor' }).click()
    await page.waitForSelector('[data-testid="subnet-assets-table"] tbody tr')
    assert.equal(await page.locator('[data-testid="edit-subnet"]').count(), 0)
    assert.equal(await page.locator('[data-testid="delete-subnet"]').count(), 0)
    await page.goto('/network/subnets/new')
    await page.waitForURL(/\/forbidden/)
  })
})
