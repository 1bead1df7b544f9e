import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { ensureViewer, env, gql, login, setup } from './support/harness'
import type { Harness } from './support/harness'
import type { Page } from 'playwright-core'

const CREATE = `mutation($i: NotificationInput!) {
  createNotification(input: $i) { notification { id } errors { message } }
}`
const DELETE = 'mutation($id: ID!) { deleteNotification(id: $id) { errors { message } } }'

/** Resolves with the socket's URL once the page sends a graphql-transport-ws `subscribe` for `field`. */
function subscribeSent(page: Page, field: string, timeoutMs = 15_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no websocket subscribe for ${field} within ${timeoutMs} ms`)), timeoutMs)
    page.on('websocket', (ws) => {
      ws.on('framesent', (frame) => {
        const text = typeof frame.payload === 'string' ? frame.payload : frame.payload.toString()
        if (text.includes('"type":"subscribe"') && text.includes(field)) {
          clearTimeout(timer)
          resolve(ws.url())
        }
      })
    })
  })
}

/**
 * The banner's subscription, over a websocket to the served app's /graphql with the session
 * cookie, shows a notice created elsewhere (needs the notifications plugin enabled).
 */
describe('live notifications', () => {
  let h: Harness
  before(async () => {
    h = await setup()
    await ensureViewer(h)
  })
  after(async () => h?.close())

  it('shows a notice created elsewhere in an open page, without a reload', async () => {
    const watcher = await h.newPage()
    const subscribed = subscribeSent(watcher, 'notificationEvents')
    subscribed.catch(() => undefined) // awaited below; this only keeps an early timeout from being "unhandled"
    await login(watcher, env.viewer)
    await watcher.waitForSelector('.widgets > *')
    assert.match(await subscribed, /^ws:\/\/.*\/graphql$/)
    let loads = 0
    watcher.on('load', () => (loads += 1))

    // Created by the admin through GraphQL over HTTP, as another user in another browser context.
    const admin = await h.newPage()
    await login(admin, env.admin)
    const message = `E2E notice ${Date.now()}: compressed air off in Hall 1`
    const created = await gql<{ createNotification: { notification: { id: string } | null; errors: { message: string }[] } }>(
      admin, CREATE, { i: { title: 'E2E notice', message, severity: 'WARNING' } },
    )
    assert.deepEqual(created.createNotification.errors, [])

    const notice = watcher.locator('.notices .notice', { hasText: message })
    await notice.waitFor()
    assert.match((await notice.getAttribute('class')) ?? '', /level-warning/)
    assert.equal(loads, 0, 'the page was not reloaded')
    assert.match(watcher.url(), /\/$/)

    await notice.getByRole('button', { name: `Dismiss: ${message}` }).click()
    assert.equal(await notice.count(), 0)
    const deleted = await gql<{ deleteNotification: { errors: unknown[] } }>(admin, DELETE, { id: created.createNotification.notification!.id })
    assert.deepEqual(deleted.deleteNotification.errors, [])
  })
})
