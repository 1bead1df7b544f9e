import { afterEach, describe, expect, it } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { defineComponent, h } from 'vue'
import { compatible } from './api'
import type { UiExtensionModule } from './api'
import { createExtensionLoader } from './loader'
import type { UiExtensionInfo } from './loader'
import { dashboardTile, detailCards, listColumns, loadedPlugins, markerStyles, searchResultComponent } from './registry'

const Card = defineComponent({ setup: () => () => h('p', 'card') })

function router() {
  return createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/assets', name: 'assets', component: Card },
      { path: '/:pathMatch(.*)*', name: 'plugin-route', component: Card },
    ],
  })
}

const info = (plugin: string, apiVersion = '1.0', styles: string[] = []): UiExtensionInfo =>
  ({ plugin, version: '1.0.0', url: `/plugins/${plugin}/ui/dist/index.js?v=1`, apiVersion, styles })

const sample: UiExtensionModule = {
  apiVersion: '1.0',
  install(ui) {
    ui.detailCard('Widget', { component: Card, covers: ['size'] })
    ui.listColumn('Widget', { key: 'size', label: 'Size', selection: 'size', value: (v) => `${String(v)} mm` })
    ui.mapMarker('widget', { color: '#123456', shape: 'star' })
    ui.searchResult('Widget', Card)
    ui.dashboardTile('widgets', Card)
    ui.page({ path: '/widgets/report', component: Card, title: 'Widget report', role: 'EDITOR' })
  },
}

describe('UI extension loader', () => {
  let listed: UiExtensionInfo[] = []
  const modules: Record<string, unknown> = {}
  const make = (r = router()) => ({
    r,
    loader: createExtensionLoader({ router: r, list: async () => listed, importer: async (url) => modules[url] }),
  })
  afterEach(() => {
    listed = []
    document.head.querySelectorAll('link[data-plugin]').forEach((l) => l.remove())
  })

  it('adds every contribution of an enabled plugin and drops them all when it goes', async () => {
    const { r, loader } = make()
    listed = [info('sample', '1.0', ['/plugins/sample/ui/dist/index.css'])]
    modules[listed[0]!.url] = { default: sample }
    expect(await loader.ensure()).toBe(true)
    expect(loadedPlugins()).toEqual(['sample'])
    expect(detailCards('Widget').map((c) => c.covers)).toEqual([['size']])
    expect(detailCards('Gauge')).toEqual([])
    expect(listColumns('Widget').map((c) => [c.id, c.value(3)])).toEqual([['ext:sample.size', '3 mm']])
    expect(markerStyles().get('widget')).toEqual({ color: '#123456', shape: 'star' })
    expect(searchResultComponent('Widget')).not.toBeNull()
    expect(dashboardTile('widgets')).not.toBeNull()
    expect(r.resolve('/widgets/report').meta).toMatchObject({ title: 'Widget report', role: 'EDITOR' })
    expect(document.head.querySelector('link[data-plugin="sample"]')?.getAttribute('href')).toBe('/plugins/sample/ui/dist/index.css')

    listed = []
    loader.invalidate()
    expect(await loader.ensure()).toBe(true)
    expect(loadedPlugins()).toEqual([])
    expect(detailCards('Widget')).toEqual([])
    expect(markerStyles().size).toBe(0)
    expect(r.resolve('/widgets/report').name).toBe('plugin-route')
    expect(document.head.querySelector('link[data-plugin]')).toBeNull()
  })

  it('does not sync again until invalidated, and shares one run between callers', async () => {
    const calls: string[] = []
    const r = router()
    const loader = createExtensionLoader({ router: r, list: async () => (calls.push('list'), []), importer: async () => ({}) })
    await Promise.all([loader.ensure(), loader.ensure()])
    await loader.ensure()
    expect(calls).toEqual(['list'])
    loader.invalidate()
    await loader.ensure()
    expect(calls).toEqual(['list', 'list'])
  })

  it('refuses a bundle for another API major, or a newer minor, before importing it', async () => {
    const imported: string[] = []
    const r = router()
    listed = [info('future', '2.0'), info('newer', '1.9')]
    const loader = createExtensionLoader({ router: r, list: async () => listed, importer: async (url) => (imported.push(url), { default: sample }) })
    expect(await loader.ensure()).toBe(false)
    expect(imported).toEqual([])
    expect(loader.failures.get('future')).toContain('built for UI extension API 2.0; this UI offers 1.0')
    expect(loader.failures.get('newer')).toContain('1.9')
    expect(loadedPlugins()).toEqual([])
  })

  it('keeps a broken bundle out and the others working, with the reason', async () => {
    const { r, loader } = make()
    listed = [info('notmodule'), info('throws'), info('clash'), info('wrongapi'), info('good')]
    modules[listed[0]!.url] = { default: { hello: 1 } }
    modules[listed[1]!.url] = { default: { apiVersion: '1.0', install: () => { throw new Error('boom') } } }
    modules[listed[2]!.url] = { default: { apiVersion: '1.0', install: (ui: Parameters<UiExtensionModule['install']>[0]) => {
      ui.detailCard('Clash', { component: Card })
      ui.page({ path: '/clash/fine', component: Card, title: 'Fine alone' })
      ui.page({ path: '/assets', component: Card, title: 'Mine' })
    } } }
    modules[listed[3]!.url] = { default: { ...sample, apiVersion: '3.1' } }
    modules[listed[4]!.url] = { default: sample }
    await loader.ensure()
    expect(loader.failures.get('notmodule')).toContain('does not export an extension')
    expect(loader.failures.get('throws')).toBe('boom')
    expect(loader.failures.get('clash')).toContain("page path /assets is already the app's assets")
    expect(loader.failures.get('wrongapi')).toContain('3.1')
    expect(loadedPlugins()).toEqual(['good'])
    expect(detailCards('Clash')).toEqual([])
    expect(r.resolve('/assets').name).toBe('assets')
    expect(r.resolve('/clash/fine').name).toBe('plugin-route') // none of its pages stays
    loader.clear()
    expect(loadedPlugins()).toEqual([])
    expect(loader.failures.size).toBe(0)
  })
})

