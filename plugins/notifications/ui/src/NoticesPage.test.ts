import { describe, expect, it } from 'vitest'
import NoticesPage from './NoticesPage.vue'
import NoticeForm from './NoticeForm.vue'
import { VIEWER, mockClient, mountWith, schemaAnswers, settle } from '@shopdb/ui/testing'

type Sent = { name: string; variables: Record<string, unknown> }

const HALL = { __typename: 'Location', id: 'l1', name: 'Hall 1' }
const PAINT = { __typename: 'Location', id: 'l2', name: 'Paint shop' }

const notice = (id: string, title: string, extra: Record<string, unknown> = {}) => ({
  __typename: 'Notification', id, title, message: `${title}: details`, severity: 'INFO', startsAt: '2026-01-05T08:00:00Z',
  endsAt: null, isActive: true, createdBy: 'ada', locations: [], ...extra,
})

const ACTIVE = notice('1', 'Compressed air off', { severity: 'CRITICAL', locations: [HALL, PAINT] })
const ENDED = notice('2', 'Fire drill', { severity: 'WARNING', endsAt: '2026-01-02T10:00:00Z', isActive: false })

function client(sent: Sent[], options: { query?: string[]; answers?: Record<string, (v: Record<string, unknown>) => unknown> } = {}) {
  return mockClient((op, name, text) => {
    sent.push({ name, variables: op.variables })
    if (name === 'Notices') {
      const nodes = op.variables.activeOnly ? [ACTIVE] : [ACTIVE, ENDED]
      return {
        data: {
          notifications: {
            __typename: 'NotificationConnection', totalCount: nodes.length,
            pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null }, nodes,
          },
        },
      }
    }
    const answer = options.answers?.[name]
    if (answer) return { data: answer(op.variables) }
    if (name === 'ReferenceData') return { data: { assetStatuses: [], locations: [PAINT, HALL] } }
    return schemaAnswers({ Query: options.query ?? ['notifications', 'notification'] })(op, name, text)
  })
}

const variablesOf = (sent: Sent[], name: string) => sent.filter((s) => s.name === name).map((s) => s.variables)

