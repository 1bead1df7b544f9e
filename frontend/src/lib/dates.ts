/** `<input type="datetime-local">` value for `date` in the browser's time zone (minutes). */
export function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`
}

/** A datetime-local value (browser time zone) as an ISO instant with a zone; null when empty or invalid. */
export function fromLocalInput(value: string): string | null {
  if (!value.trim()) return null
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? null : date.toISOString()
}

export function daysFromNow(days: number, now = new Date()): Date {
  const date = new Date(now.getTime() + days * 86_400_000)
  date.setSeconds(0, 0)
  return date
}
