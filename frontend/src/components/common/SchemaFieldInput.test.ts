import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import SchemaFieldInput from './SchemaFieldInput.vue'
import type { FormFieldSpec } from '@/schema/formSpec'

const base: FormFieldSpec = { name: 'hostname', label: 'Hostname', widget: 'text', required: true, description: 'DNS name', options: [] }
const statuses = [{ id: 's1', code: 'in_use', name: 'In use', retired: false }, { id: 's2', code: 'lent', name: 'Lent', retired: true }]

function render(spec: FormFieldSpec, modelValue: string | boolean, errors?: string[]) {
  return mount(SchemaFieldInput, {
    props: { spec, modelValue, errors, statuses, locations: [], 'onUpdate:modelValue': () => undefined },
  })
}

describe('SchemaFieldInput', () => {
  it('labels the input, describes it and shows its errors', () => {
    const wrapper = render(base, 'pc-1', ['Hostname is taken.'])
    const input = wrapper.get('input')
    expect(wrapper.get('label').attributes('for')).toBe(input.attributes('id'))
    expect(input.attributes('aria-invalid')).toBe('true')
    expect(input.attributes('aria-describedby')).toContain('-error')
    expect(wrapper.get('[role="alert"]').text()).toBe('Hostname is taken.')
    expect(wrapper.text()).toContain('DNS name')
  })
  it('emits edits', async () => {
    const wrapper = render(base, '')
    await wrapper.get('input').setValue('pc-2')
    expect(wrapper.emitted('update:modelValue')?.[0]).toEqual(['pc-2'])
  })
  it('offers statuses for statusId and a checkbox for booleans', async () => {
    const status = render({ ...base, name: 'statusId', widget: 'status', required: false }, 's1')
    // A retired status is not offered, except to the asset that has it.
    expect(status.findAll('option').map((o) => o.text())).toEqual(['—', 'In use'])
    const kept = render({ ...base, name: 'statusId', widget: 'status', required: false }, 's2')
    expect(kept.findAll('option').map((o) => o.text())).toEqual(['—', 'In use', 'Lent'])
    const box = render({ ...base, name: 'isVirtual', widget: 'checkbox', required: false }, false)
    await box.get('input[type="checkbox"]').setValue(true)
    expect(box.emitted('update:modelValue')?.[0]).toEqual([true])
  })
})
