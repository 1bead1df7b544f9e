import { describe, expect, it } from 'vitest'
import { severityClass, severityLabel, targetText } from './notices'

describe('notice helpers', () => {
  it('names severities and picks their badge', () => {
    expect(SEVERITY_CASES.map(([s]) => [s, severityLabel(s), severityClass(s)])).toEqual(SEVERITY_CASES)
  })

  it('says "Whole site" when no area is targeted', () => {
    expect(targetText([])).toBe('Whole site')
    expect(targetText([{ name: 'Hall 1' }, { name: 'Paint shop' }])).toBe('Hall 1, Paint shop')
  })
})

const SEVERITY_CASES = [
  ['INFO', 'Info', 'badge'],
  ['WARNING', 'Warning', 'badge badge-warn'],
  ['CRITICAL', 'Critical', 'badge badge-danger'],
] as const
