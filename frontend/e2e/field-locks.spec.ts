import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { env, gql, login, screenshot, setup } from './support/harness'
import type { Harness } from './support/harness'

const FIRST_PC = 'query { computers(first: 1, orderBy: [{field: ASSET_TAG, direction: DESC}]) { nodes { id } } }'
const EDIT = `mutation($id: ID!, $serial: String!) {
  updateComputer(id: $id, input: {serialNumber: $serial, osName: "Windows 11 (by hand)"}) { errors { message } } }`
const LOCKS = 'query($id: ID!) { asset(id: $id) { lockedFields { field } } }'

describe('field locks are visible', () => {
  let h: Harness
  before(async () => {
    h = await setup()
  })
  after(async () => h?.close())

  it('marks hand-edited fields and lets an editor unlock them', async () => {
    const page = await h.newPage()
    await login(page, env.admin)
    const pcs = await gql<{ computers: { nodes: { id: string }[] } }>(page, FIRST_PC)
    const id = pcs.computers.nodes[0]!.id
    const edited = await gql<{ updateComputer: { errors: unknown[] } }>(page, EDIT, { id, serial: `SN-${Date.now()}` })
    assert.deepEqual(edited.updateComputer.errors, [])

    await page.goto(`/assets/${id}`)
    const card = page.locator('[data-testid="field-locks"]')
    await card.waitFor()
    await card.getByText('Serial number').waitFor()
    await card.getByText('OS name').waitFor()
    // The fields themselves carry the mark, in the core card and the kind's card.
    await page.locator('[data-testid="core-fields"] [data-locked="serialnumber"]').waitFor()
    await page.locator('[data-testid="kind-fields"] [data-locked="osname"]').waitFor()
    await screenshot(page, 'asset-field-locks')

    await page.click('[data-testid="unlock-serialnumber"]')
    await page.locator('[data-lock="serialnumber"]').waitFor({ state: 'detached' })
    assert.equal(await page.locator('[data-testid="core-fields"] [data-locked="serialnumber"]').count(), 0)
    const left = await gql<{ asset: { lockedFields: { field: string }[] } }>(page, LOCKS, { id })
    assert.ok(!left.asset.lockedFields.some((l) => l.field === 'serialnumber'), 'the server dropped the lock')
    assert.ok(left.asset.lockedFields.some((l) => l.field === 'osname'), 'the other lock stays')
  })
})
