import type { Client } from '@urql/core'
import { assetLinkField, buildInput, enumTypeNames, formFields, initialValue, rowInputTypeNames } from './formSpec'
import type { FormFieldSpec, RawValue } from './formSpec'
import { isLeaf, unwrap } from './types'
import type { FieldInfo, TypeInfo } from './types'
import type { UserError } from '@/graphql/errors'
import { errorsByField } from '@/graphql/errors'

/** What the introspection-driven form needs from the schema (SchemaIntrospector fits). */
export interface SchemaSource {
  type(name: string): Promise<TypeInfo | null>
  rootFields(): Promise<{ mutationFields: FieldInfo[] }>
}

export interface MutationTarget {
  field: string
  inputType: string
  takesId: boolean
  specs: FormFieldSpec[]
  payloadSelection: string
}

export interface AssetFormPlan {
  mode: 'create' | 'edit'
  typeName: string
  /** The kind's own mutation (create<Type>/update<Type>), or updateAsset for a generic asset. */
  primary: MutationTarget
  /** updateAsset for core fields the kind's input does not take; null when not needed. */
  core: MutationTarget | null
  /** All fields of the form: the primary's, then the core-only ones. */
  fields: FormFieldSpec[]
}

async function payloadSelection(schema: SchemaSource, field: FieldInfo): Promise<string> {
  const payload = await schema.type(unwrap(field.type).name)
  const parts = ['errors { field message code }']
  for (const f of payload?.fields ?? []) {
    const ref = unwrap(f.type)
    if (f.name === 'errors' || !(ref.kind === 'OBJECT' || ref.kind === 'INTERFACE')) continue
    const sub = await schema.type(ref.name)
    if (sub?.fields?.some((x) => x.name === 'id')) parts.push(`${f.name} { id }`)
  }
  return parts.join(' ')
}

async function target(schema: SchemaSource, field: FieldInfo | undefined): Promise<MutationTarget | null> {
  const inputArg = field?.args.find((a) => a.name === 'input')
  if (!field || !inputArg) return null
  const inputType = unwrap(inputArg.type).name
  const input = await schema.type(inputType)
  if (!input) return null
  const inputs = new Map<string, TypeInfo>()
  for (const name of rowInputTypeNames(input)) {
    const info = await schema.type(name)
    if (info) inputs.set(name, info)
  }
  const enums = new Map<string, TypeInfo>()
  for (const name of enumTypeNames(input, inputs)) {
    const info = await schema.type(name)
    if (info) enums.set(name, info)
  }
  return {
    field: field.name,
    inputType,
    takesId: field.args.some((a) => a.name === 'id'),
    specs: formFields(input, enums, inputs),
    payloadSelection: await payloadSelection(schema, field),
  }
}

/** Works out which mutations a create/edit form for `typeName` uses, from the schema. */
export async function planAssetForm(
  schema: SchemaSource,
  typeName: string,
  mode: 'create' | 'edit',
): Promise<AssetFormPlan | null> {
  const { mutationFields } = await schema.rootFields()
  const byName = (name: string) => mutationFields.find((f) => f.name === name)
  const verb = mode === 'edit' ? 'update' : 'create'
  const own = await target(schema, byName(`${verb}${typeName}`))
  const updateAsset = await target(schema, byName('updateAsset'))
  const primary = own ?? (mode === 'edit' ? updateAsset : null)
  if (!primary) return null
  const taken = new Set(primary.specs.map((s) => s.name))
  const coreOnly = primary === updateAsset ? [] : (updateAsset?.specs ?? []).filter((s) => !taken.has(s.name))
  const core = updateAsset && coreOnly.length > 0 ? { ...updateAsset, specs: coreOnly } : null
  if (mode === 'edit') markNonNullRequired(await schema.type(typeName), [...primary.specs, ...coreOnly])
  return { mode, typeName, primary, core, fields: [...primary.specs, ...coreOnly] }
}

/**
 * Update inputs make every field optional ("leave out = keep"), but a field that is
 * non-null on the asset cannot be cleared: require it so the form says so up front.
 */
function markNonNullRequired(type: TypeInfo | null, specs: FormFieldSpec[]): void {
  const fields = new Map((type?.fields ?? []).map((f) => [f.name, f]))
  for (const spec of specs) {
    const field = fields.get(spec.name)
    if (field && field.type.kind === 'NON_NULL' && isLeaf(field.type) && spec.widget !== 'checkbox') spec.required = true
  }
}

/** Output object types the values query selects into: the types of the form's list fields. */
export function nestedValueTypeNames(type: TypeInfo, specs: FormFieldSpec[]): string[] {
  const fields = new Map((type.fields ?? []).map((f) => [f.name, f]))
  return specs
    .filter((s) => s.widget === 'rows')
    .map((s) => fields.get(s.name))
    .filter((f): f is FieldInfo => !!f && unwrap(f.type).kind === 'OBJECT')
    .map((f) => unwrap(f.type).name)
}

