import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { dropContribution, emptyContribution, setContribution } from '@/extensions/registry'
import AssetDetailPage from './AssetDetailPage.vue'
import { flush, mountWith, VIEWER } from '@/test/mount'
import { mockClient } from '@/test/mockClient'
import type { Handler } from '@/test/mockClient'
import { KINDS, PRINTER_DETAIL, typeInfo } from '@/test/fixtures'

type Sent = { name: string; variables: unknown; typenames?: string[] }

function client(mutations: Handler = () => undefined, sent: Sent[] = []) {
  return mockClient((op, name, text) => {
    if (op.kind === 'mutation') {
      sent.push({ name, variables: op.variables, typenames: op.context.additionalTypenames })
      return mutations(op, name, text)
    }
    switch (name) {
      case 'AssetDetail':
        return { data: { asset: PRINTER_DETAIL } }
      case 'AssetKinds':
        return { data: { assetKinds: KINDS } }
      case 'TypeInfo':
        return { data: { __type: typeInfo(String(op.variables.name)) } }
      case 'KindDetail':
        return { data: { asset: { __typename: 'Printer', id: '7', ipAddress: '10.0.0.7' } } }
      default:
        return undefined
    }
  })
}

async function settle() {
  for (let i = 0; i < 6; i++) await flush()
}

describe('AssetDetailPage', () => {
  it('shows core fields, the kind fields found by introspection and the history', async () => {
    const { wrapper } = await mountWith(AssetDetailPage, { client: client(), props: { id: '7' } })
    await settle()
    expect(wrapper.get('h1').text()).toContain('Laser 7')
    expect(wrapper.get('[data-field="status"]').text()).toBe('In use')
    expect(wrapper.get('[data-field="position"]').text()).toContain('from location')
    expect(wrapper.get('[data-testid="kind-fields"]').text()).toContain('10.0.0.7')
    expect(wrapper.get('[data-testid="kind-fields"]').text()).toContain('Ip address')
    expect(wrapper.get('[data-testid="asset-history"]').text()).toContain('Near the door')
    // A hand-edited field is marked, and listed where an editor can unlock it.
    expect(wrapper.find('[data-testid="core-fields"] [data-locked="serialnumber"]').exists()).toBe(true)
    expect(wrapper.get('[data-testid="field-locks"]').text()).toContain('Serial number')
    expect(wrapper.find('[data-testid="edit-asset"]').exists()).toBe(true)
  })

  it('gives a viewer no edit controls', async () => {
    const { wrapper } = await mountWith(AssetDetailPage, { client: client(), props: { id: '7' }, user: VIEWER })
    await settle()
    expect(wrapper.get('h1').text()).toContain('Laser 7')
    expect(wrapper.find('[data-testid="edit-asset"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="delete-asset"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="asset-position"]').exists()).toBe(false)
    expect(wrapper.findAll('button').map((b) => b.text())).not.toContain('Add')
  })

  it('says when the asset does not exist', async () => {
    const empty = mockClient((_op, name) => (name === 'AssetDetail' ? { data: { asset: null } } : undefined))
    const { wrapper } = await mountWith(AssetDetailPage, { client: empty, props: { id: '404' } })
    await settle()
    expect(wrapper.get('[data-testid="empty-state"]').text()).toContain('Asset not found')
  })
})

const userError = (message: string, code: string, field: string[] | null = null) => ({ __typename: 'UserError', message, code, field })

describe('AssetDetailPage delete', () => {
  it('deletes only after the confirm step, then goes to the list saying so', async () => {
    const sent: Sent[] = []
    const ok: Handler = (_op, name) =>
      name === 'DeleteAsset' ? { data: { deleteAsset: { __typename: 'DeletePayload', deletedId: '7', errors: [] } } } : undefined
    const { wrapper, router } = await mountWith(AssetDetailPage, { client: client(ok, sent), props: { id: '7' }, path: '/assets/7' })
    await settle()
    await wrapper.get('[data-testid="delete-asset"]').trigger('click')
    expect(wrapper.get('[data-testid="confirm-delete-asset"]').text()).toContain('Delete Laser 7 (A-0007)')
    await flush()
    expect(document.activeElement?.textContent).toBe('Keep it')
    expect(sent).toEqual([])
    await wrapper.get('[data-testid="confirm-delete"]').trigger('click')
    await settle()
    expect(sent).toEqual([{ name: 'DeleteAsset', variables: { id: '7' }, typenames: ['AssetConnection', 'Printer'] }])
    expect(router.currentRoute.value.fullPath).toBe('/assets?deleted=A-0007')
  })

  it('stays on the asset and shows why when the server refuses', async () => {
    const refuse: Handler = (_op, name) =>
      name === 'DeleteAsset'
        ? { data: { deleteAsset: { __typename: 'DeletePayload', deletedId: null, errors: [userError('Asset 7 is locked by a running import', 'LOCKED', ['id'])] } } }
        : undefined
    const { wrapper, router } = await mountWith(AssetDetailPage, { client: client(refuse), props: { id: '7' }, path: '/assets/7' })
    await settle()
    await wrapper.get('[data-testid="delete-asset"]').trigger('click')
    await wrapper.get('[data-testid="confirm-delete"]').trigger('click')
    await settle()
    expect(wrapper.get('.delete-control [role="alert"]').text()).toBe('Asset 7 is locked by a running import')
    expect(router.currentRoute.value.fullPath).toBe('/assets/7')
  })
})

