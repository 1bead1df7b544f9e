import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { env, gql, login, screenshot, setup } from './support/harness'
import type { Harness } from './support/harness'

const MAKERS = `query($t: String) { computers(filter: {text: $t}) { nodes { hostname manufacturer } } }`

describe('reference data', () => {
  let h: Harness
  before(async () => (h = await setup()))
  after(async () => h?.close())

  it('an admin merges two spellings of a maker and the assets change', async () => {
    const page = await h.newPage()
    await login(page, env.admin)
    const made = await gql<{ importAssets: { created: number; rejected: number } }>(page,
      'mutation($rows: [JSON!]!) { importAssets(kind: "computer", rows: $rows) { created rejected } }',
      { rows: [{ hostname: 'E2E-REF-1', manufacturer: 'Acme Widgets Inc.' }, { hostname: 'E2E-REF-2', manufacturer: 'ACME WIDGETS' }] })
    assert.equal(made.importAssets.rejected, 0)
    page.on('dialog', (dialog) => void dialog.accept())
    await page.goto('/admin/reference')
    await page.waitForSelector('[data-testid="pick-acme widgets"]')
    await page.click('[data-testid="pick-acme widgets"]')
    await page.fill('[data-testid="merge-into"]', 'Acme Widgets')
    await screenshot(page, 'reference-merge')
    assert.match(await page.innerText('[data-testid="merge"]'), /Merge 2 spellings \(2 assets change\)/)
    await page.click('[data-testid="merge"]')
    await page.waitForSelector('[data-testid="reference-notice"]')
    assert.match(await page.innerText('[data-testid="reference-notice"]'), /2 assets now say Acme Widgets/)
    const after = await gql<{ computers: { nodes: { hostname: string; manufacturer: string }[] } }>(page, MAKERS, { t: 'E2E-REF' })
    assert.deepEqual(after.computers.nodes.map((n) => n.manufacturer), ['Acme Widgets', 'Acme Widgets'])
    await page.waitForSelector('[data-testid="manufacturers"] li[data-name="Acme Widgets"]')
  })

  it('statuses: add, retire, and the edit form stops offering it', async () => {
    const page = await h.newPage()
    await login(page, env.admin)
    page.on('dialog', (dialog) => void dialog.accept())
    const code = `e2e_lent_${Date.now() % 100000}`
    const name = `E2E lent ${code.slice(9)}`
    await page.goto('/admin/reference')
    await page.fill('[data-testid="status-code"]', code)
    await page.fill('[data-testid="status-name"]', name)
    await page.click('[data-testid="status-add"]')
    await page.waitForSelector(`tr[data-code="${code}"]`)
    await page.click(`[data-testid="retire-${code}"]`)
    await page.waitForSelector(`tr[data-code="${code}"] td:nth-child(5):text-is("retired")`)
    const editor = await h.newPage()
    await login(editor, env.editor)
    const pc = await gql<{ computers: { nodes: { id: string }[] } }>(editor, MAKERS.replace('hostname manufacturer', 'id'), { t: 'E2E-REF-1' })
    await editor.goto(`/assets/${pc.computers.nodes[0]!.id}/edit`)
    await editor.waitForSelector('select[name="statusId"] option:has-text("In use")', { state: 'attached' })
    const options = await editor.$$eval('select[name="statusId"] option', (os) => os.map((o) => o.textContent ?? ''))
    assert.ok(options.includes('In use') && !options.includes(name), options.join(','))
    await page.click(`[data-testid="delete-${code}"]`)
    await page.waitForSelector(`tr[data-code="${code}"]`, { state: 'detached' })
  })
})
