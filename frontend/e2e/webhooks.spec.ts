import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { env, login, screenshot, setup } from './support/harness'
import type { Harness } from './support/harness'

describe('webhooks (admin)', () => {
  let h: Harness
  before(async () => (h = await setup()))
  after(async () => h?.close())

  it('registers a webhook, shows its secret once, sends a test and logs the attempt', async () => {
    const page = await h.newPage()
    await login(page, env.admin)
    await page.goto('/admin/webhooks')
    await page.waitForSelector('[data-testid="webhook-form"]')
    const name = `E2E hook ${Date.now() % 100000}`
    await page.fill('#webhook-name', name)
    // Nothing listens there: the attempt fails and the log says why.
    await page.fill('#webhook-url', 'http://127.0.0.1:9/hook')
    await page.check('[data-testid="webhook-events"] input[value="asset.created"]')
    await page.click('[data-testid="webhook-form"] button[type="submit"]')
    await page.waitForSelector('[data-testid="webhook-secret"]')
    assert.ok(((await page.innerText('[data-testid="webhook-secret"] code')) ?? '').length >= 32)
    const row = page.locator('[data-testid="webhooks-table"] tr', { hasText: name })
    await row.waitFor()
    assert.match(await row.innerText(), /asset\.created/)
    await row.getByRole('button', { name: `Send a test to ${name}` }).click()
    const attempt = page.locator('[data-testid="webhook-deliveries"] tr', { hasText: 'webhook.ping' })
    await attempt.first().waitFor({ timeout: 15_000 })
    for (let i = 0; i < 20 && !/Connect|refused|Error/i.test(await attempt.first().innerText()); i++) {
      await page.click('[data-testid="webhook-deliveries"] button:has-text("Refresh")')
      await page.waitForTimeout(500)
    }
    assert.match(await attempt.first().innerText(), /Connect|refused|Error/i)
    await screenshot(page, 'webhooks')
    page.once('dialog', (d) => void d.accept())
    await row.getByRole('button', { name: `Delete ${name}` }).click()
    await row.waitFor({ state: 'detached' })
  })

  it('is not offered to editors', async () => {
    const page = await h.newPage()
    await login(page, env.editor)
    await page.goto('/admin/webhooks')
    await page.waitForSelector('text=Not allowed')
    assert.equal(await page.locator('[data-testid="webhook-form"]').count(), 0)
  })
})
