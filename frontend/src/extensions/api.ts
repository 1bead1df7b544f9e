import type { Component } from 'vue'
import type { Role } from '@/gql/graphql'
import type { Shape } from '@/components/map/mapLayout'

/**
 * The UI extension API: what a plugin's browser bundle may add to the app. A bundle is an
 * ES module (manifest `ui.entry`, served from the plugin's folder) whose default export is
 * a {@link UiExtensionModule}; the app imports it when the plugin is enabled and drops
 * everything it added when the plugin is disabled, without a reload.
 *
 * Versioning: `major.minor`. A minor adds to the API; a major changes or removes something.
 * A bundle built for `X.Y` loads when the app's major is X and its minor is at least Y.
 */
export const EXTENSION_API_VERSION = '1.0'

/** A card on the detail page of an asset of the kind (props: `assetId`). */
export interface DetailCard {
  component: Component
  /** Kind fields the card shows in full; the generic kind-fields card leaves them out. */
  covers?: string[]
}

/** A column a kind's list offers (in the column chooser), read with the list's own filter. */
export interface ListColumn {
  /** Unique within the plugin; the column's key is `ext:<plugin>.<key>`. */
  key: string
  label: string
  /** A field of the kind's GraphQL type with any sub-selection, e.g. `supplies { level }`. */
  selection: string
  /** The cell text from the value of `selection`'s field. */
  value: (fieldValue: unknown) => string
}

/** How the site map draws assets of a kind. */
export interface MarkerStyle {
  /** A CSS colour. */
  color?: string
  shape?: Shape
}

/** A page of its own, under one of the plugin's menu entries (props: route params). */
export interface ExtensionPage {
  path: string
  component: Component
  title: string
  /** Least role needed (default: any signed-in user). */
  role?: Role
}

/** A view replacing a kind's list page while its URL carries `param` (e.g. `?due=30`). */
export interface ListView {
  typeName: string
  param: string
  /** The value a link to the view sets. */
  value: string
  label: string
  component: Component
}

/** Given to `install`: everything a bundle may add. Each call is undone when the plugin goes. */
export interface ExtensionContext {
  /** The plugin the bundle belongs to. */
  readonly plugin: string
  /** The app's UI extension API version. */
  readonly apiVersion: string
  detailCard(typeName: string, card: DetailCard): void
  listColumn(typeName: string, column: ListColumn): void
  mapMarker(kind: string, style: MarkerStyle): void
  /** Renders search hits for assets of the type (props: `hit`, a SearchHit with `asset`). */
  searchResult(typeName: string, component: Component): void
  /** Renders the dashboard widget with this key (props: `widget`). */
  dashboardTile(widgetKey: string, component: Component): void
  page(page: ExtensionPage): void
  listView(view: ListView): void
  /** A strip above every page, below the top bar (e.g. live notices); no props. */
  banner(component: Component): void
}

/** The default export of a plugin's UI bundle. */
export interface UiExtensionModule {
  /** The UI extension API version the bundle was built for (`major.minor`). */
  apiVersion: string
  install(context: ExtensionContext): void
}

/** Whether an app offering `offered` can load a bundle built for `required`. */
export function compatible(required: string, offered: string = EXTENSION_API_VERSION): boolean {
  const parse = (v: string) => {
    const m = /^(\d{1,3})\.(\d{1,3})$/.exec(v)
    return m ? [Number(m[1]), Number(m[2])] as const : null
  }
  const need = parse(required)
  const have = parse(offered)
  return need != null && have != null && need[0] === have[0] && have[1] >= need[1]
}
