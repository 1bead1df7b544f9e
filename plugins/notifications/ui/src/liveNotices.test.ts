import { describe, expect, it } from 'vitest'
import { notificationSubscription, toNotice } from './liveNotices'
import { field, named, nonNull, objectType } from '@shopdb/ui/testing'

const NOTIFICATION = objectType('Notification', [
  field('id', nonNull(named('ID'))),
  field('message', nonNull(named('String'))),
  field('level', named('String')),
])

describe('notificationSubscription', () => {
  it('is null without a Notification subscription', async () => {
    const schema = { type: async () => NOTIFICATION, rootFields: async () => ({ subscriptionFields: [] }) }
    expect(await notificationSubscription(schema)).toBeNull()
  })
  it('selects the scalar fields of the subscription found', async () => {
    const schema = {
      type: async () => NOTIFICATION,
      rootFields: async () => ({ subscriptionFields: [field('notificationAdded', nonNull(named('Notification', 'OBJECT')))] }),
    }
    expect(await notificationSubscription(schema)).toBe(
      'subscription LiveNotifications { notice: notificationAdded { id message level } }',
    )
  })
})

describe('notificationSubscription with an event type', () => {
  it('selects the notice inside the event and its kind', async () => {
    const EVENT = objectType('NotificationEvent', [
      field('kind', nonNull(named('NotificationEventKind', 'ENUM'))),
      field('notification', nonNull(named('Notification', 'OBJECT'))),
    ])
    const schema = {
      type: async (name: string) => (name === 'NotificationEvent' ? EVENT : NOTIFICATION),
      rootFields: async () => ({
        subscriptionFields: [field('notificationEvents', nonNull(named('NotificationEvent', 'OBJECT')))],
      }),
    }
    expect(await notificationSubscription(schema)).toBe(
      'subscription LiveNotifications { notice: notificationEvents { kind notification { id message level } } }',
    )
  })
  it('shows activated notices with their severity and hides ended ones', () => {
    const notice = { id: '7', title: 'Crane down', message: 'Bay C crane out of service', severity: 'CRITICAL' }
    expect(toNotice({ notice: { kind: 'ACTIVATED', notification: notice } })).toEqual({
      id: '7', level: 'critical', message: 'Bay C crane out of service', link: null,
    })
    expect(toNotice({ notice: { kind: 'ENDED', notification: notice } })).toBeNull()
  })
})

describe('toNotice', () => {
  it('reads message, level and an internal link only', () => {
    expect(toNotice({ notice: { id: '1', message: 'Hi', level: 'WARNING', link: 'https://evil' } })).toEqual({
      id: '1', level: 'warning', message: 'Hi', link: null,
    })
    expect(toNotice({ notice: { id: '2', title: 'T', link: '/assets/2' } })?.link).toBe('/assets/2')
    expect(toNotice({ notice: null })).toBeNull()
  })
})
