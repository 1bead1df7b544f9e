import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { ensureViewer, env, gql, login, setup } from './support/harness'
import type { Harness } from './support/harness'

type Nodes<T> = { nodes: T[] }
const TOGGLE = 'mutation($n: String!, $e: Boolean!) { setPluginEnabled(name: $n, enabled: $e) { errors { message } } }'

describe('richer views of bundled kinds (demo data of every bundled plugin)', () => {
  let h: Harness
  before(async () => {
    h = await setup()
    await ensureViewer(h)
  })
  after(async () => h?.close())

  it('checks a USB device out and back in; the history keeps it', async () => {
    const page = await h.newPage()
    await login(page, env.admin)
    const data = await gql<{ usbDevices: Nodes<{ id: string; name: string }> }>(
      page, 'query { usbDevices(filter: { checkedOut: false }, first: 1) { nodes { id name } } }')
    const device = data.usbDevices.nodes[0]
    assert.ok(device, 'the demo data has a USB device that is in')
    const holder = `E2E holder ${Date.now()}`
    await page.goto(`/assets/${encodeURIComponent(device.id)}`)
    await page.waitForSelector('[data-testid="usb-holder"]:has-text("nobody has it")')
    await page.click('[data-testid="usb-check-out"]')
    await page.waitForSelector('[data-field="usb-holder"] .error')
    await page.fill('#usb-holder', holder)
    await page.fill('#usb-reason', 'Programs for the e2e machine')
    await page.click('[data-testid="usb-check-out"]')
    await page.waitForSelector(`[data-testid="usb-holder"]:has-text("Out to ${holder}")`)
    await page.waitForSelector(`[data-testid="asset-history"] :text("${holder}")`)

    await page.click('[data-testid="usb-check-in"]')
    await page.waitForSelector('[data-testid="usb-holder"]:has-text("nobody has it")')
    await page.waitForSelector('[data-testid="usb-checkout-form"]')
    const first = await page.textContent('[data-testid="usb-checkouts"] tbody tr:first-child')
    assert.ok(first?.includes(holder) && !first.includes('still out'), `newest check-out row: ${first}`)
  })

  it('shows a printer\'s supply levels as bars, low ones marked', async () => {
    const page = await h.newPage()
    await login(page, env.admin)
    const data = await gql<{ printersWithLowSupplies: { id: string }[] }>(page, 'query { printersWithLowSupplies(threshold: 15) { id } }')
    const printer = data.printersWithLowSupplies[0]
    assert.ok(printer, 'the demo data has a printer low on a supply')
    await page.goto(`/assets/${encodeURIComponent(printer.id)}`)
    await page.waitForSelector('[data-testid="printer-supplies"] li.low [role="meter"]')
    assert.ok((await page.locator('[data-testid="printer-supplies"] [role="meter"]').count()) >= 2)
  })

  it('lists the PCs controlling a machine, linking to them', async () => {
    const page = await h.newPage()
    await login(page, env.admin)
    const data = await gql<{ equipmentList: Nodes<{ id: string; controllingAssets: { id: string; name: string }[] }> }>(
      page, 'query { equipmentList(first: 200) { nodes { id controllingAssets { id name } } } }')
    const machine = data.equipmentList.nodes.find((m) => m.controllingAssets.length)
    assert.ok(machine, 'the demo data has a machine controlled by a PC')
    const pc = machine.controllingAssets[0]!
    await page.goto(`/assets/${encodeURIComponent(machine.id)}`)
    await page.click(`[data-testid="controlled-by"] a:has-text("${pc.name}")`)
    await page.waitForURL(`**/assets/${encodeURIComponent(pc.id)}`)
    await page.waitForSelector(`h1:has-text("${pc.name}")`)
  })

  it('lists calibrations due from the dashboard, and records a calibration on a tool', async () => {
    const page = await h.newPage()
    await login(page, env.admin)
    await page.goto('/')
    await page.click('[data-widget="calibrationsdue"] a:has-text("Open")')
    await page.waitForURL('**/measuringtools?due=30')
    await page.waitForSelector('[data-testid="calibrations-due-table"] tbody tr')
    // The same list as a file, from the plugin's own HTTP route (the session cookie signs it in).
    const shown = await page.locator('[data-testid="calibrations-due-table"] tbody tr').count()
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="due-csv"]')])
    const lines = (await readFile((await download.path())!, 'utf-8')).replace(/^\uFEFF/, '').trim().split(/\r?\n/)
    assert.match(lines[0]!, /^Asset tag,Name,Tool number,Location,Next calibration due/)
    assert.equal(lines.length - 1, shown)
    await page.click('[data-testid="calibrations-due-table"] tbody tr:first-child a')
    await page.waitForSelector('[data-testid="calibration"] [data-testid="calibration-due"]')

    const lab = `E2E lab ${Date.now()}`
    await page.click('[data-testid="open-record-calibration"]')
    await page.fill('#cal-performed-by', lab)
    await page.fill('#cal-certificate', 'E2E-CERT-1')
    await page.click('[data-testid="record-calibration"]')
    await page.waitForSelector('[data-testid="calibration"] [role="status"]:has-text("Calibration recorded (PASS).")')
    await page.waitForSelector(`[data-testid="calibration-history"] tbody tr:first-child :text("${lab}")`)
    await page.waitForSelector('[data-testid="calibration-due"] .badge:not(.badge-danger)')
  })

  it('gives a viewer the views without any action', async () => {
    const page = await h.newPage()
    await login(page, env.viewer)
    const data = await gql<{ usbDevices: Nodes<{ id: string }> }>(page, 'query { usbDevices(filter: { checkedOut: true }, first: 1) { nodes { id } } }')
    const device = data.usbDevices.nodes[0]
    assert.ok(device, 'the demo data has a USB device that is out')
    await page.goto(`/assets/${encodeURIComponent(device.id)}`)
    await page.waitForSelector('[data-testid="usb-holder"]:has-text("Out to")')
    assert.equal(await page.locator('[data-testid="usb-loan"] button').count(), 0)
    assert.equal(await page.locator('[data-testid="usb-checkout-form"]').count(), 0)

    await page.goto('/measuringtools')
    await page.click('[data-testid="view-due"]')
    await page.waitForURL('**/measuringtools?due=30')
    await page.selectOption('[data-testid="due-window"]', '365')
    await page.waitForURL('**/measuringtools?due=365')
    await page.click('[data-testid="calibrations-due-table"] tbody tr:first-child a')
    await page.waitForSelector('[data-testid="calibration-due"]')
    assert.equal(await page.locator('[data-testid="calibration"] button').count(), 0)
  })

  it('with the usb plugin disabled, a USB device page shows the generic asset and sends nothing failing', async () => {
    const page = await h.newPage()
    await login(page, env.admin)
    const data = await gql<{ usbDevices: Nodes<{ id: string; name: string }> }>(page, 'query { usbDevices(first: 1) { nodes { id name } } }')
    const device = data.usbDevices.nodes[0]
    assert.ok(device)
    const failures: string[] = []
    page.on('response', async (response) => {
      if (!response.url().endsWith('/graphql')) return
      const body = (await response.json().catch(() => null)) as { errors?: { message: string }[] } | null
      for (const e of body?.errors ?? []) failures.push(e.message)
    })
    try {
      await gql(page, TOGGLE, { n: 'usb', e: false })
      await page.goto(`/assets/${encodeURIComponent(device.id)}`)
      await page.waitForSelector(`h1:has-text("${device.name}")`)
      await page.waitForSelector('[data-testid="core-fields"]')
      await page.waitForLoadState('networkidle')
      assert.equal(await page.locator('[data-testid="usb-loan"]').count(), 0)
      assert.equal(await page.locator('.alert-error').count(), 0)
      assert.deepEqual(failures, [])
    } finally {
      await gql(page, TOGGLE, { n: 'usb', e: true })
    }
    await page.goto(`/assets/${encodeURIComponent(device.id)}`)
    await page.waitForSelector('[data-testid="usb-loan"] [data-testid="usb-holder"]')
  })
})
