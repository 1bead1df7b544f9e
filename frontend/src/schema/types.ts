/** Shapes of the introspection answers the UI reads (a subset of the spec's __Type). */
export type TypeKind =
  | 'SCALAR'
  | 'OBJECT'
  | 'INTERFACE'
  | 'UNION'
  | 'ENUM'
  | 'INPUT_OBJECT'
  | 'LIST'
  | 'NON_NULL'

export interface TypeRef {
  kind: TypeKind
  name: string | null
  ofType: TypeRef | null
}

export interface InputValueInfo {
  name: string
  description: string | null
  type: TypeRef
  defaultValue: string | null
}

export interface FieldInfo {
  name: string
  description: string | null
  args: InputValueInfo[]
  type: TypeRef
}

export interface TypeInfo {
  name: string
  kind: TypeKind
  description: string | null
  fields: FieldInfo[] | null
  inputFields: InputValueInfo[] | null
  enumValues: { name: string; description: string | null }[] | null
  interfaces: { name: string }[] | null
}

export interface RootInfo {
  mutationFields: FieldInfo[]
  subscriptionFields: FieldInfo[]
}

/** A type reference with its wrappers peeled: `[Int!]!` → { name: 'Int', list: true, ... }. */
export interface NamedRef {
  name: string
  kind: TypeKind
  list: boolean
  nonNull: boolean
}

export function unwrap(ref: TypeRef): NamedRef {
  let current: TypeRef | null = ref
  let list = false
  const nonNull = ref.kind === 'NON_NULL'
  while (current && (current.kind === 'NON_NULL' || current.kind === 'LIST')) {
    if (current.kind === 'LIST') list = true
    current = current.ofType
  }
  return { name: current?.name ?? 'Unknown', kind: current?.kind ?? 'SCALAR', list, nonNull }
}

export function isLeaf(ref: TypeRef): boolean {
  const { kind } = unwrap(ref)
  return kind === 'SCALAR' || kind === 'ENUM'
}

export function hasRequiredArgs(field: FieldInfo): boolean {
  return field.args.some((a) => a.type.kind === 'NON_NULL' && a.defaultValue == null)
}

/** 'ramGb' → 'Ram gb', 'ipAddress' → 'Ip address', 'os_version' → 'Os version'. */
export function humanize(name: string): string {
  const words = name
    .replace(/_/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .trim()
  return words.charAt(0).toUpperCase() + words.slice(1)
}
