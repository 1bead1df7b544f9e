import { computed, ref } from 'vue'

/** Forward-only cursors made two-way: remembers the `after` of each page visited. */
export function useCursorPager() {
  const after = ref<string | null>(null)
  const stack = ref<(string | null)[]>([])
  return {
    after,
    pageNumber: computed(() => stack.value.length + 1),
    hasPrevious: computed(() => stack.value.length > 0),
    next(endCursor: string) {
      stack.value = [...stack.value, after.value]
      after.value = endCursor
    },
    previous() {
      const copy = [...stack.value]
      after.value = copy.pop() ?? null
      stack.value = copy
    },
    reset() {
      stack.value = []
      after.value = null
    },
  }
}
