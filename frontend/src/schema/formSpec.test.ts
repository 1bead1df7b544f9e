import { describe, expect, it } from 'vitest'
import { buildInput, convert, formFields, initialValue } from './formSpec'
import { ASSET_UPDATE_INPUT, PAPER, PRINTER_INPUT, PRINTER_UPDATE_INPUT } from '@/test/schemaFixtures'

const printerForm = formFields(PRINTER_INPUT, new Map([['PaperSize', PAPER]]))
const spec = (name: string) => printerForm.find((s) => s.name === name)!

describe('formFields', () => {
  it('picks a widget per input type', () => {
    expect(printerForm.map((s) => [s.name, s.widget, s.required])).toEqual([
      ['name', 'text', true],
      ['ipAddress', 'text', false],
      ['paper', 'select', false],
      ['colour', 'checkbox', false],
    ])
    expect(spec('paper').options.map((o) => o.value)).toEqual(['A4', 'A3', 'LETTER'])
  })
  it('recognises status and location references and notes', () => {
    expect(formFields(ASSET_UPDATE_INPUT).map((s) => s.widget)).toEqual(['text', 'status', 'location', 'textarea'])
  })
})

describe('initialValue', () => {
  it('reads related ids for *Id fields', () => {
    const [, statusId] = formFields(ASSET_UPDATE_INPUT)
    expect(initialValue(statusId!, { status: { id: 's2' } })).toBe('s2')
  })
  it('gives checkboxes booleans and missing values empty strings', () => {
    expect(initialValue(spec('colour'), null)).toBe(false)
    expect(initialValue(spec('ipAddress'), { ipAddress: null })).toBe('')
  })
})

describe('convert', () => {
  const update = formFields(PRINTER_UPDATE_INPUT)
  const pages = update.find((s) => s.name === 'pagesPrinted')!
  it('parses whole numbers and refuses others', () => {
    expect(convert(pages, '42')).toEqual({ ok: true, value: 42 })
    expect(convert(pages, '4.2')).toEqual({ ok: false, message: 'Pages printed must be a whole number.' })
  })
  it('turns empty optional fields into null and flags empty required ones', () => {
    expect(convert(spec('ipAddress'), '  ')).toEqual({ ok: true, value: null })
    expect(convert(spec('name'), '')).toEqual({ ok: false, message: 'Name is required.' })
  })
})

describe('buildInput', () => {
  it('sends only changed fields when given the initial values', () => {
    const update = formFields(PRINTER_UPDATE_INPUT)
    const initial = { name: 'P1', ipAddress: '10.0.0.1', pagesPrinted: '' }
    const built = buildInput(update, { ...initial, ipAddress: '10.0.0.2' }, initial)
    expect(built).toEqual({ input: { ipAddress: '10.0.0.2' }, errors: {} })
  })
  it('collects conversion errors by field', () => {
    const built = buildInput(printerForm, { name: '', ipAddress: '', paper: '', colour: true })
    expect(built.errors).toEqual({ name: ['Name is required.'] })
  })
})
