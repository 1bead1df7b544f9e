import { onBeforeUnmount, ref, watch } from 'vue'
import type { Ref } from 'vue'

/** A copy of `source` that follows it `ms` after it stops changing. */
export function useDebounced<T>(source: Ref<T>, ms = 250): Ref<T> {
  const value = ref(source.value) as Ref<T>
  let timer: ReturnType<typeof setTimeout> | undefined
  watch(source, (next) => {
    clearTimeout(timer)
    timer = setTimeout(() => (value.value = next), ms)
  })
  onBeforeUnmount(() => clearTimeout(timer))
  return value
}
