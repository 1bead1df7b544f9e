import { describe, expect, it } from 'vitest'
import CalibrationsDuePage from './CalibrationsDuePage.vue'
import { mockClient, mountWith, schemaAnswers, settle } from '@shopdb/ui/testing'

const due = (id: string, name: string, nextCalibrationDue: string | null, calibrationOverdue: boolean) => ({
  __typename: 'MeasuringTool', id, assetTag: `MT-${id}`, name, toolNumber: `T${id}`, location: { __typename: 'Location', id: 'l1', name: 'QA lab' },
  calibrationIntervalDays: 365, lastCalibratedAt: null, nextCalibrationDue, calibrationOverdue,
})

function client(query: string[], sent: { name: string; variables: Record<string, unknown> }[] = []) {
  return mockClient((op, name, text) => {
    sent.push({ name, variables: op.variables })
    if (name === 'CalibrationsDue') {
      return { data: { measuringToolsDueForCalibration: [due('1', 'Caliper 1', null, true), due('2', 'Gauge 2', '2099-01-01T00:00:00Z', false)] } }
    }
    return schemaAnswers({ Query: query })(op, name, text)
  })
}

describe('CalibrationsDuePage', () => {
  it('lists the tools due within the days the URL asks for, overdue ones marked', async () => {
    const sent: { name: string; variables: Record<string, unknown> }[] = []
    const { wrapper, router } = await mountWith(CalibrationsDuePage, { client: client(['measuringToolsDueForCalibration'], sent), path: '/measuringtools?due=90' })
    await settle()
    expect(sent.filter((s) => s.name === 'CalibrationsDue').map((s) => s.variables)).toEqual([{ withinDays: 90 }])
    const rows = wrapper.findAll('[data-testid="calibrations-due-table"] tbody tr')
    expect(rows.map((r) => r.get('a').text())).toEqual(['Caliper 1', 'Gauge 2'])
    expect(rows[0]?.get('a').attributes('href')).toBe('/assets/1')
    expect(rows[0]?.classes()).toContain('overdue')
    expect(rows[0]?.get('.badge-danger').text()).toBe('never calibrated')
    expect(rows[1]?.find('.badge-danger').exists()).toBe(false)
    // The plugin's CSV route, for the same window.
    expect(wrapper.get('[data-testid="due-csv"]').attributes('href')).toBe('/plugins/measuringtools/calibrations-due.csv?days=90')

    await wrapper.get('[data-testid="due-window"]').setValue('7')
    await settle()
    expect(router.currentRoute.value.fullPath).toBe('/measuringtools?due=7')
    expect(wrapper.get('[data-testid="due-csv"]').attributes('href')).toBe('/plugins/measuringtools/calibrations-due.csv?days=7')
    expect(sent.filter((s) => s.name === 'CalibrationsDue').map((s) => s.variables)).toEqual([{ withinDays: 90 }, { withinDays: 7 }])
  })

  it('says the view is unavailable, and queries nothing, without the measuring tools plugin', async () => {
    const sent: { name: string; variables: Record<string, unknown> }[] = []
    const { wrapper } = await mountWith(CalibrationsDuePage, { client: client(['assets'], sent), path: '/measuringtools?due=30' })
    await settle()
    expect(wrapper.get('[data-testid="empty-state"]').text()).toContain('Calibrations are not available')
    expect(sent.map((s) => s.name)).not.toContain('CalibrationsDue')
    expect(wrapper.find('[data-testid="due-csv"]').exists()).toBe(false)
  })
})
