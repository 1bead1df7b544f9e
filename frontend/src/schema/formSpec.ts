import { humanize, unwrap } from './types'
import type { InputValueInfo, TypeInfo } from './types'

export type Widget =
  | 'text'
  | 'textarea'
  | 'integer'
  | 'number'
  | 'checkbox'
  | 'select'
  | 'datetime'
  | 'list'
  | 'rows'
  | 'asset'
  | 'status'
  | 'location'
  | 'json'

export interface FormFieldSpec {
  name: string
  label: string
  widget: Widget
  required: boolean
  description: string | null
  options: { value: string; label: string }[]
  /** For 'rows': the fields of one row (an input object's fields). */
  subFields?: FormFieldSpec[]
  /** The GraphQL enum of a 'select', for the labels of its options. */
  enumName?: string
}

/** What the server's labels offer (composables/useLabels.ts). */
export interface LabelSource {
  field(typeName: string | null | undefined, name: string): string
  enumValue(enumName: string | null | undefined, value: string): string
}

/** Give the form the server's words: field labels and option labels, rows included. */
export function relabel(specs: FormFieldSpec[], inputType: string | null, labels: LabelSource): void {
  for (const spec of specs) {
    spec.label = labels.field(inputType, spec.name)
    for (const option of spec.options) option.label = labels.enumValue(spec.enumName, option.value)
    if (spec.subFields) relabel(spec.subFields, null, labels)
  }
}

export type RawValue = string | boolean

const TEXTAREAS = new Set(['notes', 'description', 'comment', 'comments'])
const LOCATION_IDS = new Set(['locationId', 'parentId'])

/** `controlsAssetId` → `controls`: the output field holding the linked asset (plugin convention). */
export function assetLinkField(name: string): string | null {
  return /^[a-z]\w*AssetId$/.test(name) ? name.slice(0, -'AssetId'.length) : null
}

function widgetFor(field: InputValueInfo, enums: Map<string, TypeInfo>, inputs: Map<string, TypeInfo>): Widget {
  const ref = unwrap(field.type)
  if (field.name === 'statusId') return 'status'
  if (LOCATION_IDS.has(field.name)) return 'location'
  if (ref.name === 'ID' && !ref.list && assetLinkField(field.name)) return 'asset'
  if (ref.list && ref.kind === 'INPUT_OBJECT' && inputs.has(ref.name)) return 'rows'
  if (ref.kind === 'INPUT_OBJECT') return 'json'
  if (ref.list) return ref.kind === 'SCALAR' || ref.kind === 'ENUM' ? 'list' : 'json'
  if (ref.kind === 'ENUM') return enums.has(ref.name) ? 'select' : 'text'
  switch (ref.name) {
    case 'Boolean':
      return 'checkbox'
    case 'Int':
      return 'integer'
    case 'Float':
      return 'number'
    case 'DateTime':
      return 'datetime'
    case 'JSON':
      return 'json'
    default:
      return TEXTAREAS.has(field.name) ? 'textarea' : 'text'
  }
}

/**
 * The form for an input object type, one spec per input field, in schema order. `inputs`
 * holds the input object types of list fields (their rows are edited field by field).
 */
export function formFields(
  input: TypeInfo,
  enums: Map<string, TypeInfo> = new Map(),
  inputs: Map<string, TypeInfo> = new Map(),
): FormFieldSpec[] {
  return (input.inputFields ?? []).map((field) => {
    const ref = unwrap(field.type)
    const enumType = ref.kind === 'ENUM' ? enums.get(ref.name) : undefined
    const widget = widgetFor(field, enums, inputs)
    const link = widget === 'asset' ? assetLinkField(field.name) : null
    const spec: FormFieldSpec = {
      name: field.name,
      label: humanize(link ?? field.name.replace(/Id$/, '')),
      widget,
      required: field.type.kind === 'NON_NULL' && field.defaultValue == null,
      description: technicianHint(field.description),
      options: (enumType?.enumValues ?? []).map((v) => ({ value: v.name, label: humanize(v.name.toLowerCase()) })),
    }
    if (widget === 'rows') spec.subFields = formFields(inputs.get(ref.name)!, enums)
    if (enumType) spec.enumName = ref.name
    return spec
  })
}

/**
 * A schema description as a hint for a technician: no code formatting, and no notes about
 * how the API treats `null` or absent values (the form handles those).
 */
export function technicianHint(description: string | null): string | null {
  if (!description) return null
  const text = description
    .replace(/\s*\([^()]*\b(null|absent|omit\w*|leave out)\b[^()]*\)/gi, '')
    .split(/(?<=\.)\s+/)
    .filter((sentence) => !/\bnull\b/i.test(sentence))
    .join(' ')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\s+/g, ' ')
    .trim()
  return text || null
}

/** Enum types named by the input's fields, and by the fields of its list-of-object fields. */
export function enumTypeNames(input: TypeInfo, inputs: Map<string, TypeInfo> = new Map()): string[] {
  const fields = [input, ...inputs.values()].flatMap((t) => t.inputFields ?? [])
  return fields.map((f) => unwrap(f.type)).filter((r) => r.kind === 'ENUM').map((r) => r.name)
}

