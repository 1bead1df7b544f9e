import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { deflateSync } from 'node:zlib'
import { env, gql, login, screenshot, setup } from './support/harness'
import type { Harness } from './support/harness'
import type { Page } from 'playwright-core'

const MAP = '[data-testid="site-map"]'
const ASSET = 'query($id: ID!) { asset(id: $id) { mapX mapY position { x y source } } }'

/** Markers and clusters never cover each other: no two drawn items overlap on screen. */
async function overlaps(page: Page): Promise<number> {
  return page.evaluate((selector) => {
    const items = Array.from(document.querySelectorAll(`${selector} .assets .marker, ${selector} .assets .cluster`))
      .map((el) => el.getBoundingClientRect())
    let count = 0
    for (let i = 0; i < items.length; i++) {
      for (let j = i + 1; j < items.length; j++) {
        const a = items[i]!, b = items[j]!
        const ox = Math.min(a.right, b.right) - Math.max(a.left, b.left)
        const oy = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top)
        if (ox > a.width * 0.5 && oy > a.height * 0.5) count++
      }
    }
    return count
  }, MAP)
}

/** The map's view once its data is in: markers drawn and the view no longer re-framed as
 * further pages of assets arrive (each can widen the bounds the map fits). */
async function settled(page: Page): Promise<string> {
  await page.waitForSelector(`${MAP} .assets .marker, ${MAP} .assets .cluster`)
  let last = await page.getAttribute(MAP, 'viewBox')
  for (let i = 0; i < 40; i++) {
    await page.waitForTimeout(250)
    const now = await page.getAttribute(MAP, 'viewBox')
    if (now === last) return now!
    last = now
  }
  throw new Error(`the map kept re-framing: ${last}`)
}

function png(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    return c >>> 0
  })
  const crc = (buf: Buffer) => {
    let c = 0xffffffff
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8)
    return (c ^ 0xffffffff) >>> 0
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type), data])
    const out = Buffer.alloc(12 + data.length)
    out.writeUInt32BE(data.length, 0)
    body.copy(out, 4)
    out.writeUInt32BE(crc(body), 8 + data.length)
    return out
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 0, 0, 0, 0], 8)
  const rows = Buffer.alloc((width + 1) * height, 0xe0)
  for (let y = 0; y < height; y++) rows[y * (width + 1)] = 0
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))])
}