/**
 * A query reading the current values of the form's fields from the asset: leaf fields, the
 * id of a related object (`locationId` ← `location { id }`, `controlsAssetId` ← `controls { id }`)
 * and the rows of list fields (only row fields the output type has; `nested` holds those types).
 */
export function valuesQuery(type: TypeInfo, specs: FormFieldSpec[], nested: Map<string, TypeInfo> = new Map()): string {
  const fields = new Map((type.fields ?? []).map((f) => [f.name, f]))
  const parts: string[] = []
  for (const spec of specs) {
    const direct = fields.get(spec.name)
    const link = spec.widget === 'asset' ? assetLinkField(spec.name) : null
    const related = fields.get(link ?? (spec.name.endsWith('Id') ? spec.name.slice(0, -2) : ''))
    if (direct && isLeaf(direct.type)) parts.push(spec.name)
    else if (direct && spec.widget === 'rows') {
      const rowType = nested.get(unwrap(direct.type).name)
      const have = new Set((rowType?.fields ?? []).filter((f) => isLeaf(f.type)).map((f) => f.name))
      const cells = (spec.subFields ?? []).map((f) => f.name).filter((n) => have.has(n))
      if (cells.length) parts.push(`${spec.name} { ${cells.join(' ')} }`)
    } else if (related && !isLeaf(related.type)) parts.push(`${related.name} { id }`)
  }
  return `query AssetFormValues($id: ID!) {
  asset(id: $id) { id ... on ${type.name} { ${parts.join(' ')} } }
}`
}

export function initialValues(specs: FormFieldSpec[], source: Record<string, unknown> | null) {
  return Object.fromEntries(specs.map((s) => [s.name, initialValue(s, source)])) as Record<string, RawValue>
}

function mutationText(t: MutationTarget): string {
  const vars = t.takesId ? `($id: ID!, $input: ${t.inputType}!)` : `($input: ${t.inputType}!)`
  const args = t.takesId ? '(id: $id, input: $input)' : '(input: $input)'
  return `mutation AssetFormSubmit${vars} { ${t.field}${args} { ${t.payloadSelection} } }`
}

export interface SubmitResult {
  ok: boolean
  id: string | null
  errors: Record<string, string[]>
}

function firstId(payload: Record<string, unknown> | undefined): string | null {
  for (const value of Object.values(payload ?? {})) {
    const id = (value as { id?: unknown } | null)?.id
    if (typeof id === 'string') return id
  }
  return null
}

async function run(
  client: Client,
  t: MutationTarget,
  id: string | null,
  input: Record<string, unknown>,
): Promise<{ id: string | null; errors: UserError[] }> {
  const variables = t.takesId ? { id, input } : { input }
  const result = await client.mutation(mutationText(t), variables).toPromise()
  if (result.error) {
    return { id: null, errors: [{ field: null, message: result.error.message, code: 'INVALID' }] }
  }
  const payload = (result.data as Record<string, Record<string, unknown>> | undefined)?.[t.field]
  return { id: firstId(payload), errors: (payload?.errors as UserError[] | undefined) ?? [] }
}

/** Sends the form: one mutation, or the kind's plus updateAsset for core-only fields. */
export async function submitAssetForm(
  client: Client,
  plan: AssetFormPlan,
  values: Record<string, RawValue>,
  context: { id?: string; initial?: Record<string, RawValue> },
): Promise<SubmitResult> {
  const names = plan.fields.map((f) => f.name)
  const initial = plan.mode === 'edit' ? context.initial : undefined
  const primary = buildInput(plan.primary.specs, values, initial)
  const core = plan.core ? buildInput(plan.core.specs, values, initial ?? initialValues(plan.core.specs, null)) : null
  const clientErrors = { ...primary.errors, ...(core?.errors ?? {}) }
  if (Object.keys(clientErrors).length > 0) return { ok: false, id: context.id ?? null, errors: clientErrors }

  let id = context.id ?? null
  const serverErrors: UserError[] = []
  if (plan.mode === 'create' || Object.keys(primary.input).length > 0) {
    const res = await run(client, plan.primary, id, primary.input)
    serverErrors.push(...res.errors)
    id ??= res.id
  }
  if (plan.core && core && id && serverErrors.length === 0 && Object.keys(core.input).length > 0) {
    const res = await run(client, plan.core, id, core.input)
    serverErrors.push(...res.errors)
  }
  return { ok: serverErrors.length === 0, id, errors: errorsByField(serverErrors, names) }
}
