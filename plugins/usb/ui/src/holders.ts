import type { Client } from '@urql/vue'

/** Ids read in one request: the server allows 30 aliases per operation. */
export const BATCH = 25

type Waiter = (holder: string | null) => void

/**
 * Who holds each USB stick, asked for many sticks at once: every search hit asks for its
 * own, and the asks of one tick go out as one request (aliased `asset(id:)` fields), not
 * one request per hit.
 */
export function createHolderBatcher(client: () => Client) {
  let waiting = new Map<string, Waiter[]>()
  let scheduled = false

  async function flush(batch: Map<string, Waiter[]>) {
    const ids = [...batch.keys()]
    for (let start = 0; start < ids.length; start += BATCH) {
      const chunk = ids.slice(start, start + BATCH)
      const variables = Object.fromEntries(chunk.map((id, i) => [`i${i}`, id]))
      const document = `query UsbHolders(${chunk.map((_, i) => `$i${i}: ID!`).join(', ')}) { ${chunk
        .map((_, i) => `a${i}: asset(id: $i${i}) { __typename id ... on UsbDevice { currentHolder } }`).join(' ')} }`
      const result = await client().query(document, variables, { requestPolicy: 'network-only' }).toPromise()
      const data = (result.data ?? {}) as Record<string, { __typename?: string; currentHolder?: string | null } | null>
      chunk.forEach((id, i) => {
        const asset = data[`a${i}`]
        const holder = asset?.__typename === 'UsbDevice' ? (asset.currentHolder ?? null) : null
        for (const done of batch.get(id) ?? []) done(holder)
      })
    }
  }

  return (id: string): Promise<string | null> =>
    new Promise((resolve) => {
      waiting.set(id, [...(waiting.get(id) ?? []), resolve])
      if (scheduled) return
      scheduled = true
      queueMicrotask(() => {
        const batch = waiting
        waiting = new Map()
        scheduled = false
        flush(batch).catch(() => batch.forEach((waiters) => waiters.forEach((done) => done(null))))
      })
    })
}
