import { describe, expect, it } from 'vitest'
import { groupSpellings } from './referenceData'

const s = (value: string, group: string, suggestion: string | null, assetCount = 1) =>
  ({ value, group, suggestion, assetCount, kinds: ['computer'], managed: false })

describe('groupSpellings', () => {
  it('puts groups with several spellings first, with the name to merge into', () => {
    const groups = groupSpellings([s('Zebra', 'zebra', null), s('HP', 'hp', null, 3), s('Hewlett-Packard', 'hp', 'HP')])
    expect(groups.map((g) => g.group)).toEqual(['hp', 'zebra'])
    expect(groups[0]!.suggestion).toBe('HP')
    expect(groups[0]!.spellings.map((x) => x.value)).toEqual(['HP', 'Hewlett-Packard'])
    expect(groups[1]!.suggestion).toBe('Zebra')
  })
})
