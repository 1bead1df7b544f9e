import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { env, login, screenshot, setup } from './support/harness'
import type { Harness } from './support/harness'

/** A small CSV reader: quoted cells with commas and doubled quotes, CRLF or LF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++ } else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"') quoted = true
    else if (c === ',') { row.push(cell); cell = '' } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      row.push(cell); rows.push(row); row = []; cell = ''
    } else cell += c
  }
  if (cell || row.length) { row.push(cell); rows.push(row) }
  return rows
}

function toCsv(rows: string[][]): string {
  return rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n') + '\r\n'
}

describe('importing a spreadsheet', () => {
  let h: Harness
  before(async () => (h = await setup()))
  after(async () => h?.close())

  it('exports a list, edits one cell, imports it back: exactly that row is updated', async () => {
    const page = await h.newPage()
    await login(page, env.editor)
    await page.goto('/assets?kind=printer&sort=asset_tag')
    await page.waitForSelector('[data-testid="asset-table"] tbody tr')
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-csv"]')])
    const rows = parseCsv((await readFile((await download.path())!, 'utf-8')).replace(/^\uFEFF/, ''))
    const nameColumn = rows[0]!.indexOf('Name')
    assert.ok(nameColumn > 0 && rows.length > 3, JSON.stringify(rows.slice(0, 2)))
    rows[2]![nameColumn] = `${rows[2]![nameColumn]} (edited)`

    await page.click('[data-testid="import-link"]')
    await page.waitForURL(/\/import\/printer$/)
    await page.setInputFiles('[data-testid="import-file"]', {
      name: 'printers.csv', mimeType: 'text/csv', buffer: Buffer.from(toCsv(rows), 'utf-8'),
    })
    await page.waitForSelector('[data-testid="import-mapping"]')
    // The export's headers map back by themselves.
    assert.equal(await page.inputValue('[data-testid="map-Asset tag"]'), 'assetTag')
    assert.equal(await page.inputValue('[data-testid="map-Name"]'), 'name')
    await page.click('[data-testid="import-check"]')
    await page.waitForSelector('[data-testid="import-preview"]')
    const others = rows.length - 2
    assert.match(await page.innerText('[data-testid="import-counts"]'),
      new RegExp(`^0 created, 1 updated, ${others} unchanged, 0 refused`))
    await screenshot(page, 'import-preview')
    await page.click('[data-testid="import-run"]')
    await page.waitForSelector('[data-testid="import-done"]')
    assert.match(await page.innerText('[data-testid="import-counts"]'),
      new RegExp(`^0 created, 1 updated, ${others} unchanged, 0 refused`))
    assert.equal(await page.locator('tr[data-status="UPDATED"]').count(), 1)
    await page.click('[data-testid="import-audit"]')
    await page.waitForURL(/\/admin\/audit\?batchId=/)
    await page.waitForSelector(`text=${rows[2]![nameColumn]}`)
  })

  it('imports locations with their parents, fields read from the schema', async () => {
    const page = await h.newPage()
    await login(page, env.admin) // locations are an admin's to change
    await page.goto('/locations')
    await page.click('[data-testid="import-link"]')
    await page.waitForURL(/\/import\/locations$/)
    const tag = Date.now() % 100000
    await page.setInputFiles('[data-testid="import-file"]', {
      name: 'locations.csv', mimeType: 'text/csv',
      buffer: Buffer.from(`Name,Parent,Description\nE2E Site ${tag},,new\nE2E Bay ${tag},E2E Site ${tag},\n`, 'utf-8'),
    })
    await page.waitForSelector('[data-testid="import-mapping"]')
    assert.equal(await page.inputValue('[data-testid="map-Name"]'), 'name')
    assert.equal(await page.inputValue('[data-testid="map-Parent"]'), 'parent')
    await page.click('[data-testid="import-check"]')
    await page.waitForSelector('[data-testid="import-preview"]')
    assert.match(await page.innerText('[data-testid="import-counts"]'), /^2 created, 0 updated, 0 unchanged, 0 refused/)
    await page.click('[data-testid="import-run"]')
    await page.waitForSelector('[data-testid="import-done"]')
    await page.goto('/locations')
    await page.waitForSelector(`text=E2E Bay ${tag}`)
  })

  it('shows refused rows with the reason at their cell, and viewers get no import', async () => {
    const page = await h.newPage()
    await login(page, env.editor)
    await page.goto('/import/computer')
    await page.setInputFiles('[data-testid="import-file"]', {
      name: 'pcs.csv', mimeType: 'text/csv',
      buffer: Buffer.from('Hostname,PC type\nE2E-IMPORT-PC,SPACESHIP\n', 'utf-8'),
    })
    await page.waitForSelector('[data-testid="import-mapping"]')
    await page.click('[data-testid="import-check"]')
    await page.waitForSelector('tr[data-status="REJECTED"]')
    assert.match(await page.innerText('tr[data-status="REJECTED"]'), /PC type: 'SPACESHIP' is not one of/)
    const viewer = await h.newPage()
    await login(viewer, env.viewer)
    await viewer.goto('/assets?kind=printer')
    await viewer.waitForSelector('[data-testid="asset-table"]')
    assert.equal(await viewer.locator('[data-testid="import-link"]').count(), 0)
  })
})