describe('the floor map', () => {
  let h: Harness
  before(async () => {
    h = await setup()
  })
  after(async () => h?.close())

  it('groups crowded markers, expands them on zoom, and never lets them cover each other', async () => {
    const page = await h.newPage()
    await login(page, env.admin)
    await page.goto('/map')
    await page.waitForSelector(`${MAP} .assets .cluster`)
    assert.equal(await overlaps(page), 0, 'no marker covers another at the first view')
    const before = await page.locator(`${MAP} .assets .cluster`).count()
    const biggest = await page.$$eval(`${MAP} .assets .cluster`, (els) => Math.max(...els.map((e) => Number(e.getAttribute('data-cluster-size')))))
    assert.ok(biggest > 1)
    // The legend gives each kind its own colour and shape.
    const legend = await page.$$eval('[data-testid="map-legend"] [data-kind] path', (els) => els.map((e) => `${e.getAttribute('fill')}|${e.getAttribute('d')}`))
    assert.equal(new Set(legend).size, legend.length)
    await screenshot(page, 'map-site')

    const zoomBefore = Number(await page.getAttribute(MAP, 'data-zoom'))
    for (let i = 0; i < 3; i++) await page.click('[data-testid="zoom-in"]')
    const zoomAfter = Number(await page.getAttribute(MAP, 'data-zoom'))
    assert.ok(zoomAfter > zoomBefore * 3, `zoomed in ${zoomBefore} -> ${zoomAfter}`)
    await page.click('[data-testid="zoom-fit"]')
    // Clicking a cluster zooms in on it (or fans out a stack on one point).
    await page.locator(`${MAP} .assets .cluster`).first().click()
    await page.waitForFunction(([sel, n]) => document.querySelectorAll(`${sel} .assets .marker`).length > 0
      && document.querySelectorAll(`${sel} .assets .cluster`).length !== n, [MAP, before] as const)
    assert.equal(await overlaps(page), 0, 'no marker covers another after expanding')
  })

  it('finds an asset: "Show on the map" puts it on top with its label', async () => {
    const page = await h.newPage()
    await login(page, env.admin)
    const data = await gql<{ assets: { nodes: { id: string; name: string }[] } }>(page, '{ assets(first: 1, orderBy: [{field: ASSET_TAG}]) { nodes { id name } } }')
    const asset = data.assets.nodes[0]!
    await page.goto(`/assets/${asset.id}`)
    await page.click('text=Show on the map')
    const selected = page.locator(`${MAP} .assets [data-selected="true"]`)
    await selected.waitFor()
    assert.equal(await selected.getAttribute('data-asset-id'), asset.id)
    assert.match(await selected.locator('.label text').textContent() ?? '', new RegExp(asset.name))
    // It is the last thing drawn in the markers layer: on top of every other marker.
    const last = await page.$eval(`${MAP} .assets`, (g) => g.lastElementChild?.getAttribute('data-asset-id'))
    assert.equal(last, asset.id)
    await screenshot(page, 'map-find')
  })

  it('lets an editor drag an asset to a new place (audited), on a building\'s uploaded plan', async () => {
    const page = await h.newPage({ width: 1024, height: 768 })
    await login(page, env.admin)
    const buildings = await gql<{ locations: { id: string; name: string; parent: { id: string } | null }[] }>(page, '{ locations { id name parent { id } } }')
    // A demo building (other specs add top-level locations of their own, without assets).
    const demo = buildings.locations.filter((l) => !l.parent && !/^E2E /.test(l.name))
    const hall = demo.find((l) => /hall/i.test(l.name)) ?? demo[0]!
    await page.goto(`/map?building=${hall.id}`)
    await page.locator('[data-testid="plan-file"]').setInputFiles({ name: 'plan.png', mimeType: 'image/png', buffer: png(1200, 800) })
    await page.locator(`${MAP} [data-testid="floor-plan"]`).waitFor()
    const size = await page.$eval(`${MAP} [data-testid="floor-plan"]`, (img) => [img.getAttribute('width'), img.getAttribute('height')])
    assert.deepEqual(size, ['1200', '800'])

    // Zoom in until a single marker shows, then drag it.
    let marker = page.locator(`${MAP} .assets .marker`).first()
    for (let i = 0; i < 8 && (await page.locator(`${MAP} .assets .marker`).count()) === 0; i++) {
      await page.locator(`${MAP} .assets .cluster`).first().click()
    }
    marker = page.locator(`${MAP} .assets .marker`).first()
    const id = await marker.getAttribute('data-asset-id')
    assert.ok(id)
    const box = (await marker.boundingBox())!
    const map = (await page.locator(MAP).boundingBox())!
    // Somewhere else inside the map: 150 px away, towards the map's centre.
    const from = { x: box.x + box.width / 2, y: box.y + box.height / 2 }
    const toward = { x: map.x + map.width / 2 - from.x, y: map.y + map.height / 2 - from.y }
    const length = Math.hypot(toward.x, toward.y) || 1
    const target = { x: from.x + (toward.x / length) * 150, y: from.y + (toward.y / length) * 150 }
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    await page.mouse.down()
    await page.mouse.move(target.x, target.y, { steps: 8 })
    await page.mouse.up()
    await page.locator('[data-testid="map-notice"]').waitFor()
    const after = await gql<{ asset: { mapX: number; mapY: number; position: { source: string } } }>(page, ASSET, { id })
    assert.equal(after.asset.position.source, 'ASSET')
    assert.ok(after.asset.mapX >= 0 && after.asset.mapX <= 1200 && after.asset.mapY >= 0 && after.asset.mapY <= 800,
      `placed inside the plan: ${after.asset.mapX}, ${after.asset.mapY}`)
    const audit = await gql<{ asset: { history: { action: string; changes: { field: string }[] }[] } }>(page,
      'query($id: ID!) { asset(id: $id) { history(first: 1) { action changes { field } } } }', { id })
    assert.ok(audit.asset.history[0]!.changes.some((c) => c.field === 'mapx'), 'the move is in the history')
    await screenshot(page, 'map-plan-drag')
  })

  it('pans and zooms with fingers on a tablet', async () => {
    const page = await h.newPage({ width: 820, height: 1180 })
    await login(page, env.admin)
    await page.goto('/map')
    const before = await settled(page)
    const box = (await page.locator(MAP).boundingBox())!
    const cx = box.x + box.width / 2
    const cy = box.y + box.height / 2
    // A two-finger pinch, sent as the pointer events a tablet's browser produces.
    const events: [string, number, number, number][] = [['pointerdown', 1, cx - 20, cy], ['pointerdown', 2, cx + 20, cy]]
    for (let step = 1; step <= 5; step++) {
      events.push(['pointermove', 1, cx - 20 - step * 20, cy], ['pointermove', 2, cx + 20 + step * 20, cy])
    }
    events.push(['pointerup', 1, cx - 120, cy], ['pointerup', 2, cx + 120, cy])
    await page.evaluate(({ selector, events }) => {
      const svg = document.querySelector(selector)!
      for (const [type, id, x, y] of events) {
        svg.dispatchEvent(new PointerEvent(type, { pointerId: id, pointerType: 'touch', clientX: x, clientY: y, bubbles: true, isPrimary: id === 1 }))
      }
    }, { selector: MAP, events })
    const pinched = await page.getAttribute(MAP, 'viewBox')
    const width = (vb: string | null) => Number(vb!.split(' ')[2])
    assert.ok(width(pinched) < width(before) / 3, `pinch zoomed in: ${before} -> ${pinched}`)
    const buttons = await page.locator('[data-testid="zoom-in"]').boundingBox()
    assert.ok(buttons && buttons.width >= 40 && buttons.height >= 40, 'zoom buttons are finger-sized')
  })
})
