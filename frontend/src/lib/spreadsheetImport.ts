/**
 * The pure part of the spreadsheet import: which column goes to which field, and the rows
 * as the `importAssets` / `importLocations` mutations take them.
 */
export interface ImportField {
  name: string
  label: string
}

export type Cell = string | number | boolean | null
export type Mapping = Record<string, string> // header -> field name ('' = left out)

export const CHUNK = 1000

/** `Serial number`, `serial_number` and `serialNumber` all read `serialnumber`. */
export function normalize(text: string): string {
  return text.toLowerCase().replace(/[\s_\-./]+/g, '')
}

/**
 * Each header's field: the remembered mapping where it still fits, else the field whose
 * name or label the header spells (ignoring case, spaces and underscores), else nothing.
 * A field is taken by one header at most.
 */
export function autoMap(headers: string[], fields: ImportField[], remembered: Mapping = {}): Mapping {
  const known = new Set(fields.map((f) => f.name))
  const byKey = new Map<string, string>()
  for (const f of fields) {
    byKey.set(normalize(f.label), f.name)
    byKey.set(normalize(f.name), f.name)
  }
  const used = new Set<string>()
  const mapping: Mapping = {}
  for (const header of headers) {
    const wanted = remembered[header]
    const field = wanted !== undefined && (wanted === '' || known.has(wanted)) ? wanted : (byKey.get(normalize(header)) ?? '')
    mapping[header] = field && !used.has(field) ? field : ''
    if (mapping[header]) used.add(mapping[header]!)
  }
  return mapping
}

/** Rows as objects of field -> cell, mapped columns only. */
export function toRecords(headers: string[], rows: Cell[][], mapping: Mapping): Record<string, Cell>[] {
  const columns = headers.map((h, i) => [mapping[h] ?? '', i] as const).filter(([field]) => field)
  return rows.map((row) => Object.fromEntries(columns.map(([field, i]) => [field, row[i] ?? null])))
}

export function chunks<T>(items: T[], size: number = CHUNK): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/** Fields the mapping has to include for a row to mean anything. */
export function missingRequired(mapping: Mapping, required: string[]): string[] {
  const mapped = new Set(Object.values(mapping))
  return required.filter((r) => !mapped.has(r))
}
