import { describe, expect, it } from 'vitest'
import { buildInput, convert, formFields, initialValue, technicianHint } from './formSpec'
import {
  ASSET_UPDATE_INPUT, PAPER, PRINTER_INPUT, PRINTER_UPDATE_INPUT, input, inputType, listOf, named, nonNull,
} from '@/test/schemaFixtures'

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

describe('list and link fields', () => {
  const APP_INPUT = inputType('AppInput', [input('name', nonNull(named('String'))), input('version', named('String'))])
  const PC_UPDATE = inputType('PcUpdateInput', [
    input('applications', listOf(nonNull(named('AppInput', 'INPUT_OBJECT'))), null),
    input('tags', listOf(nonNull(named('String')))),
    input('controlsAssetId', named('ID')),
  ])
  const APP_DESCRIPTION = 'Installed applications (replaces the list; null clears).'
  PC_UPDATE.inputFields![0]!.description = APP_DESCRIPTION
  const [apps, tags, controls] = formFields(PC_UPDATE, new Map(), new Map([['AppInput', APP_INPUT]]))

  it('edits lists of records row by row, lists of texts as rows, and asset links with a picker', () => {
    expect([apps!.widget, tags!.widget, controls!.widget]).toEqual(['rows', 'list', 'asset'])
    expect(apps!.subFields!.map((f) => [f.name, f.required])).toEqual([['name', true], ['version', false]])
    expect(controls!.label).toBe('Controls')
  })

  it('shows the current rows and the linked asset', () => {
    const source = {
      applications: [{ name: 'Mastercam', version: '2024', extra: 'x' }, { name: 'Excel', version: null }],
      tags: ['a', 'b'],
      controls: { id: '31' },
    }
    expect(JSON.parse(initialValue(apps!, source) as string)).toEqual([
      { name: 'Mastercam', version: '2024' }, { name: 'Excel', version: '' }])
    expect(JSON.parse(initialValue(tags!, source) as string)).toEqual(['a', 'b'])
    expect(initialValue(controls!, source)).toBe('31')
    expect(initialValue(controls!, { controls: null })).toBe('')
  })

  it('sends every row, drops empty ones, and checks required cells', () => {
    const rows = JSON.stringify([{ name: 'Mastercam', version: '2024' }, { name: '', version: '' }, { name: 'Excel', version: '' }])
    expect(convert(apps!, rows)).toEqual({ ok: true, value: [
      { name: 'Mastercam', version: '2024' }, { name: 'Excel', version: null }] })
    const missing = convert(apps!, JSON.stringify([{ name: '', version: '1.0' }]))
    expect(missing).toEqual({ ok: false, message: 'Row 1: Name is required.' })
    expect(convert(tags!, JSON.stringify(['a', ' ', 'b ']))).toEqual({ ok: true, value: ['a', 'b'] })
    expect(convert(controls!, '')).toEqual({ ok: true, value: null })
  })

  it('leaves an unchanged list out of an update, so one added row does not rewrite the others', () => {
    const initial = { applications: JSON.stringify([{ name: 'Mastercam', version: '2024' }]) }
    expect(buildInput([apps!], initial, initial).input).toEqual({})
    const added = { applications: JSON.stringify([{ name: 'Mastercam', version: '2024' }, { name: 'CATIA', version: '' }]) }
    expect(buildInput([apps!], added, initial).input).toEqual({ applications: [
      { name: 'Mastercam', version: '2024' }, { name: 'CATIA', version: null }] })
  })

  it('writes help for technicians: no null, no code formatting', () => {
    expect(apps!.description).toBe('Installed applications.')
    expect(technicianHint('Equipment this PC controls (replaces the `controls` link; null removes it).'))
      .toBe('Equipment this PC controls.')
    expect(technicianHint('MAC address, `aa:bb:cc:dd:ee:ff`. Send null to clear.')).toBe('MAC address, aa:bb:cc:dd:ee:ff.')
    expect(technicianHint(null)).toBeNull()
  })
})
