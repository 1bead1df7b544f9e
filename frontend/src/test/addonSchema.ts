import type { Handler } from './mockClient'

const scalar = { kind: 'SCALAR', name: 'String', ofType: null }
const field = (name: string) => ({ name, description: null, args: [], type: scalar })

/**
 * Answers the introspection queries (TypeInfo, RootInfo) for a schema that has `types`
 * (type name → its field names) and `mutations`; other types do not exist.
 */
export function schemaAnswers(types: Record<string, string[]>, mutations: string[] = []): Handler {
  return (op, name) => {
    if (name === 'TypeInfo') {
      const typeName = String(op.variables.name)
      const fields = types[typeName]
      return {
        data: {
          __type: fields
            ? { name: typeName, kind: 'OBJECT', description: null, fields: fields.map(field), inputFields: null, enumValues: null, interfaces: [] }
            : null,
        },
      }
    }
    if (name === 'RootInfo') {
      return { data: { __schema: { mutationType: { fields: mutations.map(field) }, subscriptionType: null } } }
    }
    return undefined
  }
}

export async function settle(rounds = 8) {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setTimeout(resolve, 0))
}
