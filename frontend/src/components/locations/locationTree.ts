/** The location hierarchy (building > bay > cell) as rows of a table, parents first. */

export interface TreeLocation {
  id: string
  name: string
  parentId?: string | null
}

export interface TreeRow<T extends TreeLocation> {
  location: T
  depth: number
  /** Ids of the enclosing locations, outermost first. */
  ancestors: string[]
  /** Number of direct sub-locations. */
  children: number
}

const byName = (a: TreeLocation, b: TreeLocation) => a.name.localeCompare(b.name, undefined, { numeric: true })

/**
 * Depth-first rows, siblings by name. A location whose parent is unknown is a root; a
 * parent cycle (which the server should never let through) is broken where it is entered,
 * so every location appears exactly once.
 */
export function locationRows<T extends TreeLocation>(locations: readonly T[]): TreeRow<T>[] {
  const ids = new Set(locations.map((l) => l.id))
  const kids = new Map<string, T[]>()
  for (const l of locations) {
    if (l.parentId && ids.has(l.parentId)) kids.set(l.parentId, [...(kids.get(l.parentId) ?? []), l])
  }
  const rows: TreeRow<T>[] = []
  const placed = new Set<string>()
  const walk = (l: T, ancestors: string[]) => {
    if (placed.has(l.id)) return
    placed.add(l.id)
    const children = [...(kids.get(l.id) ?? [])].sort(byName)
    rows.push({ location: l, depth: ancestors.length, ancestors, children: children.length })
    for (const child of children) walk(child, [...ancestors, l.id])
  }
  const roots = locations.filter((l) => !l.parentId || !ids.has(l.parentId)).sort(byName)
  for (const root of roots) walk(root, [])
  // Whatever is left hangs in a cycle: start it at its first member by name.
  for (const l of [...locations].sort(byName)) walk(l, [])
  return rows
}

/** Rows not hidden under a collapsed location. */
export function visibleRows<T extends TreeLocation>(rows: readonly TreeRow<T>[], collapsed: ReadonlySet<string>): TreeRow<T>[] {
  return rows.filter((r) => !r.ancestors.some((id) => collapsed.has(id)))
}

/** `id` and everything inside it: the locations that cannot become its parent. */
export function selfAndDescendants(locations: readonly TreeLocation[], id: string): Set<string> {
  const out = new Set([id])
  let grew = true
  while (grew) {
    grew = false
    for (const l of locations) {
      if (l.parentId && out.has(l.parentId) && !out.has(l.id)) {
        out.add(l.id)
        grew = true
      }
    }
  }
  return out
}

/** "Hall 2 › Bay C" for a parent picker. */
export function pathName(locations: readonly TreeLocation[], id: string): string {
  const byId = new Map(locations.map((l) => [l.id, l]))
  const names: string[] = []
  const seen = new Set<string>()
  for (let l = byId.get(id); l && !seen.has(l.id); l = l.parentId ? byId.get(l.parentId) : undefined) {
    seen.add(l.id)
    names.unshift(l.name)
  }
  return names.join(' › ')
}
