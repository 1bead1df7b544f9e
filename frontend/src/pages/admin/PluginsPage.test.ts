import { describe, expect, it } from 'vitest'
import PluginsPage from './PluginsPage.vue'
import { flush, mountWith } from '@/test/mount'
import { mockClient } from '@/test/mockClient'
import { useSchemaEpoch } from '@/composables/useSchemaEpoch'

const plugin = (name: string, enabled: boolean, error: string | null = null) => ({
  __typename: 'Plugin', name, version: '1.0.0', description: `${name} plugin`, enabled, status: error ? 'FAILED' : enabled ? 'ENABLED' : 'DISABLED', error,
})

describe('PluginsPage', () => {
  it('lists plugins with status and load errors', async () => {
    const client = mockClient(() => ({ data: { plugins: [plugin('printers', true), plugin('broken', false, 'ImportError: no module x')] } }))
    const { wrapper } = await mountWith(PluginsPage, { client })
    await flush()
    expect(wrapper.get('tr[data-plugin="printers"] [data-testid="plugin-status"]').text()).toBe('ENABLED')
    expect(wrapper.get('tr[data-plugin="broken"] [data-testid="plugin-error"]').text()).toContain('ImportError')
  })

  it('disables a plugin and moves the schema epoch so the menu refetches', async () => {
    let enabled = true
    const sent: unknown[] = []
    const client = mockClient((op, name) => {
      if (name === 'SetPluginEnabled') {
        sent.push(op.variables)
        enabled = Boolean(op.variables.enabled)
        return { data: { setPluginEnabled: { __typename: 'PluginPayload', plugin: plugin('printers', enabled), errors: [] } } }
      }
      return { data: { plugins: [plugin('printers', enabled)] } }
    })
    const { epoch } = useSchemaEpoch()
    const before = epoch.value
    const { wrapper } = await mountWith(PluginsPage, { client })
    await flush()
    await wrapper.get('tr[data-plugin="printers"] button').trigger('click')
    await flush()
    await flush()
    expect(sent).toEqual([{ name: 'printers', enabled: false }])
    expect(epoch.value).toBe(before + 1)
    expect(wrapper.get('[role="status"]').text()).toContain('printers disabled')
  })

  it('shows a payload error instead of pretending', async () => {
    const client = mockClient((_op, name) =>
      name === 'SetPluginEnabled'
        ? { data: { setPluginEnabled: { __typename: 'PluginPayload', plugin: null, errors: [{ __typename: 'UserError', field: null, message: 'usb depends on it', code: 'IN_USE' }] } } }
        : { data: { plugins: [plugin('printers', true)] } },
    )
    const { wrapper } = await mountWith(PluginsPage, { client })
    await flush()
    await wrapper.get('tr[data-plugin="printers"] button').trigger('click')
    await flush()
    expect(wrapper.get('.alert-error').text()).toBe('usb depends on it')
  })
})
