import { computed } from 'vue'
import { LabelsDocument } from '@/gql/graphql'
import type { LabelsQuery } from '@/gql/graphql'
import { humanize } from '@/schema/types'
import { useSchemaQuery } from './useSchemaQuery'

export type LabelsData = LabelsQuery['labels']

/** Lookups over the labels the server serves for its schema (plugin kinds included). */
export function labelLookups(data: LabelsData | null | undefined) {
  const byField = new Map<string, string>()
  const anyType = new Map<string, string>()
  const byColumn = new Map<string, string>()
  const byEnum = new Map<string, string>()
  const anyEnum = new Map<string, string>()
  for (const f of data?.fields ?? []) {
    byField.set(`${f.typeName}.${f.field}`, f.label)
    if (!anyType.has(f.field)) anyType.set(f.field, f.label)
    if (!byColumn.has(f.column)) byColumn.set(f.column, f.label)
  }
  for (const v of data?.enumValues ?? []) {
    byEnum.set(`${v.enum}.${v.value}`, v.label)
    if (!anyEnum.has(v.value)) anyEnum.set(v.value, v.label)
  }
  const relations = new Map((data?.relationshipTypes ?? []).map((r) => [r.type, r]))
  return {
    /** The relationship types the server names, with their words. */
    relationshipTypes: [...relations.values()],
    /** `osVersion` on `Computer` → `OS version`. */
    field: (typeName: string | null | undefined, name: string): string =>
      byField.get(`${typeName}.${name}`) ?? anyType.get(name) ?? humanize(name),
    /** A stored column (`osversion`), as audit entries name it. */
    column: (column: string): string => byColumn.get(column) ?? humanize(column),
    /** `SHOP_FLOOR` → `Shop floor` (of `enumName` when known). */
    enumValue: (enumName: string | null | undefined, value: string): string =>
      byEnum.get(`${enumName}.${value}`) ?? anyEnum.get(value) ?? humanize(value.toLowerCase()),
    /** A relationship as seen from one end: `Controls` / `Controlled by`. */
    relationship: (type: string, outgoing: boolean): string => {
      const known = relations.get(type)
      if (known) return outgoing ? known.label : known.inverseLabel
      const words = humanize(type)
      return outgoing ? words : `${words} (from)`
    },
  }
}

export type Labels = ReturnType<typeof labelLookups>

/** The server's labels, refetched when plugins change (their kinds bring fields). */
export function useLabels() {
  const query = useSchemaQuery({ query: LabelsDocument })
  return computed<Labels>(() => labelLookups(query.data.value?.labels))
}
