import { isLeaf, unwrap } from '@shopdb/ui'
import type { FieldInfo, TypeInfo } from '@shopdb/ui'

export interface Notice {
  id: string
  level: string
  message: string
  link: string | null
}

interface Source {
  type(name: string): Promise<TypeInfo | null>
  rootFields(): Promise<{ subscriptionFields: FieldInfo[] }>
}

const FIELD = 'notice'

/** The subscription document for live notifications, or null when the schema has none.
 * The field may return a Notification, or an event wrapping one in `notification`
 * (the server's `notificationEvents: NotificationEvent`). */
export async function notificationSubscription(schema: Source): Promise<string | null> {
  const { subscriptionFields } = await schema.rootFields()
  const usable = subscriptionFields.filter(
    (f) => !f.args.some((a) => a.type.kind === 'NON_NULL' && a.defaultValue == null),
  )
  const leavesOf = async (name: string): Promise<string[]> =>
    ((await schema.type(name))?.fields ?? [])
      .filter((f) => isLeaf(f.type) && f.args.length === 0)
      .map((f) => f.name)
  const direct = usable.find((f) => unwrap(f.type).name === 'Notification')
  if (direct) {
    const leaves = await leavesOf('Notification')
    return leaves.length ? `subscription LiveNotifications { ${FIELD}: ${direct.name} { ${leaves.join(' ')} } }` : null
  }
  for (const f of usable) {
    const eventName = unwrap(f.type).name
    const event = eventName ? await schema.type(eventName) : null
    const inner = event?.fields?.find((e) => e.name === 'notification' && unwrap(e.type).name === 'Notification')
    if (!eventName || !inner) continue
    const leaves = await leavesOf('Notification')
    const kind = event?.fields?.some((e) => e.name === 'kind') ? 'kind ' : ''
    if (leaves.length) {
      return `subscription LiveNotifications { ${FIELD}: ${f.name} { ${kind}notification { ${leaves.join(' ')} } } }`
    }
  }
  return null
}

/** One received notification → what the banner shows. */
export function toNotice(data: unknown): Notice | null {
  const received = (data as Record<string, Record<string, unknown> | null> | undefined)?.[FIELD]
  if (!received) return null
  // An event wrapping the notice: notices that ended or were deleted are not shown.
  if (typeof received.kind === 'string' && ['ENDED', 'DELETED'].includes(received.kind)) return null
  const raw = (received.notification as Record<string, unknown> | undefined) ?? received
  const text = raw.message ?? raw.title ?? raw.text ?? raw.body
  if (typeof text !== 'string') return null
  const link = typeof raw.link === 'string' && raw.link.startsWith('/') ? raw.link : null
  return {
    id: String(raw.id ?? `${Date.now()}-${Math.random()}`),
    level: typeof (raw.level ?? raw.severity) === 'string' ? String(raw.level ?? raw.severity).toLowerCase() : 'info',
    message: text,
    link,
  }
}
