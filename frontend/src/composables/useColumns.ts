import { computed, ref, watch } from 'vue'
import type { MaybeRefOrGetter } from 'vue'
import { toValue } from 'vue'

export interface ColumnDef {
  key: string
  label: string
  /** Shown until the user chooses otherwise. */
  default?: boolean
}

function load(storageKey: string): string[] | null {
  try {
    const raw = localStorage.getItem(storageKey)
    const parsed: unknown = raw ? JSON.parse(raw) : null
    return Array.isArray(parsed) && parsed.every((v) => typeof v === 'string') ? parsed : null
  } catch {
    return null
  }
}

/** Which columns a table shows, remembered per browser under `storageKey`. */
export function useColumns(storageKey: MaybeRefOrGetter<string>, available: MaybeRefOrGetter<ColumnDef[]>) {
  const chosen = ref<string[] | null>(load(toValue(storageKey)))
  watch(() => toValue(storageKey), (key) => (chosen.value = load(key)))

  const visible = computed(() => {
    const all = toValue(available)
    const keys = chosen.value ?? all.filter((c) => c.default).map((c) => c.key)
    return all.filter((c) => keys.includes(c.key))
  })

  function save(keys: string[]) {
    chosen.value = keys
    try {
      localStorage.setItem(toValue(storageKey), JSON.stringify(keys))
    } catch {
      // Private mode or full storage: the choice lasts for this page only.
    }
  }

  return {
    visible,
    isVisible: (key: string) => visible.value.some((c) => c.key === key),
    toggle(key: string) {
      const keys = visible.value.map((c) => c.key)
      save(keys.includes(key) ? keys.filter((k) => k !== key) : [...keys, key])
    },
    reset() {
      chosen.value = null
      try {
        localStorage.removeItem(toValue(storageKey))
      } catch {
        // ignore, see save()
      }
    },
  }
}
