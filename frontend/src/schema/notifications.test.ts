import { describe, expect, it } from 'vitest'
import { notificationSubscription, toNotice } from './notifications'
import { field, named, nonNull, objectType } from '@/test/schemaFixtures'

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

describe('toNotice', () => {
  it('reads message, level and an internal link only', () => {
    expect(toNotice({ notice: { id: '1', message: 'Hi', level: 'WARNING', link: 'https://evil' } })).toEqual({
      id: '1', level: 'warning', message: 'Hi', link: null,
    })
    expect(toNotice({ notice: { id: '2', title: 'T', link: '/assets/2' } })?.link).toBe('/assets/2')
    expect(toNotice({ notice: null })).toBeNull()
  })
})
