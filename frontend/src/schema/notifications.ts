import { isLeaf, unwrap } from './types'
import type { FieldInfo, TypeInfo } from './types'

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

/** The subscription document for live notifications, or null when the schema has none. */
export async function notificationSubscription(schema: Source): Promise<string | null> {
  const { subscriptionFields } = await schema.rootFields()
  const field = subscriptionFields.find((f) => unwrap(f.type).name === 'Notification')
  if (!field || field.args.some((a) => a.type.kind === 'NON_NULL' && a.defaultValue == null)) return null
  const type = await schema.type('Notification')
  const leaves = (type?.fields ?? []).filter((f) => isLeaf(f.type) && f.args.length === 0).map((f) => f.name)
  if (leaves.length === 0) return null
  return `subscription LiveNotifications { ${FIELD}: ${field.name} { ${leaves.join(' ')} } }`
}

/** One received notification → what the banner shows. */
export function toNotice(data: unknown): Notice | null {
  const raw = (data as Record<string, Record<string, unknown> | null> | undefined)?.[FIELD]
  if (!raw) return null
  const text = raw.message ?? raw.title ?? raw.text ?? raw.body
  if (typeof text !== 'string') return null
  const link = typeof raw.link === 'string' && raw.link.startsWith('/') ? raw.link : null
  return {
    id: String(raw.id ?? `${Date.now()}-${Math.random()}`),
    level: typeof raw.level === 'string' ? raw.level.toLowerCase() : 'info',
    message: text,
    link,
  }
}
