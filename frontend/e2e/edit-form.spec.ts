import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { env, gql, login, screenshot, setup } from './support/harness'
import type { Harness } from './support/harness'

interface Pc { id: string; hostname: string; applications: { name: string; version: string | null }[]; controls: { id: string; assetTag: string } | null }
const PCS = `query { computers(first: 200) { nodes { id hostname applications { name version } controls { id assetTag } } } }`
const ONE = `query($id: ID!) { computer(id: $id) { applications { name version } controls { id } } }`

describe('the edit form shows what is there', () => {
  let h: Harness
  before(async () => {
    h = await setup()
  })
  after(async () => h?.close())

  it('shows a PC\'s applications and controlled machine, and adds one application without losing the others', async () => {
    const page = await h.newPage()
    await login(page, env.admin)
    const pcs = await gql<{ computers: { nodes: Pc[] } }>(page, PCS)
    const pc = pcs.computers.nodes.find((p) => p.applications.length >= 2 && p.controls)
    assert.ok(pc, 'the demo site has a shop-floor PC with applications that controls a machine')

    await page.goto(`/assets/${pc.id}/edit`)
    const rows = page.locator('[data-testid="rows-applications"] tbody tr')
    await rows.first().waitFor()
    assert.equal(await rows.count(), pc.applications.length)
    const names = await page.locator('[data-testid="rows-applications"] input[data-cell="name"]').evaluateAll(
      (inputs) => inputs.map((i) => (i as HTMLInputElement).value))
    assert.deepEqual(names.sort(), pc.applications.map((a) => a.name).sort())
    await page.locator(`[data-testid="link-current-asset-controlsAssetId"]`).getByText(pc.controls!.assetTag).waitFor()
    // Help is written for people: no API notes about null, no code formatting.
    const hints = await page.locator('[data-testid="asset-form"] .hint').allInnerTexts()
    assert.ok(hints.length > 0)
    for (const hint of hints) assert.doesNotMatch(hint, /\bnull\b|`/, hint)
    await screenshot(page, 'edit-form-lists')

    await page.click('[data-testid="add-applications"]')
    const added = rows.last()
    const app = `CATIA ${Date.now()}`
    await added.locator('input[data-cell="name"]').fill(app)
    await added.locator('input[data-cell="version"]').fill('V5')
    await page.click('[data-testid="save-asset"]')
    await page.waitForURL(new RegExp(`/assets/${pc.id}$`))

    const after = await gql<{ computer: { applications: { name: string; version: string | null }[]; controls: { id: string } | null } }>(page, ONE, { id: pc.id })
    assert.equal(after.computer.applications.length, pc.applications.length + 1)
    assert.ok(after.computer.applications.some((a) => a.name === app && a.version === 'V5'))
    assert.equal(after.computer.controls?.id, pc.controls!.id, 'the controlled machine is kept')
  })

  it('opens each bundled kind\'s edit form with its values, and saving it unchanged changes nothing', async () => {
    const page = await h.newPage()
    await login(page, env.admin)
    const { assetKinds } = await gql<{ assetKinds: { kind: string; typeName: string }[] }>(page, 'query { assetKinds { kind typeName } }')
    assert.ok(assetKinds.length >= 5, 'the bundled kinds are enabled')
    type TypeRef = { kind: string; ofType: TypeRef | null }
    const leaf = (t: TypeRef): boolean => (t.ofType ? leaf(t.ofType) : ['SCALAR', 'ENUM'].includes(t.kind))
    for (const { kind, typeName } of assetKinds) {
      const found = await gql<{ assets: { nodes: { id: string; name: string }[] } }>(page,
        'query($k: [String!]) { assets(filter: { kinds: $k }, first: 1, orderBy: [{ field: ASSET_TAG }]) { nodes { id name } } }', { k: [kind] })
      const asset = found.assets.nodes[0]
      assert.ok(asset, `the demo site has a ${kind}`)
      const info = await gql<{ __type: { fields: { name: string; args: unknown[]; type: TypeRef }[] } }>(page,
        'query($t: String!) { __type(name: $t) { fields { name args { name } type { kind ofType { kind ofType { kind ofType { kind } } } } } } }', { t: typeName })
      const names = info.__type.fields.filter((f) => !f.args.length && leaf(f.type) && f.name !== 'updatedAt').map((f) => f.name)
      const read = `query($id: ID!) { asset(id: $id) { ... on ${typeName} { ${names.join(' ')} } } }`
      const before = await gql<{ asset: Record<string, unknown> }>(page, read, { id: asset.id })

      await page.goto(`/assets/${asset.id}/edit`)
      await page.locator('[data-testid="asset-form"]').waitFor()
      await page.waitForFunction((name) => (document.querySelector('#asset-name') as HTMLInputElement | null)?.value === name, asset.name)
      await page.click('[data-testid="save-asset"]')
      await page.waitForURL(new RegExp(`/assets/${asset.id}$`))
      const after = await gql<{ asset: Record<string, unknown> }>(page, read, { id: asset.id })
      assert.deepEqual(after.asset, before.asset, `${kind}: saving the form unchanged kept every value`)
    }
  })

  it('brings field errors into view after Save on a tablet', async () => {
    const page = await h.newPage({ width: 800, height: 600 })
    await login(page, env.admin)
    const pcs = await gql<{ computers: { nodes: Pc[] } }>(page, PCS)
    await page.goto(`/assets/${pcs.computers.nodes[0]!.id}/edit`)
    await page.locator('[data-testid="asset-form"]').waitFor()
    const row = page.locator('[data-testid="add-applications"]')
    await row.click()
    // A row with a version but no name cannot be sent.
    await page.locator('[data-testid="rows-applications"] tbody tr').last().locator('input[data-cell="version"]').fill('1.0')
    await page.evaluate(() => window.scrollTo(0, 0))
    await page.click('[data-testid="save-asset"]')
    const error = page.locator('.field.has-error').first()
    await error.waitFor()
    assert.match(await error.innerText(), /Row \d+: Name is required/)
    const box = await error.boundingBox()
    assert.ok(box && box.y >= 0 && box.y + Math.min(box.height, 40) <= 600, `the error is in view (y=${box?.y})`)
  })
})
