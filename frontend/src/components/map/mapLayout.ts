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
  /** The status's name, shown in the marker's tooltip. */
  status?: string
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

/** Marker shapes, so kinds differ by more than colour (colour-blind users, greyscale prints). */
export const SHAPES = ['circle', 'square', 'triangle', 'diamond', 'hexagon', 'star', 'pentagon', 'cross'] as const
export type Shape = (typeof SHAPES)[number]

/** Distinct colours (a qualitative palette), assigned in the order kinds are listed. */
export const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22']

export interface KindStyle {
  color: string
  shape: Shape
}

/** A colour and a shape per kind, stable for a given list of kinds (the legend's order). */
export function kindStyles(kinds: string[]): Map<string, KindStyle> {
  const sorted = [...new Set(kinds)].sort()
  return new Map(sorted.map((k, i) => [k, {
    color: PALETTE[i % PALETTE.length]!,
    shape: SHAPES[Math.floor(i / PALETTE.length + i) % SHAPES.length]!,
  }]))
}

/** An SVG path of `shape` centred on (0, 0) with radius `r`. */
export function shapePath(shape: Shape, r: number): string {
  const poly = (n: number, rotate: number, radius = r) =>
    Array.from({ length: n }, (_, i) => {
      const a = rotate + (2 * Math.PI * i) / n
      return `${(radius * Math.cos(a)).toFixed(3)},${(radius * Math.sin(a)).toFixed(3)}`
    }).join(' L')
  switch (shape) {
    case 'square':
      return `M${-r * 0.85},${-r * 0.85} H${r * 0.85} V${r * 0.85} H${-r * 0.85} Z`
    case 'triangle':
      return `M${poly(3, -Math.PI / 2, r * 1.15)} Z`
    case 'diamond':
      return `M${poly(4, 0, r * 1.1)} Z`
    case 'hexagon':
      return `M${poly(6, 0)} Z`
    case 'pentagon':
      return `M${poly(5, -Math.PI / 2)} Z`
    case 'star': {
      const pts = Array.from({ length: 10 }, (_, i) => {
        const a = -Math.PI / 2 + (Math.PI * i) / 5
        const radius = i % 2 === 0 ? r * 1.2 : r * 0.5
        return `${(radius * Math.cos(a)).toFixed(3)},${(radius * Math.sin(a)).toFixed(3)}`
      })
      return `M${pts.join(' L')} Z`
    }
    case 'cross': {
      const t = r * 0.38
      return `M${-t},${-r} H${t} V${-t} H${r} V${t} H${t} V${r} H${-t} V${t} H${-r} V${-t} H${-t} Z`
    }
    default:
      return `M${-r},0 A${r},${r} 0 1,0 ${r},0 A${r},${r} 0 1,0 ${-r},0 Z`
  }
}

export interface Cluster<T extends Point> {
  key: string
  x: number
  y: number
  items: T[]
}

/**
 * Groups markers that would overlap on screen: markers closer than `radius` map units (the
 * marker size at the current zoom) join one cluster, drawn with its count. Greedy, in a grid
 * of `radius` cells: O(n), and a marker always lands in the cluster of its neighbourhood.
 */
export function cluster<T extends Point & { id: string }>(items: T[], radius: number): Cluster<T>[] {
  const cells = new Map<string, Cluster<T>>()
  const clusters: Cluster<T>[] = []
  const size = Math.max(radius, 1e-9)
  for (const item of [...items].sort((a, b) => a.id.localeCompare(b.id))) {
    const cx = Math.floor(item.x / size)
    const cy = Math.floor(item.y / size)
    let home: Cluster<T> | undefined
    for (let dx = -1; dx <= 1 && !home; dx++) {
      for (let dy = -1; dy <= 1 && !home; dy++) {
        const c = cells.get(`${cx + dx}|${cy + dy}`)
        if (c && Math.hypot(c.x - item.x, c.y - item.y) < radius) home = c
      }
    }
    if (home) {
      home.items.push(item)
      continue
    }
    const created: Cluster<T> = { key: item.id, x: item.x, y: item.y, items: [item] }
    cells.set(`${cx}|${cy}`, created)
    clusters.push(created)
  }
  return clusters
}

/** Positions for the members of a cluster fanned out around its centre (after a click). */
export function fanOut<T extends Point>(items: T[], center: Point, radius: number): (T & { mx: number; my: number })[] {
  return spread(items.map((i) => ({ ...i, x: center.x, y: center.y })), radius)
}
