import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { ensureViewer, env, gql, login, screenshot, setup } from './support/harness'
import type { Harness } from './support/harness'
import type { Page } from 'playwright-core'

const DELETE = 'mutation($id: ID!) { deleteNotification(id: $id) { errors { message } } }'
const ROWS = '[data-testid="notices-table"] tbody tr'

/** The number in the page's count, once the list has answered. */
async function count(page: Page): Promise<number> {
  const text = await page.locator('[data-testid="result-count"]').innerText()
  return Number(text.trim())
}

/** Opens `path` and waits for the list (or its "none" state) to be shown. */
async function openList(page: Page, path: string): Promise<void> {
  await page.goto(path)
  await page.waitForSelector('[data-testid="result-count"]')
}

/**
 * The notices page (the notifications plugin's "Notices" menu entry and the dashboard's
 * "Active notices" tile): an admin creates, edits, ends and deletes a notice through the UI;
 * a viewer only reads.
 */
describe('notices page', () => {
  let h: Harness
  const created: string[] = []
  before(async () => {
    h = await setup()
    await ensureViewer(h)
  })
  after(async () => {
    // Whatever a failed run left behind.
    if (h && created.length) {
      const admin = await h.newPage()
      await login(admin, env.admin)
      for (const id of created) await gql(admin, DELETE, { id }).catch(() => undefined)
    }
    await h?.close()
  })

  it('lets an admin create a notice for an area, edit it, end it and delete it', async () => {
    const page = await h.newPage()
    await login(page, env.admin)
    // The menu entry leads to the page, not to "Page not found".
    await page.click('#main-menu a[href="/notifications"]')
    await page.waitForSelector('[data-testid="notices-page"] [data-testid="result-count"]')
    assert.equal(await page.locator('h1', { hasText: 'Page not found' }).count(), 0)

    await openList(page, '/notifications?active=1')
    const activeBefore = await count(page)
    assert.equal(await page.locator(ROWS).count(), Math.min(activeBefore, 25))

    await page.click('[data-testid="create-notice"]')
    await page.waitForURL(/\/notifications\/new$/)
    const stamp = Date.now()
    const title = `Crane down ${stamp}`
    const renamed = `Crane back at noon ${stamp}`
    await page.fill('#notice-title', title)
    await page.fill('#notice-message', 'Bay 3 crane is out of service. Use the forklift.')
    await page.selectOption('#notice-severity', 'WARNING')
    await page.waitForSelector('#notice-locations option')
    const area = (await page.locator('#notice-locations option').first().innerText()).trim()
    await page.selectOption('#notice-locations', { label: area })
    await screenshot(page, 'notices-form')
    await page.click('[data-testid="save-notice"]')
    await page.waitForURL(/\/notifications$/)

    const row = page.locator(ROWS, { hasText: title })
    await row.waitFor()
    const id = await row.getAttribute('data-notice-id')
    assert.ok(id)
    created.push(id)
    assert.equal((await row.locator('[data-testid="areas"]').innerText()).trim(), area)
    assert.equal((await row.locator('[data-testid="severity"]').innerText()).trim(), 'Warning')
    assert.equal((await row.locator('[data-testid="active"]').innerText()).trim(), 'Yes')
    await screenshot(page, 'notices-list')

    // Active: it counts on the ?active=1 list, as many as the dashboard's "Active notices" tile says.
    await openList(page, '/notifications?active=1')
    assert.equal(await count(page), activeBefore + 1)
    await page.locator(ROWS, { hasText: title }).waitFor()
    await page.goto('/')
    const tile = page.locator('[data-widget="activenotifications"] .value')
    await tile.waitFor()
    assert.equal(Number((await tile.innerText()).trim()), activeBefore + 1)
    await openList(page, '/notifications?active=1')

    // Edit, through a link that also works when reloaded.
    await page.locator(ROWS, { hasText: title }).locator('[data-testid="edit-notice"]').click()
    await page.waitForURL(new RegExp(`/notifications/${id}/edit$`))
    await page.reload()
    await page.waitForSelector('[data-testid="notice-form"]')
    // The areas' options come with the site's reference data, which may answer after the
    // notice: the selection shows once they are there.
    await page.waitForSelector('#notice-locations option:checked')
    assert.equal(await page.inputValue('#notice-title'), title)
    assert.deepEqual(await page.locator('#notice-locations').evaluate((s: HTMLSelectElement) => Array.from(s.selectedOptions).map((o) => o.text.trim())), [area])
    await page.fill('#notice-title', renamed)
    await page.click('[data-testid="save-notice"]')
    await page.waitForURL(/\/notifications$/)
    const edited = page.locator(ROWS, { hasText: renamed })
    await edited.waitFor()
    assert.equal((await edited.locator('[data-testid="areas"]').innerText()).trim(), area, 'the areas stay')

    // End now, on the active list: it leaves it.
    await openList(page, '/notifications?active=1')
    await page.locator(ROWS, { hasText: renamed }).locator('[data-testid="end-notice"]').click()
    await page.waitForSelector('[role="status"]:has-text("has ended")')
    await page.locator(ROWS, { hasText: renamed }).waitFor({ state: 'detached' })
    assert.equal(await count(page), activeBefore)
    await page.reload()
    await page.waitForSelector('[data-testid="result-count"]')
    assert.equal(await count(page), activeBefore)
    assert.equal(await page.locator(ROWS, { hasText: renamed }).count(), 0)

    // Still listed with every notice, not active, with its end.
    await openList(page, '/notifications')
    const ended = page.locator(ROWS, { hasText: renamed })
    await ended.waitFor()
    assert.equal((await ended.locator('[data-testid="active"]').innerText()).trim(), 'No')
    assert.equal(await ended.locator('[data-testid="end-notice"]').count(), 0)

    // Delete, after the confirm.
    const total = await count(page)
    await ended.locator('[data-testid="delete-notice"]').click()
    await ended.locator('[data-testid="confirm-delete"]').click()
    await page.waitForSelector('[role="status"]:has-text("deleted")')
    await page.locator(ROWS, { hasText: renamed }).waitFor({ state: 'detached' })
    assert.equal(await count(page), total - 1)
    created.splice(created.indexOf(id), 1)
  })

  it('shows a viewer the notices without any create, edit, end or delete control', async () => {
    const page = await h.newPage()
    await login(page, env.viewer)
    await openList(page, '/notifications')
    assert.ok((await count(page)) >= 0)
    for (const testid of ['create-notice', 'edit-notice', 'end-notice', 'delete-notice']) {
      assert.equal(await page.locator(`[data-testid="${testid}"]`).count(), 0, `${testid} is not shown`)
    }
    await openList(page, '/notifications?active=1')
    assert.equal(await page.locator('[data-testid="create-notice"]').count(), 0)
    await page.goto('/notifications/new')
    await page.waitForURL(/\/forbidden/)
  })
})
