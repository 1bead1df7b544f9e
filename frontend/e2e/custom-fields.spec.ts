import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { env, gql, login, screenshot, setup } from './support/harness'
import type { Harness } from './support/harness'

/**
 * An admin adds a typed field to Computer from the UI; an editor's form has it at once, the
 * detail page shows it, and an integrator filters by it in GraphiQL; removed, it is gone
 * from the form, and purged with its values.
 */
describe('custom fields', () => {
  let h: Harness
  before(async () => (h = await setup()))
  after(async () => h?.close())

  it('are added by an admin, edited on the form and filtered in GraphiQL', async () => {
    const page = await h.newPage()
    await login(page, env.admin)
    await page.goto('/admin/custom-fields')
    await page.waitForSelector('[data-testid="custom-field-form"]')
    const suffix = Date.now() % 100000
    const name = `rackSlot${suffix}`
    const label = `Rack slot ${suffix}`
    await page.selectOption('[data-testid="cf-kind"]', 'computer')
    await page.fill('[data-testid="cf-label"]', label)
    await page.fill('[data-testid="cf-name"]', name)
    await page.selectOption('[data-testid="cf-type"]', 'TEXT')
    await page.click('[data-testid="cf-add"]')
    await page.waitForSelector('[data-testid="custom-fields-notice"]')
    const row = page.locator(`[data-testid="custom-fields-computer"] tr[data-name="${name}"]`)
    await row.waitFor()
    assert.match(await row.innerText(), new RegExp(`${label}[\\s\\S]*Text[\\s\\S]*optional`))
    await screenshot(page, 'custom-fields')

    const pcs = await gql<{ computers: { nodes: { id: string }[] } }>(page, '{ computers(first: 1) { nodes { id } } }')
    const id = pcs.computers.nodes[0]!.id
    await page.goto(`/assets/${id}/edit`)
    const input = page.getByLabel(label)
    await input.waitFor()
    await input.fill('R-12 / U4')
    await page.click('[data-testid="save-asset"]')
    await page.waitForURL(new RegExp(`/assets/${id}$`))
    await page.locator('[data-testid="kind-fields"]', { hasText: 'R-12 / U4' }).waitFor()
    assert.match(await page.innerText('[data-testid="kind-fields"]'), new RegExp(`${label}\\s*R-12 / U4`))

    // The integrator: GraphiQL knows the field (typed) and filters by it.
    await page.goto('/graphql')
    await page.waitForSelector('.graphiql-container .graphiql-query-editor .monaco-editor', { timeout: 20_000 })
    const editor = page.locator('.graphiql-query-editor .monaco-editor').first()
    await editor.click()
    await page.keyboard.press('ControlOrMeta+A')
    await page.keyboard.press('Delete')
    await page.keyboard.insertText(`{ computers(filter: {${name}: "r-12 / u4"}) { totalCount nodes { id ${name} } } }`)
    await page.waitForTimeout(500)
    await page.click('.graphiql-execute-button')
    await page.waitForFunction(
      (n) => (document.querySelector('.graphiql-response')?.textContent ?? '').includes(n), '"totalCount"', { timeout: 15_000 })
    const text = (await page.locator('.graphiql-response').textContent()) ?? ''
    assert.match(text, /"totalCount":\s*1/)
    assert.match(text, new RegExp(`"id":\\s*"${id}"`)) // the editor shows spaces as no-break spaces

    // Removed: gone from the form; purged: its value is gone for good.
    await page.goto('/admin/custom-fields')
    page.once('dialog', (d) => void d.accept())
    await page.click(`[data-testid="remove-${name}"]`)
    await page.waitForSelector(`[data-testid="restore-${name}"]`)
    await page.goto(`/assets/${id}/edit`)
    await page.waitForSelector('[data-testid="save-asset"]')
    assert.equal(await page.getByLabel(label).count(), 0)
    await page.goto('/admin/custom-fields')
    page.once('dialog', (d) => void d.accept())
    await page.click(`[data-testid="purge-${name}"]`)
    await page.locator('[data-testid="custom-fields-notice"]', { hasText: 'deleted with 1 values' }).waitFor()
    await page.locator(`tr[data-name="${name}"]`).waitFor({ state: 'detached' })
  })

  it('is not offered to editors', async () => {
    const page = await h.newPage()
    await login(page, env.editor)
    await page.goto('/admin/custom-fields')
    await page.waitForSelector('text=Not allowed')
  })
})
