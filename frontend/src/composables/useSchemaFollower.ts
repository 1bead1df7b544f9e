import { onBeforeUnmount, onMounted } from 'vue'
import { bumpSchemaEpoch } from './useSchemaEpoch'

/** How often an open page asks which schema generation the server serves. */
export const FOLLOW_MS = 1_000

/**
 * Follows the server's schema generation (`/healthz`, answered from memory): when a plugin is
 * enabled or disabled anywhere, every open page refetches its menu, tiles and views within
 * about a second, instead of at the next 30 s menu poll.
 */
export function useSchemaFollower(fetcher: typeof fetch = (...args) => fetch(...args)) {
  let seen: number | null = null
  let timer: ReturnType<typeof setInterval> | undefined

  async function check() {
    try {
      const response = await fetcher('/healthz', { cache: 'no-store' })
      const generation = ((await response.json()) as { schemaGeneration?: number | null }).schemaGeneration
      if (typeof generation !== 'number') return
      if (seen !== null && generation !== seen) bumpSchemaEpoch()
      seen = generation
    } catch {
      // The server is restarting or out of reach: the next tick tries again.
    }
  }

  onMounted(() => {
    void check()
    timer = setInterval(() => void check(), FOLLOW_MS)
  })
  onBeforeUnmount(() => clearInterval(timer))
  return { check }
}
