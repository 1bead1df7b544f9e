/** Below this percent a supply counts as low (the printers plugin's dashboard tile uses 15). */
export const LOW_SUPPLY_PERCENT = 15

export interface SupplyBar {
  name: string
  level: number
  low: boolean
}

/** Supplies as bars: level clamped to 0-100, low ones flagged, lowest first then by name. */
export function supplyBars(supplies: { name: string; level: number }[], low = LOW_SUPPLY_PERCENT): SupplyBar[] {
  return supplies
    .map((s) => {
      const level = Math.max(0, Math.min(100, Math.round(s.level)))
      return { name: s.name, level, low: level < low }
    })
    .sort((a, b) => Number(b.low) - Number(a.low) || a.name.localeCompare(b.name))
}

/** The list column's text: the emptiest supply and its level ("Black 8%"), or a dash. */
export function lowestSupply(supplies: unknown): string {
  if (!Array.isArray(supplies)) return '—'
  const bars = supplyBars(supplies.filter((s): s is { name: string; level: number } =>
    typeof s?.name === 'string' && typeof s?.level === 'number'))
  const lowest = [...bars].sort((a, b) => a.level - b.level)[0]
  return lowest ? `${lowest.name} ${lowest.level}%` : '—'
}
