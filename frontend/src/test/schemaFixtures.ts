import type { FieldInfo, InputValueInfo, TypeInfo, TypeRef } from '@/schema/types'

export const named = (name: string, kind: TypeRef['kind'] = 'SCALAR'): TypeRef => ({ kind, name, ofType: null })
export const nonNull = (of: TypeRef): TypeRef => ({ kind: 'NON_NULL', name: null, ofType: of })
export const listOf = (of: TypeRef): TypeRef => ({ kind: 'LIST', name: null, ofType: of })

export const field = (name: string, type: TypeRef, args: InputValueInfo[] = []): FieldInfo => ({
  name, description: null, args, type,
})
export const input = (name: string, type: TypeRef, defaultValue: string | null = null): InputValueInfo => ({
  name, description: null, type, defaultValue,
})

export function objectType(name: string, fields: FieldInfo[], kind: TypeInfo['kind'] = 'OBJECT'): TypeInfo {
  return { name, kind, description: null, fields, inputFields: null, enumValues: null, interfaces: [] }
}
export function inputType(name: string, inputFields: InputValueInfo[]): TypeInfo {
  return { name, kind: 'INPUT_OBJECT', description: null, fields: null, inputFields, enumValues: null, interfaces: null }
}
export function enumType(name: string, values: string[]): TypeInfo {
  return {
    name, kind: 'ENUM', description: null, fields: null, inputFields: null, interfaces: null,
    enumValues: values.map((v) => ({ name: v, description: null })),
  }
}

const coreFields = [
  field('id', nonNull(named('ID'))),
  field('assetTag', nonNull(named('String'))),
  field('name', nonNull(named('String'))),
  field('status', nonNull(named('AssetStatus', 'OBJECT'))),
  field('location', named('Location', 'OBJECT')),
  field('notes', named('String')),
  field('history', nonNull(listOf(named('AuditEntry', 'OBJECT'))), [input('first', named('Int'), '20')]),
]

export const ASSET = objectType('Asset', coreFields, 'INTERFACE')
export const PRINTER = objectType('Printer', [
  ...coreFields,
  field('ipAddress', named('String')),
  field('colour', nonNull(named('Boolean'))),
  field('pagesPrinted', named('Int')),
  field('queue', named('PrintQueue', 'OBJECT')),
  field('host', named('Computer', 'OBJECT')),
  field('tonerLevel', named('Int'), [input('colour', nonNull(named('String')))]),
])
export const PRINT_QUEUE = objectType('PrintQueue', [field('name', nonNull(named('String'))), field('size', named('Int'))])
export const COMPUTER = objectType('Computer', [...coreFields, field('kind', nonNull(named('String')))])
export const ASSET_STATUS = objectType('AssetStatus', [field('id', nonNull(named('ID'))), field('name', named('String'))])
export const LOCATION = objectType('Location', [field('id', nonNull(named('ID'))), field('name', named('String'))])

export const PAPER = enumType('PaperSize', ['A4', 'A3', 'LETTER'])
export const PRINTER_INPUT = inputType('PrinterInput', [
  input('name', nonNull(named('String'))),
  input('ipAddress', named('String')),
  input('paper', named('PaperSize', 'ENUM')),
  input('colour', named('Boolean')),
])
export const PRINTER_UPDATE_INPUT = inputType('PrinterUpdateInput', [
  input('name', named('String')),
  input('ipAddress', named('String')),
  input('pagesPrinted', named('Int')),
])
export const ASSET_UPDATE_INPUT = inputType('AssetUpdateInput', [
  input('name', named('String')),
  input('statusId', named('ID')),
  input('locationId', named('ID')),
  input('notes', named('String')),
])
export const PRINTER_PAYLOAD = objectType('PrinterPayload', [
  field('printer', named('Printer', 'OBJECT')),
  field('errors', nonNull(listOf(nonNull(named('UserError', 'OBJECT'))))),
])
export const ASSET_PAYLOAD = objectType('AssetPayload', [
  field('asset', named('Asset', 'INTERFACE')),
  field('errors', nonNull(listOf(nonNull(named('UserError', 'OBJECT'))))),
])
export const USER_ERROR = objectType('UserError', [field('message', nonNull(named('String')))])

export const MUTATIONS: FieldInfo[] = [
  field('createPrinter', nonNull(named('PrinterPayload', 'OBJECT')), [input('input', nonNull(named('PrinterInput', 'INPUT_OBJECT')))]),
  field('updatePrinter', nonNull(named('PrinterPayload', 'OBJECT')), [
    input('id', nonNull(named('ID'))),
    input('input', nonNull(named('PrinterUpdateInput', 'INPUT_OBJECT'))),
  ]),
  field('updateAsset', nonNull(named('AssetPayload', 'OBJECT')), [
    input('id', nonNull(named('ID'))),
    input('input', nonNull(named('AssetUpdateInput', 'INPUT_OBJECT'))),
  ]),
]

const ALL = [ASSET, PRINTER, PRINT_QUEUE, COMPUTER, ASSET_STATUS, LOCATION, PAPER, PRINTER_INPUT, PRINTER_UPDATE_INPUT, ASSET_UPDATE_INPUT, PRINTER_PAYLOAD, ASSET_PAYLOAD, USER_ERROR]

/** A SchemaSource over the fixtures above. */
export const fakeSchema = {
  type: async (name: string) => ALL.find((t) => t.name === name) ?? null,
  rootFields: async () => ({ mutationFields: MUTATIONS, subscriptionFields: [] as FieldInfo[] }),
}
