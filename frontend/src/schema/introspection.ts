import { gql } from '@urql/core'
import type { Client } from '@urql/core'
import type { FieldInfo, RootInfo, TypeInfo } from './types'

const TYPE_REF = `
  fragment TypeRefParts on __Type {
    kind
    name
    ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } }
  }
`

const FIELD_PARTS = `
  fragment FieldParts on __Field {
    name
    description
    args { name description defaultValue type { ...TypeRefParts } }
    type { ...TypeRefParts }
  }
`

export const TypeInfoQuery = gql<{ __type: TypeInfo | null }, { name: string }>`
  query TypeInfo($name: String!) {
    __type(name: $name) {
      name
      kind
      description
      fields { ...FieldParts }
      inputFields { name description defaultValue type { ...TypeRefParts } }
      enumValues { name description }
      interfaces { name }
    }
  }
  ${FIELD_PARTS}
  ${TYPE_REF}
`

export const RootInfoQuery = gql<{
  __schema: {
    mutationType: { fields: FieldInfo[] } | null
    subscriptionType: { fields: FieldInfo[] } | null
  }
}>`
  query RootInfo {
    __schema {
      mutationType { fields { ...FieldParts } }
      subscriptionType { fields { ...FieldParts } }
    }
  }
  ${FIELD_PARTS}
  ${TYPE_REF}
`

/**
 * Introspection answers, cached until the schema changes (call `clear()` on a schema
 * epoch bump). Promises are cached so concurrent callers share one request.
 */
export class SchemaIntrospector {
  private types = new Map<string, Promise<TypeInfo | null>>()
  private root: Promise<RootInfo> | null = null

  constructor(private readonly client: () => Client) {}

  clear(): void {
    this.types.clear()
    this.root = null
  }

  type(name: string): Promise<TypeInfo | null> {
    let pending = this.types.get(name)
    if (!pending) {
      pending = this.client()
        .query(TypeInfoQuery, { name }, { requestPolicy: 'network-only' })
        .toPromise()
        .then((r) => {
          if (r.error) throw r.error
          return r.data?.__type ?? null
        })
      pending.catch(() => this.types.delete(name))
      this.types.set(name, pending)
    }
    return pending
  }

  rootFields(): Promise<RootInfo> {
    if (!this.root) {
      const pending = this.client()
        .query(RootInfoQuery, {}, { requestPolicy: 'network-only' })
        .toPromise()
        .then((r) => {
          if (r.error) throw r.error
          return {
            mutationFields: r.data?.__schema.mutationType?.fields ?? [],
            subscriptionFields: r.data?.__schema.subscriptionType?.fields ?? [],
          }
        })
      pending.catch(() => {
        this.root = null
      })
      this.root = pending
    }
    return this.root
  }
}
