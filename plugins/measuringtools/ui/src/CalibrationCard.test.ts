import { describe, expect, it } from 'vitest'
import CalibrationCard from './CalibrationCard.vue'
import { dueText } from './calibration'
import { VIEWER, mockClient, mountWith, schemaAnswers, settle, type Handler } from '@shopdb/ui/testing'

const TYPES = {
  MeasuringTool: ['calibrationIntervalDays', 'lastCalibratedAt', 'nextCalibrationDue', 'calibrationOverdue', 'calibrations'],
  MeasuringToolCalibration: ['performedAt', 'performedBy', 'result', 'certificate', 'notes'],
}
const calibration = (id: string, result: string, performedBy = 'Metrology lab') => ({
  __typename: 'MeasuringToolCalibration', id, performedAt: '2026-05-01T09:00:00Z', performedBy, result, certificate: `CERT-${id}`, notes: null,
})
const tool = (calibrations: unknown[]) => ({
  __typename: 'MeasuringTool', id: '5', calibrationIntervalDays: 180, lastCalibratedAt: '2026-05-01T09:00:00Z',
  nextCalibrationDue: '2026-10-28T09:00:00Z', calibrationOverdue: true, calibrations,
})
const userError = (message: string, code: string, field: string[] | null) => ({ __typename: 'UserError', message, code, field })
type Sent = { name: string; variables: Record<string, unknown> }

function client(mutations: Handler = () => undefined, sent: Sent[] = [], mutationNames = ['recordCalibration']) {
  const history = [calibration('c1', 'FAIL'), calibration('c0', 'PASS')]
  return mockClient((op, name, text) => {
    sent.push({ name, variables: op.variables })
    const schema = schemaAnswers(TYPES, mutationNames)(op, name, text)
    if (schema) return schema
    if (name === 'MeasuringToolCalibrations') return { data: { asset: tool(history) } }
    const answer = mutations(op, name, text)
    if (name === 'RecordCalibration' && answer === undefined) {
      history.unshift(calibration('c2', 'ADJUSTED', String((op.variables.input as { performedBy: string }).performedBy)))
      return { data: { recordCalibration: { __typename: 'RecordCalibrationPayload', measuringTool: tool(history), errors: [] } } }
    }
    return answer
  })
}

describe('dueText', () => {
  const now = new Date('2026-11-23T12:00:00Z')
  it('says how far the due date is', () => {
    expect(dueText('2026-11-20T12:00:00Z', 180, now)).toBe('overdue by 3 days')
    expect(dueText('2026-11-23T18:00:00Z', 180, now)).toBe('due today')
    expect(dueText('2026-12-03T12:00:00Z', 180, now)).toBe('due in 10 days')
    expect(dueText(null, 180, now)).toBe('never calibrated')
    expect(dueText(null, null, now)).toBe('not on a schedule')
  })
})

describe('CalibrationCard', () => {
  it('shows the due date, overdue, and the history newest first', async () => {
    const { wrapper } = await mountWith(CalibrationCard, { client: client(), props: { assetId: '5' }, user: VIEWER })
    await settle()
    expect(wrapper.get('[data-testid="calibration-due"] .badge-danger').text()).toMatch(/^overdue by \d+ days$/)
    expect(wrapper.get('[data-testid="calibration-due"]').text()).toContain('180 days')
    const rows = wrapper.findAll('[data-testid="calibration-history"] tbody tr')
    expect(rows.map((r) => r.findAll('td')[2]?.text())).toEqual(['FAIL', 'PASS'])
    expect(wrapper.find('[data-testid="record-calibration-form"]').exists()).toBe(false)
    expect(wrapper.findAll('button')).toHaveLength(0)
  })

  it('records a calibration for an editor, showing payload errors at their fields first', async () => {
    let attempt = 0
    const sent: Sent[] = []
    const refuseOnce: Handler = (_op, name) => {
      if (name !== 'RecordCalibration' || ++attempt > 1) return undefined
      return { data: { recordCalibration: { __typename: 'RecordCalibrationPayload', measuringTool: null, calibration: null, errors: [
        userError('The time must be in the past, with a zone', 'INVALID', ['input', 'performedAt']),
        userError('The certificate is at most 120 characters', 'INVALID', ['input', 'certificate']),
      ] } } }
    }
    const { wrapper } = await mountWith(CalibrationCard, { client: client(refuseOnce, sent), props: { assetId: '5' } })
    await settle()
    expect(wrapper.find('[data-testid="record-calibration-form"]').exists()).toBe(false)
    await wrapper.get('[data-testid="open-record-calibration"]').trigger('click')
    expect(document.activeElement?.id).toBe('cal-performed-by')
    const form = wrapper.get('[data-testid="record-calibration-form"]')
    await form.trigger('submit')
    expect(wrapper.get('[data-field="cal-performed-by"] .error').text()).toBe('Say who calibrated it.')

    await wrapper.get('#cal-performed-at').setValue('2026-11-20T14:00')
    await wrapper.get('#cal-performed-by').setValue('Ana')
    await wrapper.get('#cal-result').setValue('ADJUSTED')
    await wrapper.get('#cal-certificate').setValue('K-7781')
    await form.trigger('submit')
    await settle()
    expect(wrapper.get('[data-field="cal-performed-at"] .error').text()).toBe('The time must be in the past, with a zone')
    expect(wrapper.get('[data-field="cal-certificate"] .error').text()).toBe('The certificate is at most 120 characters')

    await form.trigger('submit')
    await settle()
    const calls = sent.filter((s) => s.name === 'RecordCalibration').map((s) => s.variables)
    expect(calls).toHaveLength(2)
    expect(calls[1]).toEqual({
      id: '5', first: 20,
      input: { performedAt: new Date('2026-11-20T14:00').toISOString(), performedBy: 'Ana', result: 'ADJUSTED', certificate: 'K-7781', notes: null },
    })
    expect(wrapper.get('[role="status"]').text()).toBe('Calibration recorded (ADJUSTED).')
    expect(wrapper.findAll('[data-testid="calibration-history"] tbody tr')[0]?.text()).toContain('Ana')
    expect(wrapper.find('[data-testid="record-calibration-form"]').exists()).toBe(false)
  })

  it('offers no form when the schema has no recordCalibration mutation', async () => {
    const { wrapper } = await mountWith(CalibrationCard, { client: client(undefined, [], []), props: { assetId: '5' } })
    await settle()
    expect(wrapper.find('[data-testid="calibration-history"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="open-record-calibration"]').exists()).toBe(false)
  })
})