describe('UI extension loader, edge cases', () => {
  it('keeps what is loaded when the list cannot be read, and asks again next time', async () => {
    let fail = false
    const r = router()
    const loader = createExtensionLoader({
      router: r,
      list: async () => {
        if (fail) throw new Error('offline')
        return [info('steady')]
      },
      importer: async () => ({ default: sample }),
    })
    await loader.ensure()
    expect(loadedPlugins()).toContain('steady')
    fail = true
    loader.invalidate()
    expect(await loader.ensure()).toBe(false)
    expect(loadedPlugins()).toContain('steady')
    fail = false
    expect(await loader.ensure()).toBe(false) // asked again: the same bundle, nothing to change
    expect(loadedPlugins()).toContain('steady')
    loader.clear()
  })

  it('lets a plugin add a literal page beside its own parameter page, not under another\'s', async () => {
    const r = router()
    const pages = (paths: string[]): UiExtensionModule => ({
      apiVersion: '1.0',
      install: (ui) => paths.forEach((path) => ui.page({ path, component: Card, title: path })),
    })
    const modules: Record<string, unknown> = {
      '/a': { default: pages(['/things/:id', '/things/report']) },
      '/b': { default: pages(['/things/summary']) },
    }
    const loader = createExtensionLoader({
      router: r,
      list: async () => [{ ...info('a'), url: '/a' }, { ...info('b'), url: '/b' }],
      importer: async (url) => modules[url],
    })
    await loader.ensure()
    expect(r.resolve('/things/report').name).toBe('ext:a:/things/report')
    expect(r.resolve('/things/7').name).toBe('ext:a:/things/:id')
    expect(loader.failures.get('b')).toContain("page path /things/summary is already the app's ext:a:/things/:id")
    loader.clear()
    expect(r.resolve('/things/7').name).toBe('plugin-route')
  })
})

describe('UI extension API versions', () => {
  it('loads a bundle when the majors match and the app\'s minor is at least the bundle\'s', () => {
    expect(compatible('1.0', '1.0')).toBe(true)
    expect(compatible('1.0', '1.3')).toBe(true)
    expect(compatible('1.4', '1.3')).toBe(false)
    expect(compatible('2.0', '1.9')).toBe(false)
    expect(compatible('1', '1.0')).toBe(false)
    expect(compatible('x.y', '1.0')).toBe(false)
  })
})
