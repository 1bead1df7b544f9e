/** Calibrations shown on a tool's page (and asked for after recording one). */
export const HISTORY_SIZE = 20

/** Days between now and `due` (negative: overdue), rounded towards the earlier day; null without a date. */
export function daysUntil(due: string | null | undefined, now = new Date()): number | null {
  if (!due) return null
  const t = new Date(due).getTime()
  return Number.isNaN(t) ? null : Math.floor((t - now.getTime()) / 86_400_000)
}

/** "overdue by 3 days", "due today", "due in 12 days", "never calibrated". */
export function dueText(due: string | null | undefined, interval: number | null | undefined, now = new Date()): string {
  const days = daysUntil(due, now)
  if (days === null) return interval ? 'never calibrated' : 'not on a schedule'
  if (days < 0) return `overdue by ${-days} day${days === -1 ? '' : 's'}`
  if (days === 0) return 'due today'
  return `due in ${days} day${days === 1 ? '' : 's'}`
}
