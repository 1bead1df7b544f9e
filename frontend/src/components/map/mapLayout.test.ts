import { describe, expect, it } from 'vitest'
import { SHAPES, boundsOf, cluster, kindStyles, nestLocations, shapePath, shortName, spread } from './mapLayout'

describe('boundsOf', () => {
  it('wraps all points with a margin', () => {
    const b = boundsOf([{ x: 0, y: 0 }, { x: 100, y: 50 }])
    expect(b.minX).toBeLessThan(0)
    expect(b.minX + b.width).toBeGreaterThan(100)
    expect(b.minY + b.height).toBeGreaterThan(50)
  })
  it('has a default view when empty', () => {
    expect(boundsOf([])).toEqual({ minX: 0, minY: 0, width: 100, height: 100 })
  })
})

describe('spread', () => {
  it('keeps lone markers in place and fans out stacked ones', () => {
    const out = spread([{ x: 1, y: 1 }, { x: 5, y: 5 }, { x: 5, y: 5 }], 1)
    expect(out[0]).toMatchObject({ mx: 1, my: 1 })
    const stacked = out.slice(1).map((m) => `${m.mx.toFixed(2)},${m.my.toFixed(2)}`)
    expect(new Set(stacked).size).toBe(2)
  })
})

describe('nestLocations', () => {
  it('keeps leaves as points and boxes parents around their descendants, outermost first', () => {
    const { leaves, areas } = nestLocations(
      [
        { id: 'h', name: 'Hall', x: 50, y: 50 },
        { id: 'b', name: 'Hall / Bay A', x: 20, y: 50, parentId: 'h' },
        { id: 'c1', name: 'Hall / Bay A / Cell 1', x: 10, y: 10, parentId: 'b' },
        { id: 'c2', name: 'Hall / Bay A / Cell 2', x: 30, y: 90, parentId: 'b' },
        { id: 'o', name: 'Office', x: 200, y: 200 },
      ],
      2,
    )
    expect(leaves.map((l) => l.id)).toEqual(['c1', 'c2', 'o'])
    expect(areas.map((a) => [a.id, a.level])).toEqual([['h', 2], ['b', 1]])
    const [hall, bay] = areas
    expect(bay!.x).toBeLessThan(10)
    expect(bay!.x + bay!.width).toBeGreaterThan(30)
    expect(hall!.x).toBeLessThan(bay!.x)
    expect(hall!.y + hall!.height).toBeGreaterThan(bay!.y + bay!.height)
  })
  it('shortens hierarchical names', () => {
    expect(shortName('Hall 1 / Bay A / Cell 2')).toBe('Cell 2')
    expect(shortName('Tool crib')).toBe('Tool crib')
  })
})

describe('cluster', () => {
  const at = (id: string, x: number, y: number) => ({ id, x, y })
  it('groups markers closer than the radius and keeps distant ones apart', () => {
    const groups = cluster([at('a', 0, 0), at('b', 0.5, 0.5), at('c', 10, 10), at('d', 10.2, 9.9), at('e', 30, 0)], 2)
    expect(groups.map((g) => g.items.map((i) => i.id).sort())).toEqual([['a', 'b'], ['c', 'd'], ['e']])
  })
  it('puts every marker in exactly one cluster, even many at one point', () => {
    const many = Array.from({ length: 80 }, (_, i) => at(`m${i}`, 5, 5))
    const groups = cluster([...many, at('x', 50, 50)], 1)
    expect(groups).toHaveLength(2)
    expect(groups.reduce((n, g) => n + g.items.length, 0)).toBe(81)
  })
  it('splits clusters as the radius shrinks (zooming in)', () => {
    const items = [at('a', 0, 0), at('b', 3, 0), at('c', 6, 0)]
    expect(cluster(items, 10)).toHaveLength(1)
    expect(cluster(items, 1)).toHaveLength(3)
  })
})

describe('kindStyles', () => {
  it('gives kinds distinct colour-and-shape pairs, whatever their order', () => {
    const kinds = ['printer', 'computer', 'usbdevice', 'equipment', 'networkdevice', 'measuringtool']
    const styles = kindStyles(kinds)
    const pairs = new Set([...styles.values()].map((s) => `${s.color}/${s.shape}`))
    expect(pairs.size).toBe(kinds.length)
    expect(new Set([...styles.values()].map((s) => s.color)).size).toBe(kinds.length)
    expect(kindStyles([...kinds].reverse()).get('printer')).toEqual(styles.get('printer'))
  })
  it('draws a closed path for every shape', () => {
    for (const shape of SHAPES) expect(shapePath(shape, 2)).toMatch(/^M.*Z$/)
  })
})
