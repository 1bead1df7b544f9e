/**
 * Links to `GET /export/<list>.<csv|xlsx>` (docs/API.md, "Export"): the list's GraphQL
 * filter, order and visible columns, so the file holds what the list shows.
 */
export type ExportList = 'assets' | 'locations' | 'audit'
export type ExportFormat = 'csv' | 'xlsx'

export interface ExportParams {
  filter?: unknown
  orderBy?: unknown
  /** A kind's GraphQL type: its own fields may be columns. */
  type?: string | null
  /** GraphQL field paths of a list item, e.g. `assetTag`, `status.name`, `hostname`. */
  columns?: string[]
}

/** The asset list's column keys as export paths (a kind's own columns are `kind:<field>`). */
export function assetColumnPaths(keys: string[]): string[] {
  const paths: Record<string, string[]> = {
    status: ['status.name'],
    location: ['location.name'],
    position: ['position.x', 'position.y'],
  }
  // The asset tag first, always: the spreadsheet import finds a row's asset by it.
  const out = ['assetTag']
  for (const key of keys) {
    // A plugin bundle's column is computed in the browser: the file has no such path.
    if (key.startsWith('ext:')) continue
    const mapped = key.startsWith('kind:') ? [key.slice(5)] : (paths[key] ?? [key])
    for (const p of mapped) if (!out.includes(p)) out.push(p)
  }
  return out
}

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls)
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0))
        .map(([k, v]) => [k, withoutNulls(v)]),
    )
  }
  return value
}

export function exportHref(list: ExportList, format: ExportFormat, params: ExportParams = {}): string {
  const q = new URLSearchParams()
  if (params.filter) q.set('filter', JSON.stringify(withoutNulls(params.filter)))
  if (params.orderBy) q.set('orderBy', JSON.stringify(params.orderBy))
  if (params.type && params.type !== 'GenericAsset') q.set('type', params.type)
  if (params.columns?.length) q.set('columns', params.columns.join(','))
  const query = q.toString()
  return `/export/${list}.${format}${query ? `?${query}` : ''}`
}
