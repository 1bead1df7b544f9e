/** Stored spellings of a managed list, grouped the way the server groups them. */
export interface Spelling {
  value: string
  assetCount: number
  kinds: string[]
  managed: boolean
  group: string
  suggestion: string | null
}

export interface SpellingGroup {
  group: string
  spellings: Spelling[]
  /** The name the group merges into: the server's suggestion, else the group's own name. */
  suggestion: string
}

/** Groups with several spellings first (what needs tidying), then by name. */
export function groupSpellings(spellings: Spelling[]): SpellingGroup[] {
  const groups = new Map<string, Spelling[]>()
  for (const s of spellings) groups.set(s.group, [...(groups.get(s.group) ?? []), s])
  return [...groups].map(([group, items]) => {
    const named = items.find((s) => s.suggestion)?.suggestion
    const self = items.find((s) => !s.suggestion)?.value
    return { group, spellings: items, suggestion: named ?? self ?? items[0]!.value }
  }).sort((a, b) => Number(b.spellings.length > 1) - Number(a.spellings.length > 1) || a.group.localeCompare(b.group))
}
