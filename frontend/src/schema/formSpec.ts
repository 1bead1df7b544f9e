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
}

export type RawValue = string | boolean

const TEXTAREAS = new Set(['notes', 'description', 'comment', 'comments'])
const LOCATION_IDS = new Set(['locationId', 'parentId'])

function widgetFor(field: InputValueInfo, enums: Map<string, TypeInfo>): Widget {
  const ref = unwrap(field.type)
  if (field.name === 'statusId') return 'status'
  if (LOCATION_IDS.has(field.name)) return 'location'
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

/** The form for an input object type, one spec per input field, in schema order. */
export function formFields(input: TypeInfo, enums: Map<string, TypeInfo> = new Map()): FormFieldSpec[] {
  return (input.inputFields ?? []).map((field) => {
    const ref = unwrap(field.type)
    const enumType = ref.kind === 'ENUM' ? enums.get(ref.name) : undefined
    return {
      name: field.name,
      label: humanize(field.name.replace(/Id$/, '')),
      widget: widgetFor(field, enums),
      required: field.type.kind === 'NON_NULL' && field.defaultValue == null,
      description: field.description,
      options: (enumType?.enumValues ?? []).map((v) => ({ value: v.name, label: humanize(v.name.toLowerCase()) })),
    }
  })
}

export function enumTypeNames(input: TypeInfo): string[] {
  return (input.inputFields ?? [])
    .map((f) => unwrap(f.type))
    .filter((r) => r.kind === 'ENUM')
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
  if (value === null || value === undefined) return ''
  if (spec.widget === 'list' && Array.isArray(value)) return value.join(', ')
  if (spec.widget === 'json') return JSON.stringify(value, null, 2)
  if (spec.widget === 'datetime' && typeof value === 'string') return toLocalInput(value)
  return String(value)
}

export type Converted = { ok: true; value: unknown } | { ok: false; message: string }

/** Form value → GraphQL variable value, or a message saying what to fix. */
export function convert(spec: FormFieldSpec, raw: RawValue): Converted {
  if (spec.widget === 'checkbox') return { ok: true, value: raw === true }
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
    case 'list':
      return { ok: true, value: text.split(',').map((s) => s.trim()).filter(Boolean) }
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