describe('NoticesPage', () => {
  it('lists every notice with its count, severity, state and areas', async () => {
    const sent: Sent[] = []
    const { wrapper } = await mountWith(NoticesPage, { client: client(sent), path: '/notifications' })
    await settle()
    expect(variablesOf(sent, 'Notices')).toEqual([{ first: 25, after: null, activeOnly: false }])
    expect(wrapper.get('[data-testid="result-count"]').text()).toBe('2')
    const rows = wrapper.findAll('[data-testid="notices-table"] tbody tr')
    expect(rows.map((r) => r.get('.notice-title').text())).toEqual(['Compressed air off', 'Fire drill'])
    expect(rows[0]?.get('[data-testid="severity"]').classes()).toContain('badge-danger')
    expect(rows[0]?.get('[data-testid="severity"]').text()).toBe('Critical')
    expect(rows[0]?.get('[data-testid="active"]').text()).toBe('Yes')
    expect(rows[0]?.get('[data-testid="areas"]').text()).toBe('Hall 1, Paint shop')
    expect(rows[1]?.get('[data-testid="active"]').text()).toBe('No')
    expect(rows[1]?.get('[data-testid="areas"]').text()).toBe('Whole site')
    expect(rows[0]?.find('[data-testid="end-notice"]').exists()).toBe(true)
    expect(rows[1]?.find('[data-testid="end-notice"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="create-notice"]').attributes('href')).toBe('/notifications/new')
    expect(rows[0]?.get('[data-testid="edit-notice"]').attributes('href')).toBe('/notifications/1/edit')
    expect(wrapper.text()).not.toMatch(/null|undefined/)
  })

  it('asks for active notices only when the URL says ?active=1, and the toggle keeps it in the URL', async () => {
    const sent: Sent[] = []
    const { wrapper, router } = await mountWith(NoticesPage, { client: client(sent), path: '/notifications?active=1' })
    await settle()
    expect(variablesOf(sent, 'Notices')).toEqual([{ first: 25, after: null, activeOnly: true }])
    expect((wrapper.get('[data-testid="active-only"]').element as HTMLInputElement).checked).toBe(true)
    expect(wrapper.get('[data-testid="result-count"]').text()).toBe('1')

    await wrapper.get('[data-testid="active-only"]').setValue(false)
    await settle()
    expect(router.currentRoute.value.fullPath).toBe('/notifications')
    expect(variablesOf(sent, 'Notices').at(-1)).toEqual({ first: 25, after: null, activeOnly: false })
    await wrapper.get('[data-testid="active-only"]').setValue(true)
    await settle()
    expect(router.currentRoute.value.fullPath).toBe('/notifications?active=1')
  })

  it('shows a viewer the list without any button to change it', async () => {
    const sent: Sent[] = []
    const { wrapper } = await mountWith(NoticesPage, { client: client(sent), path: '/notifications', user: VIEWER })
    await settle()
    expect(wrapper.findAll('[data-testid="notices-table"] tbody tr')).toHaveLength(2)
    expect(wrapper.find('[data-testid="create-notice"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="edit-notice"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="end-notice"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="delete-notice"]').exists()).toBe(false)
  })

  it('ends an active notice now, and deletes one only after the confirm', async () => {
    const sent: Sent[] = []
    const answers = {
      UpdateNotice: (v: Record<string, unknown>) => ({ updateNotification: { __typename: 'NotificationPayload', notification: { ...ACTIVE, id: v.id, isActive: false, endsAt: (v.input as { endsAt: string }).endsAt }, errors: [] } }),
      DeleteNotice: (v: Record<string, unknown>) => ({ deleteNotification: { __typename: 'DeleteNotificationPayload', deletedId: v.id, errors: [] } }),
    }
    const { wrapper } = await mountWith(NoticesPage, { client: client(sent, { answers }), path: '/notifications' })
    await settle()
    const before = Date.now()
    await wrapper.get('[data-testid="end-notice"]').trigger('click')
    await settle()
    const [ended] = variablesOf(sent, 'UpdateNotice') as { id: string; input: Record<string, string> }[]
    expect(ended?.id).toBe('1')
    expect(Object.keys(ended?.input ?? {})).toEqual(['endsAt'])
    expect(ended?.input.endsAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    expect(Date.parse(ended!.input.endsAt!)).toBeGreaterThanOrEqual(before - 1000)
    expect(wrapper.get('[role="status"]').text()).toContain('has ended')

    await wrapper.findAll('[data-testid="delete-notice"]')[1]!.trigger('click')
    expect(variablesOf(sent, 'DeleteNotice')).toEqual([])
    await wrapper.get('[data-testid="confirm-delete"]').trigger('click')
    await settle()
    expect(variablesOf(sent, 'DeleteNotice')).toEqual([{ id: '2' }])
    expect(wrapper.get('[role="status"]').text()).toContain('“Fire drill” deleted.')
  })

  it('says notices are not available, and queries nothing, without the notifications plugin', async () => {
    const sent: Sent[] = []
    const { wrapper } = await mountWith(NoticesPage, { client: client(sent, { query: ['assets'] }), path: '/notifications?active=1' })
    await settle()
    expect(wrapper.get('[data-testid="empty-state"]').text()).toContain('Notices are not available — the notifications plugin is disabled.')
    expect(sent.map((s) => s.name)).not.toContain('Notices')
    expect(wrapper.find('[data-testid="create-notice"]').exists()).toBe(false)
  })
})

describe('NoticeForm', () => {
  const created = (v: Record<string, unknown>) => ({
    createNotification: { __typename: 'NotificationPayload', notification: { ...notice('9', String((v.input as { title: string }).title)) }, errors: [] },
  })

  it('creates a notice with UTC times carrying an offset and the picked areas', async () => {
    const sent: Sent[] = []
    const { wrapper, router } = await mountWith(NoticeForm, { client: client(sent, { answers: { CreateNotice: created } }), path: '/notifications/new' })
    await settle()
    // Areas are offered by name, sorted.
    expect(wrapper.findAll('#notice-locations option').map((o) => o.text())).toEqual(['Hall 1', 'Paint shop'])
    await wrapper.get('#notice-title').setValue('  Crane out of service ')
    await wrapper.get('#notice-message').setValue('Use the forklift in bay 3.')
    await wrapper.get('#notice-severity').setValue('WARNING')
    await wrapper.get('#notice-starts').setValue('2026-03-01T07:30')
    await wrapper.get('#notice-ends').setValue('2026-03-02T16:00')
    const select = wrapper.get('#notice-locations').element as HTMLSelectElement
    for (const option of Array.from(select.options)) option.selected = true
    await wrapper.get('#notice-locations').trigger('change')
    await wrapper.get('[data-testid="notice-form"]').trigger('submit')
    await settle()

    const [vars] = variablesOf(sent, 'CreateNotice') as { input: Record<string, unknown> }[]
    expect(vars?.input).toEqual({
      title: 'Crane out of service',
      message: 'Use the forklift in bay 3.',
      severity: 'WARNING',
      locationIds: ['l1', 'l2'],
      startsAt: new Date('2026-03-01T07:30').toISOString(),
      endsAt: new Date('2026-03-02T16:00').toISOString(),
    })
    expect(vars?.input.startsAt).toMatch(/Z$/)
    expect(router.currentRoute.value.fullPath).toBe('/notifications')
  })

  it('leaves the start to the server when empty, and shows refused fields next to them', async () => {
    const sent: Sent[] = []
    const refused = () => ({
      createNotification: {
        __typename: 'NotificationPayload', notification: null,
        errors: [
          { __typename: 'UserError', field: ['input', 'endsAt'], message: 'The end must be after the start', code: 'INVALID' },
          { __typename: 'UserError', field: ['input', 'locationIds', '0'], message: 'No such location', code: 'NOT_FOUND' },
        ],
      },
    })
    const { wrapper, router } = await mountWith(NoticeForm, { client: client(sent, { answers: { CreateNotice: refused } }), path: '/notifications/new' })
    await settle()
    await wrapper.get('[data-testid="notice-form"]').trigger('submit')
    expect(wrapper.get('[data-field="notice-title"] .error').text()).toBe('Give the notice a title.')
    expect(variablesOf(sent, 'CreateNotice')).toEqual([])

    await wrapper.get('#notice-title').setValue('Crane')
    await wrapper.get('#notice-message').setValue('Out of service')
    await wrapper.get('[data-testid="notice-form"]').trigger('submit')
    await settle()
    expect(variablesOf(sent, 'CreateNotice')).toEqual([{ input: { title: 'Crane', message: 'Out of service', severity: 'INFO', locationIds: [] } }])
    expect(wrapper.get('[data-field="notice-ends"] .error').text()).toBe('The end must be after the start')
    expect(wrapper.get('[data-field="notice-locations"] .error').text()).toBe('No such location')
    expect(router.currentRoute.value.fullPath).toBe('/notifications/new')
  })

  it('edits a notice: sends only the times that changed and leaves its assets alone', async () => {
    const sent: Sent[] = []
    const answers = {
      Notice: () => ({ notification: ACTIVE }),
      UpdateNotice: (v: Record<string, unknown>) => ({ updateNotification: { __typename: 'NotificationPayload', notification: { ...ACTIVE, id: v.id }, errors: [] } }),
    }
    const { wrapper, router } = await mountWith(NoticeForm, { client: client(sent, { answers }), path: '/notifications/1/edit', props: { id: '1' } })
    await settle()
    expect((wrapper.get('#notice-title').element as HTMLInputElement).value).toBe('Compressed air off')
    expect((wrapper.get('#notice-severity').element as HTMLSelectElement).value).toBe('CRITICAL')
    await wrapper.get('#notice-title').setValue('Compressed air back at noon')
    await wrapper.get('[data-testid="notice-form"]').trigger('submit')
    await settle()
    expect(variablesOf(sent, 'UpdateNotice')).toEqual([{
      id: '1',
      input: { title: 'Compressed air back at noon', message: 'Compressed air off: details', severity: 'CRITICAL', locationIds: ['l1', 'l2'] },
    }])
    expect(router.currentRoute.value.fullPath).toBe('/notifications')

    await router.push('/notifications/1/edit')
    await wrapper.get('#notice-ends').setValue('2026-01-06T12:00')
    await wrapper.get('[data-testid="notice-form"]').trigger('submit')
    await settle()
    expect((variablesOf(sent, 'UpdateNotice')[1] as { input: Record<string, unknown> }).input.endsAt).toBe(new Date('2026-01-06T12:00').toISOString())
  })

  it('shows a viewer no form', async () => {
    const sent: Sent[] = []
    const { wrapper } = await mountWith(NoticeForm, { client: client(sent), path: '/notifications/new', user: VIEWER })
    await settle()
    expect(wrapper.find('[data-testid="notice-form"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="empty-state"]').text()).toContain('Only editors')
  })
})
