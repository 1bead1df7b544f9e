import type { Severity } from './gql/graphql'

export const SEVERITIES: Severity[] = ['INFO', 'WARNING', 'CRITICAL']

const WORDS: Record<Severity, string> = { INFO: 'Info', WARNING: 'Warning', CRITICAL: 'Critical' }

/** The word shown for a severity. */
export function severityLabel(severity: Severity): string {
  return WORDS[severity] ?? severity
}

/** Badge classes: critical red, warning amber, info plain. */
export function severityClass(severity: Severity): string {
  if (severity === 'CRITICAL') return 'badge badge-danger'
  if (severity === 'WARNING') return 'badge badge-warn'
  return 'badge'
}

/** The areas a notice targets, or "Whole site" when it names none. */
export function targetText(locations: readonly { name: string }[]): string {
  return locations.length ? locations.map((l) => l.name).join(', ') : 'Whole site'
}
