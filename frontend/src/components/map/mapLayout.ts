export interface Point {
  x: number
  y: number
}

export interface MapLocation extends Point {
  id: string
  name: string
  /** The enclosing area, if any (a cell's bay, a bay's building). */
  parentId?: string | null
}

/** The last part of a hierarchical name: `Hall 1 / Bay A / Cell 2` → `Cell 2`. */
export function shortName(name: string): string {
  const parts = name.split(' / ')
  return parts[parts.length - 1] ?? name
}

export interface MapArea {
  id: string
  name: string
  x: number
  y: number
  width: number
  height: number
  /** 1 for an area of leaves (a bay), 2 for an area of areas (a building)... */
  level: number
}

/**
 * Locations with a parent chain drawn as nested outlines: leaves (no child on the map) stay
 * points; every location with children becomes a box around its descendant leaves,
 * padded by `pad` per level so a building's box encloses its bays'.
 */
export function nestLocations(locations: MapLocation[], pad: number): { leaves: MapLocation[]; areas: MapArea[] } {
  const byParent = new Map<string, MapLocation[]>()
  for (const l of locations) {
    if (l.parentId) byParent.set(l.parentId, [...(byParent.get(l.parentId) ?? []), l])
  }
  const leaves = locations.filter((l) => !byParent.has(l.id))
  const areas: MapArea[] = []
  const walk = (l: MapLocation, seen: Set<string>): { points: Point[]; level: number } => {
    const kids = byParent.get(l.id)
    if (!kids || seen.has(l.id)) return { points: [l], level: 0 }
    seen.add(l.id)
    const inner = kids.map((k) => walk(k, seen))
    const points = inner.flatMap((i) => i.points)
    const level = Math.max(...inner.map((i) => i.level)) + 1
    const xs = points.map((p) => p.x)
    const ys = points.map((p) => p.y)
    const margin = pad * (level + 1)
    const minX = Math.min(...xs) - margin
    const minY = Math.min(...ys) - margin - pad * 2
    areas.push({ id: l.id, name: l.name, x: minX, y: minY, width: Math.max(...xs) + margin - minX, height: Math.max(...ys) + margin - minY, level })
    return { points, level }
  }
  for (const l of locations) if (!l.parentId || !locations.some((p) => p.id === l.parentId)) walk(l, new Set())
  // Outer areas first so inner ones are drawn on top.
  areas.sort((a, b) => b.level - a.level)
  return { leaves, areas }
}

export interface MapAsset extends Point {
  id: string
  name: string
  assetTag: string
  kind: string
  source: string
}

export interface Bounds {
  minX: number
  minY: number
  width: number
  height: number
}

/** A view box around all points with a margin; a square of 100 when there is nothing. */
export function boundsOf(points: Point[], marginRatio = 0.08): Bounds {
  if (points.length === 0) return { minX: 0, minY: 0, width: 100, height: 100 }
  const xs = points.map((p) => p.x)
  const ys = points.map((p) => p.y)
  const minX = Math.min(...xs)
  const minY = Math.min(...ys)
  const width = Math.max(Math.max(...xs) - minX, 1)
  const height = Math.max(Math.max(...ys) - minY, 1)
  const margin = Math.max(width, height) * marginRatio + 1
  return { minX: minX - margin, minY: minY - margin, width: width + 2 * margin, height: height + 2 * margin }
}

/**
 * Markers sharing one position (say, every asset placed by its location) are spread on a
 * small circle around it so each stays clickable; `radius` is in map units.
 */
export function spread<T extends Point>(items: T[], radius: number): (T & { mx: number; my: number })[] {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const key = `${item.x}|${item.y}`
    groups.set(key, [...(groups.get(key) ?? []), item])
  }
  const out: (T & { mx: number; my: number })[] = []
  for (const group of groups.values()) {
    group.forEach((item, i) => {
      if (group.length === 1) {
        out.push({ ...item, mx: item.x, my: item.y })
        return
      }
      const angle = (2 * Math.PI * i) / group.length
      const r = radius * (1 + Math.floor(i / 12) * 0.8)
      out.push({ ...item, mx: item.x + r * Math.cos(angle), my: item.y + r * Math.sin(angle) })
    })
  }
  return out
}

/** A stable colour per asset kind. */
export function kindColor(kind: string): string {
  let hash = 0
  for (const ch of kind) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0
  return `hsl(${hash % 360} 60% 42%)`
}
