import { reactive, ref, shallowRef, triggerRef, watch } from 'vue'
import type { MaybeRefOrGetter } from 'vue'
import { toValue } from 'vue'
import { useClientHandle } from '@urql/vue'
import { useIntrospector } from './useIntrospector'
import { initialValues, nestedValueTypeNames, planAssetForm, submitAssetForm, valuesQuery } from '@/schema/assetForm'
import type { TypeInfo } from '@/schema/types'
import type { AssetFormPlan, SubmitResult } from '@/schema/assetForm'
import { relabel } from '@/schema/formSpec'
import type { RawValue } from '@/schema/formSpec'
import { useLabels } from './useLabels'

/**
 * State of the create/edit form of an asset of GraphQL type `typeName`, built from the
 * schema: which mutation, which inputs, their current values, and errors per field.
 */
export function useAssetForm(options: {
  mode: 'create' | 'edit'
  typeName: MaybeRefOrGetter<string | null>
  id?: MaybeRefOrGetter<string | undefined>
}) {
  const introspector = useIntrospector()
  const { client } = useClientHandle()
  const plan = shallowRef<AssetFormPlan | null>(null)
  const values = reactive<Record<string, RawValue>>({})
  const initial = ref<Record<string, RawValue>>({})
  const errors = ref<Record<string, string[]>>({})
  const loading = ref(false)
  const loadError = ref<string | null>(null)
  const submitting = ref(false)
  const labels = useLabels()

  function speak(p: AssetFormPlan) {
    relabel(p.primary.specs, p.primary.inputType, labels.value)
    if (p.core) relabel(p.core.specs, p.core.inputType, labels.value)
  }
  watch(labels, () => {
    if (!plan.value) return
    speak(plan.value)
    triggerRef(plan)
  })

  async function readCurrent(p: AssetFormPlan, id: string): Promise<Record<string, unknown> | null> {
    const type = await introspector.type(p.typeName)
    if (!type) return null
    const nested = new Map<string, TypeInfo>()
    for (const name of nestedValueTypeNames(type, p.fields)) {
      const info = await introspector.type(name)
      if (info) nested.set(name, info)
    }
    const result = await client
      .query(valuesQuery(type, p.fields, nested), { id }, { requestPolicy: 'network-only' })
      .toPromise()
    if (result.error) throw result.error
    return (result.data as { asset: Record<string, unknown> | null } | undefined)?.asset ?? null
  }

  async function load() {
    const typeName = toValue(options.typeName)
    plan.value = null
    errors.value = {}
    loadError.value = null
    if (!typeName) return
    loading.value = true
    try {
      const p = await planAssetForm(introspector, typeName, options.mode)
      if (!p) {
        loadError.value = `The server offers no way to ${options.mode} a ${typeName}.`
        return
      }
      const id = toValue(options.id)
      const current = options.mode === 'edit' && id ? await readCurrent(p, id) : null
      initial.value = initialValues(p.fields, current)
      for (const key of Object.keys(values)) delete values[key]
      Object.assign(values, initial.value)
      speak(p)
      plan.value = p
    } catch (e) {
      loadError.value = e instanceof Error ? e.message : String(e)
    } finally {
      loading.value = false
    }
  }

  async function submit(): Promise<SubmitResult | null> {
    if (!plan.value) return null
    submitting.value = true
    try {
      const result = await submitAssetForm(client, plan.value, { ...values }, {
        id: toValue(options.id),
        initial: initial.value,
      })
      errors.value = result.errors
      if (result.ok) initial.value = { ...values }
      return result
    } finally {
      submitting.value = false
    }
  }

  watch([() => toValue(options.typeName), () => toValue(options.id)], load, { immediate: true })
  return { plan, values, initial, errors, loading, loadError, submitting, submit, reload: load }
}
