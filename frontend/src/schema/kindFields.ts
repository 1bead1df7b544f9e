import { hasRequiredArgs, isLeaf, unwrap } from './types'
import type { FieldInfo, TypeInfo } from './types'

/** Sub-fields picked, in this order, to show an object-typed field in one line. */
const LABEL_FIELDS = ['id', 'name', 'label', 'title', 'assetTag', 'kind', 'code']

/** The kind's own fields: on its type but not on the Asset interface, no required args. */
export function ownFields(kindType: TypeInfo, assetInterface: TypeInfo | null): FieldInfo[] {
  const core = new Set((assetInterface?.fields ?? []).map((f) => f.name))
  return (kindType.fields ?? []).filter(
    (f) => !core.has(f.name) && !f.name.startsWith('__') && !hasRequiredArgs(f),
  )
}

/** Named object/interface types the selection needs to know, one level deep. */
export function nestedTypeNames(fields: FieldInfo[]): string[] {
  const names = fields
    .map((f) => unwrap(f.type))
    .filter((t) => t.kind === 'OBJECT' || t.kind === 'INTERFACE')
    .map((t) => t.name)
  return [...new Set(names)]
}

function subSelection(type: TypeInfo | undefined): string | null {
  const leaves = (type?.fields ?? []).filter((f) => isLeaf(f.type) && !hasRequiredArgs(f))
  const names = leaves.map((f) => f.name)
  const picked = LABEL_FIELDS.filter((n) => names.includes(n))
  const chosen = picked.length > 0 ? picked : names.slice(0, 5)
  return chosen.length > 0 ? `{ __typename ${chosen.join(' ')} }` : null
}

/** A GraphQL selection for `fields`; object fields get a short label selection. */
export function buildSelection(fields: FieldInfo[], nested: Map<string, TypeInfo>): string {
  const parts: string[] = []
  for (const field of fields) {
    const ref = unwrap(field.type)
    if (ref.kind === 'SCALAR' || ref.kind === 'ENUM') {
      parts.push(field.name)
    } else if (ref.kind === 'OBJECT' || ref.kind === 'INTERFACE') {
      const sub = subSelection(nested.get(ref.name))
      if (sub) parts.push(`${field.name} ${sub}`)
    }
  }
  return parts.join('\n')
}

export function selectableFields(fields: FieldInfo[], nested: Map<string, TypeInfo>): FieldInfo[] {
  return fields.filter((f) => {
    const ref = unwrap(f.type)
    if (ref.kind === 'SCALAR' || ref.kind === 'ENUM') return true
    return (ref.kind === 'OBJECT' || ref.kind === 'INTERFACE') && subSelection(nested.get(ref.name)) !== null
  })
}

export function kindDetailQuery(typeName: string, selection: string): string {
  return `query KindDetail($id: ID!) {
  asset(id: $id) { id ... on ${typeName} { ${selection} } }
}`
}

export interface DisplayValue {
  text: string
  /** Router path when the value is something the UI can open (an asset). */
  to?: string
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—'
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? value : date.toLocaleString()
}

export function displayValue(value: unknown): DisplayValue {
  if (value === null || value === undefined || value === '') return { text: '—' }
  if (typeof value === 'boolean') return { text: value ? 'Yes' : 'No' }
  if (typeof value === 'number') return { text: String(value) }
  if (typeof value === 'string') return { text: ISO_DATE.test(value) ? formatDateTime(value) : value }
  if (Array.isArray(value)) {
    return { text: value.length ? value.map((v) => displayValue(v).text).join(', ') : '—' }
  }
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>
    const label = obj.name ?? obj.label ?? obj.title ?? obj.assetTag ?? obj.code ?? obj.id
    const text = label === undefined ? JSON.stringify(obj) : String(label)
    const isAsset = typeof obj.kind === 'string' && typeof obj.id === 'string'
    return isAsset ? { text, to: `/assets/${encodeURIComponent(obj.id as string)}` } : { text }
  }
  return { text: String(value) }
}
