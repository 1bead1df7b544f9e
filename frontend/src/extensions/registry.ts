import { markRaw, reactive } from 'vue'
import type { Component } from 'vue'
import type { LocationQuery } from 'vue-router'
import type { DetailCard, ExtensionPage, ListColumn, ListView, MarkerStyle } from './api'

/** What one plugin's bundle added; dropped as a whole when the plugin goes. */
export interface Contribution {
  detailCards: { typeName: string; card: DetailCard }[]
  columns: { typeName: string; column: ListColumn }[]
  markers: { kind: string; style: MarkerStyle }[]
  searchResults: { typeName: string; component: Component }[]
  tiles: { key: string; component: Component }[]
  pages: ExtensionPage[]
  listViews: ListView[]
  banners: Component[]
}

export const emptyContribution = (): Contribution => ({
  detailCards: [], columns: [], markers: [], searchResults: [], tiles: [], pages: [], listViews: [],
  banners: [],
})

/**
 * Everything the loaded UI bundles added, by plugin. The app shell reads it through the
 * functions below and knows no plugin by name.
 */
const byPlugin = reactive(new Map<string, Contribution>())

export function setContribution(plugin: string, contribution: Contribution): void {
  // Components are not made reactive (Vue warns and it costs for nothing).
  for (const c of contribution.detailCards) c.card = { ...c.card, component: markRaw(c.card.component) }
  for (const s of contribution.searchResults) s.component = markRaw(s.component)
  for (const t of contribution.tiles) t.component = markRaw(t.component)
  for (const p of contribution.pages) p.component = markRaw(p.component)
  for (const v of contribution.listViews) v.component = markRaw(v.component)
  contribution.banners = contribution.banners.map((b) => markRaw(b))
  byPlugin.set(plugin, contribution)
}

export function dropContribution(plugin: string): void {
  byPlugin.delete(plugin)
}

const all = () => [...byPlugin.entries()]

/** Detail cards for an asset's `__typename`, in plugin order. */
export function detailCards(typeName: string | null | undefined): (DetailCard & { plugin: string })[] {
  if (!typeName) return []
  return all().flatMap(([plugin, c]) =>
    c.detailCards.filter((d) => d.typeName === typeName).map((d) => ({ ...d.card, plugin })))
}

/** Extra list columns for a kind's type; keys are `ext:<plugin>.<key>`. */
export function listColumns(typeName: string | null | undefined): (ListColumn & { id: string })[] {
  if (!typeName) return []
  return all().flatMap(([plugin, c]) =>
    c.columns.filter((d) => d.typeName === typeName).map((d) => ({ ...d.column, id: `${EXT_COLUMN_PREFIX}${plugin}.${d.column.key}` })))
}
export const EXT_COLUMN_PREFIX = 'ext:'

/** Marker styles bundles set, by asset kind key. */
export function markerStyles(): Map<string, MarkerStyle> {
  return new Map(all().flatMap(([, c]) => c.markers.map((m) => [m.kind, m.style] as const)))
}

/** The component rendering search hits for assets of the type, if a bundle gave one. */
export function searchResultComponent(typeName: string | null | undefined): Component | null {
  if (!typeName) return null
  for (const [, c] of all()) {
    const found = c.searchResults.find((s) => s.typeName === typeName)
    if (found) return found.component
  }
  return null
}

/** The component rendering the dashboard widget with this key, if a bundle gave one. */
export function dashboardTile(key: string): Component | null {
  for (const [, c] of all()) {
    const found = c.tiles.find((t) => t.key === key)
    if (found) return found.component
  }
  return null
}

/** The list views offered for these kinds' type names. */
export function listViews(typeNames: string[]): ListView[] {
  return all().flatMap(([, c]) => c.listViews.filter((v) => typeNames.includes(v.typeName)))
}

/** The list view the URL asks for, if any. */
export function activeListView(typeNames: string[], query: LocationQuery): ListView | null {
  return listViews(typeNames).find((v) => query[v.param] != null) ?? null
}

/** The banners bundles show above every page, with their plugin. */
export function banners(): { plugin: string; component: Component }[] {
  return all().flatMap(([plugin, c]) => c.banners.map((component) => ({ plugin, component })))
}

/** Which plugins' bundles are loaded. */
export function loadedPlugins(): string[] {
  return [...byPlugin.keys()]
}
