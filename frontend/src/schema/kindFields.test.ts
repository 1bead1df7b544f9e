import { describe, expect, it } from 'vitest'
import { buildSelection, displayValue, kindDetailQuery, nestedTypeNames, ownFields, selectableFields } from './kindFields'
import { ASSET, COMPUTER, PRINTER, PRINT_QUEUE } from '@/test/schemaFixtures'

describe('ownFields', () => {
  it('keeps the fields the kind adds to the Asset interface, minus those needing arguments', () => {
    expect(ownFields(PRINTER, ASSET).map((f) => f.name)).toEqual(['ipAddress', 'colour', 'pagesPrinted', 'queue', 'host'])
  })
})

describe('buildSelection', () => {
  it('selects scalars directly and objects by their label fields', () => {
    const own = ownFields(PRINTER, ASSET)
    expect(nestedTypeNames(own)).toEqual(['PrintQueue', 'Computer'])
    const nested = new Map([['PrintQueue', PRINT_QUEUE], ['Computer', COMPUTER]])
    const selection = buildSelection(own, nested)
    expect(selection).toContain('ipAddress')
    expect(selection).toContain('queue { __typename name }')
    expect(selection).toContain('host { __typename id name assetTag kind }')
    expect(kindDetailQuery('Printer', selection)).toMatch(/\.\.\. on Printer \{/)
  })
  it('leaves out object fields whose type is unknown', () => {
    const own = ownFields(PRINTER, ASSET)
    expect(selectableFields(own, new Map()).map((f) => f.name)).toEqual(['ipAddress', 'colour', 'pagesPrinted'])
  })
})

describe('displayValue', () => {
  it('formats the usual values', () => {
    expect(displayValue(null).text).toBe('—')
    expect(displayValue(true).text).toBe('Yes')
    expect(displayValue(['a', 'b']).text).toBe('a, b')
    expect(displayValue({ name: 'Queue 1' }).text).toBe('Queue 1')
  })
  it('links related assets', () => {
    expect(displayValue({ id: '7', name: 'PC-7', kind: 'computer' })).toEqual({ text: 'PC-7', to: '/assets/7' })
  })
})
