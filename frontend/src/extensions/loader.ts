import { reactive } from 'vue'
import type { Router } from 'vue-router'
import { compatible, EXTENSION_API_VERSION } from './api'
import type { ExtensionContext, UiExtensionModule } from './api'
import { dropContribution, emptyContribution, setContribution } from './registry'
import type { Contribution } from './registry'

/** A bundle the server lists (`uiExtensions`). */
export interface UiExtensionInfo {
  plugin: string
  version: string
  url: string
  apiVersion: string
  styles: string[]
}

interface Loaded {
  url: string
  routeNames: string[]
  links: HTMLLinkElement[]
}

export interface ExtensionLoaderOptions {
  router: Router
  /** The bundles to load now (empty when signed out); throws when it cannot tell. */
  list: () => Promise<UiExtensionInfo[]>
  /** Imports a module by URL (a test passes its own). */
  importer?: (url: string) => Promise<unknown>
}

export type ExtensionLoader = ReturnType<typeof createExtensionLoader>

const isModule = (value: unknown): value is UiExtensionModule =>
  typeof value === 'object' && value != null &&
  typeof (value as UiExtensionModule).apiVersion === 'string' &&
  typeof (value as UiExtensionModule).install === 'function'

/**
 * Loads the enabled plugins' UI bundles and unloads the ones whose plugin went: routes are
 * added and removed, style sheets linked and unlinked, contributions set and dropped. A
 * bundle that fails (wrong API version, not an extension, throws in install) adds nothing
 * and is listed in `failures` with the reason; the rest of the app is unaffected.
 */
export function createExtensionLoader(options: ExtensionLoaderOptions) {
  const importer = options.importer ?? ((url: string) => import(/* @vite-ignore */ url))
  const loaded = new Map<string, Loaded>()
  const failures = reactive(new Map<string, string>())
  let pending: Promise<boolean> | null = null
  let stale = true

  function unload(plugin: string) {
    const entry = loaded.get(plugin)
    if (!entry) return
    for (const name of entry.routeNames) if (options.router.hasRoute(name)) options.router.removeRoute(name)
    for (const link of entry.links) link.remove()
    dropContribution(plugin)
    loaded.delete(plugin)
  }

  /** Imports a bundle the app can load (several at once: each is a request). */
  async function fetchModule(info: UiExtensionInfo): Promise<unknown> {
    if (!compatible(info.apiVersion)) {
      throw new Error(`built for UI extension API ${info.apiVersion}; this UI offers ${EXTENSION_API_VERSION}`)
    }
    return importer(info.url)
  }

  function load(info: UiExtensionInfo, imported: unknown): void {
    const extension = (imported as { default?: unknown } | null)?.default
    if (!isModule(extension)) throw new Error('its module does not export an extension (apiVersion and install)')
    if (!compatible(extension.apiVersion)) {
      throw new Error(`built for UI extension API ${extension.apiVersion}; this UI offers ${EXTENSION_API_VERSION}`)
    }
    const contribution: Contribution = emptyContribution()
    const context: ExtensionContext = {
      plugin: info.plugin,
      apiVersion: EXTENSION_API_VERSION,
      detailCard: (typeName, card) => void contribution.detailCards.push({ typeName, card }),
      listColumn: (typeName, column) => void contribution.columns.push({ typeName, column }),
      mapMarker: (kind, style) => void contribution.markers.push({ kind, style }),
      searchResult: (typeName, component) => void contribution.searchResults.push({ typeName, component }),
      dashboardTile: (key, component) => void contribution.tiles.push({ key, component }),
      page: (page) => void contribution.pages.push(page),
      listView: (view) => void contribution.listViews.push(view),
      banner: (component) => void contribution.banners.push(component),
    }
    extension.install(context)
    // Every page is checked before any is added: a refused bundle leaves no route behind.
    const own = `ext:${info.plugin}:`
    for (const page of contribution.pages) {
      if (!page.path.startsWith('/') || page.path.startsWith('//')) throw new Error(`page path ${page.path} must start with /`)
      const taken = options.router.resolve(page.path).matched
        .find((r) => r.name !== 'plugin-route' && !String(r.name).startsWith(own))
      if (taken) throw new Error(`page path ${page.path} is already the app's ${String(taken.name)}`)
    }
    const routeNames = contribution.pages.map((page) => {
      const name = `${own}${page.path}`
      options.router.addRoute({ path: page.path, name, component: page.component, props: true, meta: { title: page.title, role: page.role } })
      return name
    })
    const links = info.styles.map((href) => {
      const link = document.createElement('link')
      link.rel = 'stylesheet'
      link.href = href
      link.dataset.plugin = info.plugin
      document.head.appendChild(link)
      return link
    })
    setContribution(info.plugin, contribution)
    loaded.set(info.plugin, { url: info.url, routeNames, links })
  }

  async function run(): Promise<boolean> {
    stale = false
    let wanted: UiExtensionInfo[]
    try {
      wanted = await options.list()
    } catch {
      // The server is out of reach for a moment: keep what is loaded and ask again next time.
      stale = true
      return false
    }
    const byName = new Map(wanted.map((w) => [w.plugin, w]))
    let changed = false
    for (const [plugin, entry] of [...loaded]) {
      if (byName.get(plugin)?.url !== entry.url) {
        unload(plugin)
        changed = true
      }
    }
    for (const plugin of [...failures.keys()]) if (!byName.has(plugin)) failures.delete(plugin)
    const fresh = wanted.filter((info) => !loaded.has(info.plugin))
    const imported = await Promise.allSettled(fresh.map(fetchModule))
    for (const [i, info] of fresh.entries()) {
      try {
        const result = imported[i]!
        if (result.status === 'rejected') throw result.reason
        load(info, result.value)
        failures.delete(info.plugin)
        changed = true
      } catch (error) {
        unload(info.plugin)
        const reason = error instanceof Error ? error.message : String(error)
        failures.set(info.plugin, reason)
        console.error(`shopdb: the UI of plugin ${info.plugin} was not loaded: ${reason}`)
      }
    }
    return changed
  }

  /** Loads and unloads to match the server; concurrent calls share one run. */
  function sync(): Promise<boolean> {
    if (!pending) pending = run().finally(() => (pending = null))
    return pending
  }

  return {
    sync,
    failures,
    /** Marks the loaded set out of date (user or schema changed); the next `ensure` syncs. */
    invalidate: () => void (stale = true),
    /** Syncs when out of date or running; resolves whether routes or contributions changed. */
    ensure: async (): Promise<boolean> => {
      let changed = pending ? await pending : false
      if (stale) changed = (await sync()) || changed
      return changed
    },
    /** Drops every bundle (signed out). */
    clear: () => {
      for (const plugin of [...loaded.keys()]) unload(plugin)
      failures.clear()
      stale = true
    },
  }
}
