import { describe, expect, it } from 'vitest'
import { boundsOf, kindColor, spread } from './mapLayout'

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

describe('kindColor', () => {
  it('is stable per kind', () => {
    expect(kindColor('printer')).toBe(kindColor('printer'))
    expect(kindColor('printer')).not.toBe(kindColor('computer'))
  })
})
