import type { FieldInfo, TypeInfo } from './types'

/**
 * What an optional view needs from the live schema: fields per type (root query fields
 * under the query type's name, `Query`) and mutations. Checked before any of its operations
 * is sent, so a disabled plugin's view stays quiet instead of failing.
 */
export interface SchemaNeeds {
  fields?: Record<string, string[]>
  mutations?: string[]
}

export interface SchemaSupport {
  /** Every type and field in `needs.fields` exists. */
  fields: boolean
  /** The mutations of `needs.mutations` that exist. */
  mutations: Set<string>
}

interface Source {
  type(name: string): Promise<TypeInfo | null>
  rootFields(): Promise<{ mutationFields: FieldInfo[] }>
}

export async function schemaSupport(schema: Source, needs: SchemaNeeds): Promise<SchemaSupport> {
  const wanted = Object.entries(needs.fields ?? {})
  const types = await Promise.all(wanted.map(([name]) => schema.type(name)))
  const fields = wanted.every(([, names], i) => {
    const have = new Set((types[i]?.fields ?? []).map((f) => f.name))
    return types[i] !== null && names.every((n) => have.has(n))
  })
  const mutations = new Set<string>()
  if (needs.mutations?.length) {
    const { mutationFields } = await schema.rootFields()
    const have = new Set(mutationFields.map((f) => f.name))
    for (const m of needs.mutations) if (have.has(m)) mutations.add(m)
  }
  return { fields, mutations }
}
