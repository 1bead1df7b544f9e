/** Field locks: the server names a locked field in lower case without separators. */

/** Core fields by lock key (the core `assets` columns a person can edit). */
export const CORE_LOCK_LABELS: Record<string, string> = {
  assettag: 'Asset tag', name: 'Name', serialnumber: 'Serial number', notes: 'Notes',
  statusid: 'Status', locationid: 'Location', mapx: 'Map position (x)', mapy: 'Map position (y)',
}

/** The lock key of a GraphQL field name: `serialNumber` -> `serialnumber`. */
export function lockKey(fieldName: string): string {
  return fieldName.replace(/_/g, '').toLowerCase()
}

/** A label for a lock: a core field's, else the server's label for the column. */
export function lockLabel(key: string, column: (column: string) => string): string {
  return CORE_LOCK_LABELS[key] ?? column(key)
}
