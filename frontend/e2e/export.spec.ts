import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { env, login, setup } from './support/harness'
import type { Harness } from './support/harness'

describe('exporting a list', () => {
  let h: Harness
  before(async () => (h = await setup()))
  after(async () => h?.close())

  it('downloads the filtered list as CSV with the rows and order it shows', async () => {
    const page = await h.newPage()
    await login(page, env.viewer)
    await page.goto('/assets?kind=computer&q=PC-00&sort=name&dir=desc')
    await page.waitForSelector('[data-testid="asset-table"] tbody tr')
    const shownTags = await page.$$eval('[data-testid="asset-table"] tbody tr', (rows) =>
      rows.map((r) => (r.querySelector('td')?.textContent ?? '').trim()))
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-csv"]')])
    assert.match(download.suggestedFilename(), /\.csv$/)
    const text = (await readFile((await download.path())!, 'utf-8')).replace(/^\uFEFF/, '')
    const lines = text.trim().split(/\r?\n/)
    assert.equal(lines[0]!.split(',')[0], 'Asset tag')
    const tags = lines.slice(1).map((l) => l.split(',')[0])
    assert.ok(shownTags.length > 1)
    assert.deepEqual(tags.slice(0, shownTags.length), shownTags)
  })

  it('downloads XLSX from the audit log and the locations page', async () => {
    const page = await h.newPage()
    await login(page, env.admin)
    for (const [path, name] of [['/admin/audit', /audit.*\.xlsx$/], ['/locations', /locations.*\.xlsx$/]] as const) {
      await page.goto(path)
      await page.waitForSelector('[data-testid="export-xlsx"]')
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-xlsx"]')])
      assert.match(download.suggestedFilename(), name)
      const bytes = await readFile((await download.path())!)
      assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK') // a zip: the XLSX container
    }
  })
})