describe('AssetDetailPage map position', () => {
  it('says where the asset is placed from and asks for both coordinates', async () => {
    const sent: Sent[] = []
    const { wrapper } = await mountWith(AssetDetailPage, { client: client(undefined, sent), props: { id: '7' } })
    await settle()
    expect(wrapper.get('[data-testid="position-now"]').text()).toContain('10, 20 (')
    expect(wrapper.find('[data-testid="clear-position"]').exists()).toBe(false)
    await wrapper.get('#position-x').setValue('5')
    await wrapper.get('[data-testid="asset-position"] form').trigger('submit')
    await settle()
    expect(wrapper.get('[data-field="position-y"] .error').text()).toContain('Give both X and Y')
    expect(sent).toEqual([])
  })

  it('sends the coordinates and shows a payload error at its field', async () => {
    const sent: Sent[] = []
    const refuse: Handler = (_op, name) =>
      name === 'SetAssetPosition'
        ? { data: { setAssetPosition: { __typename: 'AssetPayload', asset: null, errors: [userError('x is off the site plan', 'INVALID', ['x'])] } } }
        : undefined
    const { wrapper } = await mountWith(AssetDetailPage, { client: client(refuse, sent), props: { id: '7' } })
    await settle()
    await wrapper.get('#position-x').setValue('5,5')
    await wrapper.get('#position-y').setValue('6')
    await wrapper.get('[data-testid="asset-position"] form').trigger('submit')
    await settle()
    expect(sent.map((s) => [s.name, s.variables])).toEqual([['SetAssetPosition', { id: '7', x: 5.5, y: 6 }]])
    expect(wrapper.get('[data-field="position-x"] .error').text()).toBe('x is off the site plan')
  })
})

describe('AssetDetailPage richer views', () => {
  // A plugin UI bundle's detail card for printers, as the loader registers it.
  const SuppliesCard = defineComponent({
    props: { assetId: { type: String, required: true } },
    setup: (props) => () => h('section', { 'data-testid': 'printer-supplies' }, [h('li', { class: 'low' }, `Black toner of ${props.assetId}`)]),
  })
  beforeEach(() => setContribution('sample', {
    ...emptyContribution(),
    detailCards: [{ typeName: 'Printer', card: { component: SuppliesCard, covers: ['supplies'] } }],
  }))
  afterEach(() => dropContribution('sample'))

  const supplies = [{ __typename: 'PrinterSupply', name: 'Black toner', level: 9, updatedAt: '2026-11-20T06:00:00Z' }]
  const scalar = (n: string) => ({ name: n, description: null, args: [], type: { kind: 'SCALAR', name: 'String', ofType: null } })
  function withSchema(typename: string, printerFields: string[], sent: string[], texts: Record<string, string> = {}) {
    return mockClient((op, name, text) => {
      sent.push(name)
      texts[name] = text
      switch (name) {
        case 'AssetDetail':
          return { data: { asset: { ...PRINTER_DETAIL, __typename: typename } } }
        case 'AssetKinds':
          return { data: { assetKinds: KINDS } }
        case 'TypeInfo': {
          const info = typeInfo(String(op.variables.name))
          if (op.variables.name === 'PrinterSupply') {
            return { data: { __type: { ...typeInfo('Printer'), name: 'PrinterSupply', fields: ['name', 'level', 'updatedAt'].map(scalar) } } }
          }
          if (info && op.variables.name === 'Printer') info.fields = [...info.fields, ...printerFields.map(scalar)]
          return { data: { __type: info } }
        }
        case 'KindDetail':
          return { data: { asset: { __typename: 'Printer', id: '7', ipAddress: '10.0.0.7' } } }
        case 'PrinterSupplies':
          return { data: { asset: { __typename: 'Printer', id: '7', supplies } } }
        default:
          return undefined
      }
    })
  }

  it('adds the card a plugin bundle registered for the kind; the generic card leaves its field out', async () => {
    const sent: string[] = []
    const texts: Record<string, string> = {}
    const { wrapper } = await mountWith(AssetDetailPage, { client: withSchema('Printer', ['supplies'], sent, texts), props: { id: '7' } })
    await settle()
    await settle()
    expect(wrapper.get('[data-testid="printer-supplies"] li.low').text()).toBe('Black toner of 7')
    expect(wrapper.get('[data-testid="kind-fields"]').text()).toContain('10.0.0.7')
    expect(texts.KindDetail).toContain('ipAddress')
    expect(texts.KindDetail).not.toContain('supplies')
  })

  it('shows no plugin card for a generic asset (its plugin disabled)', async () => {
    const sent: string[] = []
    const { wrapper } = await mountWith(AssetDetailPage, { client: withSchema('GenericAsset', ['supplies'], sent), props: { id: '7' } })
    await settle()
    expect(wrapper.get('h1').text()).toContain('Laser 7')
    expect(wrapper.find('[data-testid="printer-supplies"]').exists()).toBe(false)
    expect(sent).not.toContain('PrinterSupplies')
  })

  it('drops the card when the plugin\'s bundle is unloaded', async () => {
    dropContribution('sample')
    const { wrapper } = await mountWith(AssetDetailPage, { client: withSchema('Printer', ['supplies'], []), props: { id: '7' } })
    await settle()
    expect(wrapper.get('h1').text()).toContain('Laser 7')
    expect(wrapper.find('[data-testid="printer-supplies"]').exists()).toBe(false)
  })
})