/** Input object types of the input's list fields (edited as rows). */
export function rowInputTypeNames(input: TypeInfo): string[] {
  return (input.inputFields ?? [])
    .map((f) => unwrap(f.type))
    .filter((r) => r.list && r.kind === 'INPUT_OBJECT')
    .map((r) => r.name)
}

function toLocalInput(iso: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return ''
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000)
  return local.toISOString().slice(0, 16)
}

/** The form value of `spec` taken from an object read from the API (an asset). */
export function initialValue(spec: FormFieldSpec, source: Record<string, unknown> | null): RawValue {
  let value: unknown = source?.[spec.name]
  if (value === undefined && spec.name.endsWith('Id') && source) {
    const related = source[spec.name.slice(0, -2)] as { id?: unknown } | null | undefined
    value = related?.id
  }
  if (spec.widget === 'checkbox') return value === true
  if (spec.widget === 'asset' && source) {
    const linked = source[assetLinkField(spec.name) ?? ''] as { id?: unknown } | null | undefined
    return typeof linked?.id === 'string' ? linked.id : ''
  }
  if (spec.widget === 'rows') return JSON.stringify(rowsOf(spec, value))
  if (spec.widget === 'list') return JSON.stringify(Array.isArray(value) ? value.map((v) => String(v ?? '')) : [])
  if (value === null || value === undefined) return ''
  if (spec.widget === 'json') return JSON.stringify(value, null, 2)
  if (spec.widget === 'datetime' && typeof value === 'string') return toLocalInput(value)
  return String(value)
}

/** The rows of a 'rows' field read from the API: only the row's own fields, as text. */
function rowsOf(spec: FormFieldSpec, value: unknown): Record<string, string>[] {
  if (!Array.isArray(value)) return []
  return value.map((item) => Object.fromEntries((spec.subFields ?? []).map((f) => {
    const v = (item as Record<string, unknown> | null)?.[f.name]
    return [f.name, v === null || v === undefined ? '' : String(v)]
  })))
}

export type Converted = { ok: true; value: unknown } | { ok: false; message: string }

function parseList(raw: string): unknown[] {
  try {
    const parsed: unknown = JSON.parse(raw || '[]')
    return Array.isArray(parsed) ? parsed : []
  } catch {
    return []
  }
}

/** Rows → a list of input objects; empty rows are dropped, row fields converted and checked. */
function convertRows(spec: FormFieldSpec, raw: string): Converted {
  const out: Record<string, unknown>[] = []
  for (const [index, row] of parseList(raw).entries()) {
    const cells = row as Record<string, RawValue>
    if ((spec.subFields ?? []).every((f) => String(cells[f.name] ?? '').trim() === '')) continue
    const item: Record<string, unknown> = {}
    for (const sub of spec.subFields ?? []) {
      const result = convert(sub, cells[sub.name] ?? '')
      if (!result.ok) return { ok: false, message: `Row ${index + 1}: ${result.message}` }
      item[sub.name] = result.value
    }
    out.push(item)
  }
  return { ok: true, value: out }
}

/** Form value → GraphQL variable value, or a message saying what to fix. */
export function convert(spec: FormFieldSpec, raw: RawValue): Converted {
  if (spec.widget === 'checkbox') return { ok: true, value: raw === true }
  if (spec.widget === 'rows') return convertRows(spec, String(raw))
  if (spec.widget === 'list') {
    return { ok: true, value: parseList(String(raw)).map((v) => String(v).trim()).filter(Boolean) }
  }
  const text = String(raw).trim()
  if (text === '') {
    return spec.required ? { ok: false, message: `${spec.label} is required.` } : { ok: true, value: null }
  }
  switch (spec.widget) {
    case 'integer':
      return /^-?\d+$/.test(text)
        ? { ok: true, value: Number.parseInt(text, 10) }
        : { ok: false, message: `${spec.label} must be a whole number.` }
    case 'number': {
      const n = Number(text)
      return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, message: `${spec.label} must be a number.` }
    }
    case 'datetime': {
      const date = new Date(text)
      return Number.isNaN(date.getTime())
        ? { ok: false, message: `${spec.label} must be a date and time.` }
        : { ok: true, value: date.toISOString() }
    }
    case 'json':
      try {
        return { ok: true, value: JSON.parse(text) }
      } catch {
        return { ok: false, message: `${spec.label} must be valid JSON.` }
      }
    default:
      return { ok: true, value: text }
  }
}

export interface BuiltInput {
  input: Record<string, unknown>
  errors: Record<string, string[]>
}

/**
 * The mutation input from form values. With `initial`, only fields whose value changed
 * are sent (an update touches, and audits, only what the user edited).
 */
export function buildInput(
  specs: FormFieldSpec[],
  values: Record<string, RawValue>,
  initial?: Record<string, RawValue>,
): BuiltInput {
  const input: Record<string, unknown> = {}
  const errors: Record<string, string[]> = {}
  for (const spec of specs) {
    const raw = values[spec.name] ?? (spec.widget === 'checkbox' ? false : '')
    if (initial && initial[spec.name] === raw) continue
    const result = convert(spec, raw)
    if (result.ok) input[spec.name] = result.value
    else errors[spec.name] = [result.message]
  }
  return { input, errors }
}
