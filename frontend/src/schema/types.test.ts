import { describe, expect, it } from 'vitest'
import { humanize, unwrap } from './types'
import { listOf, named, nonNull } from '@/test/schemaFixtures'

describe('unwrap', () => {
  it('peels NON_NULL and LIST wrappers', () => {
    expect(unwrap(nonNull(listOf(nonNull(named('Int')))))).toEqual({ name: 'Int', kind: 'SCALAR', list: true, nonNull: true })
    expect(unwrap(named('Foo', 'OBJECT'))).toEqual({ name: 'Foo', kind: 'OBJECT', list: false, nonNull: false })
  })
})

describe('humanize', () => {
  it.each([
    ['ramGb', 'Ram gb'],
    ['ipAddress', 'Ip address'],
    ['os_version', 'Os version'],
    ['name', 'Name'],
  ])('%s → %s', (input, output) => expect(humanize(input)).toBe(output))
})
