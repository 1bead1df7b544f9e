import { describe, expect, it } from 'vitest'
import LocationsPage from './LocationsPage.vue'
import { flush, mountWith, VIEWER } from '@/test/mount'
import { mockClient } from '@/test/mockClient'
import type { Handler } from '@/test/mockClient'

const loc = (id: string, name: string, kind: string, parentId: string | null = null) => ({
  __typename: 'Location', id, name, kind, parentId, description: null, mapX: null, mapY: null,
  assetCount: Number(id) === 2 ? 1 : Number(id) * 3,
})
const SITE = [loc('1', 'Hall 2', 'building'), loc('2', 'Bay C', 'bay', '1'), loc('3', 'Cell 9', 'cell', '2'), loc('4', 'Office', 'office')]
const userError = (message: string, code: string, field: string[] | null = null) => ({ __typename: 'UserError', message, code, field })

function client(mutations: Handler = () => undefined, sent: { name: string; variables: unknown }[] = []) {
  return mockClient((op, name, text) => {
    if (name === 'Locations') return { data: { locations: SITE } }
    sent.push({ name, variables: op.variables })
    return mutations(op, name, text)
  })
}

async function settle() {
  for (let i = 0; i < 4; i++) await flush()
}

describe('LocationsPage', () => {
  it('shows the hierarchy, each location linking to its assets', async () => {
    const { wrapper } = await mountWith(LocationsPage, { client: client() })
    await settle()
    const rows = wrapper.findAll('[data-testid="locations-table"] tbody tr')
    expect(rows.map((r) => `${r.attributes('data-depth')}:${r.get('[data-testid="location-name"]').text()}`)).toEqual([
      '0:Hall 2', '1:Bay C', '2:Cell 9', '0:Office',
    ])
    const assets = wrapper.get('tr[data-location-id="2"] [data-testid="location-assets"]')
    expect(assets.attributes('href')).toBe('/assets?location=2')
    expect(assets.text()).toBe('1 asset')
    expect(wrapper.get('tr[data-location-id="3"] [data-testid="location-assets"]').text()).toBe('9 assets')
    await wrapper.get('button[aria-label="Collapse Hall 2"]').trigger('click')
    expect(wrapper.findAll('[data-testid="location-name"]').map((n) => n.text())).toEqual(['Hall 2', 'Office'])
  })

  it('gives a viewer no edit controls', async () => {
    const { wrapper } = await mountWith(LocationsPage, { client: client(), user: VIEWER })
    await settle()
    expect(wrapper.findAll('[data-testid="location-name"]')).toHaveLength(4)
    for (const id of ['create-location', 'edit-location', 'delete-location', 'add-inside']) {
      expect(wrapper.find(`[data-testid="${id}"]`).exists()).toBe(false)
    }
  })

  it('shows a payload error at its field, then creates the location inside the chosen parent', async () => {
    let attempt = 0
    const sent: { name: string; variables: unknown }[] = []
    const mutations: Handler = (_op, name) => {
      if (name !== 'CreateLocation') return undefined
      attempt += 1
      return attempt === 1
        ? { data: { createLocation: { __typename: 'LocationPayload', location: null, errors: [userError("A location named 'Bay C' exists", 'CONFLICT', ['input', 'name'])] } } }
        : { data: { createLocation: { __typename: 'LocationPayload', location: loc('9', 'Bay D', 'bay', '1'), errors: [] } } }
    }
    const { wrapper } = await mountWith(LocationsPage, { client: client(mutations, sent) })
    await settle()
    await wrapper.get('tr[data-location-id="1"] [data-testid="add-inside"]').trigger('click')
    expect((wrapper.get('#location-new-parentId').element as HTMLSelectElement).value).toBe('1')
    await wrapper.get('#location-new-name').setValue('Bay C')
    await wrapper.get('#location-new-kind').setValue('bay')
    await wrapper.get('#location-new-mapX').setValue('12.5')
    await wrapper.get('[data-testid="location-form"]').trigger('submit')
    await settle()
    expect(wrapper.get('[data-field="location-new-name"] .error').text()).toBe("A location named 'Bay C' exists")

    await wrapper.get('#location-new-name').setValue('Bay D')
    await wrapper.get('[data-testid="location-form"]').trigger('submit')
    await settle()
    expect(sent.map((s) => s.variables)).toEqual([
      { input: { name: 'Bay C', kind: 'bay', parentId: '1', description: null, mapX: 12.5, mapY: null } },
      { input: { name: 'Bay D', kind: 'bay', parentId: '1', description: null, mapX: 12.5, mapY: null } },
    ])
    expect(wrapper.find('[data-testid="location-form"]').exists()).toBe(false)
    expect(wrapper.get('[role="status"]').text()).toBe('Bay D created.')
  })

  it('refuses a coordinate that is not a number without asking the server', async () => {
    const sent: { name: string; variables: unknown }[] = []
    const { wrapper } = await mountWith(LocationsPage, { client: client(undefined, sent) })
    await settle()
    await wrapper.get('[data-testid="create-location"]').trigger('click')
    await wrapper.get('#location-new-name').setValue('Yard')
    await wrapper.get('#location-new-mapY').setValue('north')
    await wrapper.get('[data-testid="location-form"]').trigger('submit')
    await settle()
    expect(wrapper.get('[data-field="location-new-mapY"] .error').text()).toContain('Enter a number')
    expect(sent).toEqual([])
  })

  it('does not offer a location, or what it contains, as its own parent', async () => {
    const { wrapper } = await mountWith(LocationsPage, { client: client() })
    await settle()
    await wrapper.get('tr[data-location-id="1"] [data-testid="edit-location"]').trigger('click')
    const options = wrapper.findAll('#location-1-parentId option').map((o) => o.text())
    expect(options).toEqual(['— nothing (top level) —', 'Office'])
  })

  it('deletes only after the confirm step, and shows the refusal when the location is in use', async () => {
    const sent: { name: string; variables: unknown }[] = []
    const mutations: Handler = (_op, name) =>
      name === 'DeleteLocation'
        ? { data: { deleteLocation: { __typename: 'DeletePayload', deletedId: null, errors: [userError('3 asset(s) are at Bay C: move them first', 'IN_USE', ['id'])] } } }
        : undefined
    const { wrapper } = await mountWith(LocationsPage, { client: client(mutations, sent) })
    await settle()
    await wrapper.get('tr[data-location-id="2"] [data-testid="delete-location"]').trigger('click')
    await flush()
    expect(document.activeElement?.getAttribute('data-testid')).toBe('keep-location')
    expect(sent).toEqual([])
    await wrapper.get('tr[data-location-id="2"] [data-testid="confirm-delete"]').trigger('click')
    await settle()
    expect(sent).toEqual([{ name: 'DeleteLocation', variables: { id: '2' } }])
    const refusal = wrapper.get('tr[data-location-id="2"] [data-testid="location-error"]')
    expect(refusal.text()).toContain('3 asset(s) are at Bay C: move them first')
    expect(refusal.get('a').attributes('href')).toBe('/assets?location=2')
    expect(wrapper.findAll('[data-testid="location-name"]')).toHaveLength(4)
  })
})
