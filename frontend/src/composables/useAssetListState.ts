import { computed, ref } from 'vue'
import type { MaybeRefOrGetter } from 'vue'
import { toValue } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import type { AssetListQueryVariables, AssetOrderField, SortDirection } from '@/gql/graphql'

export const ORDER_FIELDS: AssetOrderField[] = [
  'ASSET_TAG', 'NAME', 'KIND', 'STATUS', 'UPDATED_AT', 'CREATED_AT', 'LAST_SEEN_AT', 'SERIAL_NUMBER',
]
export const PAGE_SIZES = [25, 50, 100, 200]

export interface ListState {
  kinds: string[]
  statuses: string[]
  locations: string[]
  /** Named conditions the kinds offer (`?is=lowSupplies`), e.g. printers low on supplies. */
  conditions: string[]
  text: string
  sort: AssetOrderField
  dir: SortDirection
  first: number
  after: string | null
}

export const DEFAULT_STATE: ListState = {
  kinds: [], statuses: [], locations: [], conditions: [], text: '', sort: 'ASSET_TAG', dir: 'ASC', first: 50, after: null,
}

function list(value: LocationQuery[string] | undefined): string[] {
  const values = Array.isArray(value) ? value : value == null ? [] : [value]
  return values.flatMap((v) => (v ? v.split(',') : [])).filter(Boolean)
}

function one(value: LocationQuery[string] | undefined): string | null {
  const v = Array.isArray(value) ? value[0] : value
  return v ?? null
}

/** URL query → list state; anything unknown falls back to the default. */
export function parseListQuery(query: LocationQuery): ListState {
  const sort = one(query.sort)?.toUpperCase() as AssetOrderField | undefined
  const first = Number(one(query.first))
  return {
    kinds: list(query.kind),
    statuses: list(query.status),
    locations: list(query.location),
    conditions: list(query.is),
    text: one(query.q) ?? '',
    sort: sort && ORDER_FIELDS.includes(sort) ? sort : DEFAULT_STATE.sort,
    dir: one(query.dir)?.toUpperCase() === 'DESC' ? 'DESC' : 'ASC',
    first: PAGE_SIZES.includes(first) ? first : DEFAULT_STATE.first,
    after: one(query.after),
  }
}

/** List state → URL query, leaving defaults out so links stay short. */
export function toListQuery(state: ListState): LocationQueryRaw {
  const q: LocationQueryRaw = {}
  if (state.kinds.length) q.kind = state.kinds.join(',')
  if (state.statuses.length) q.status = state.statuses.join(',')
  if (state.locations.length) q.location = state.locations.join(',')
  if (state.conditions.length) q.is = state.conditions.join(',')
  if (state.text) q.q = state.text
  if (state.sort !== DEFAULT_STATE.sort) q.sort = state.sort.toLowerCase()
  if (state.dir !== DEFAULT_STATE.dir) q.dir = state.dir.toLowerCase()
  if (state.first !== DEFAULT_STATE.first) q.first = String(state.first)
  if (state.after) q.after = state.after
  return q
}

export function toVariables(state: ListState, fixedKinds: string[] = []): AssetListQueryVariables {
  const kinds = fixedKinds.length ? fixedKinds : state.kinds
  return {
    filter: {
      kinds: kinds.length ? kinds : null,
      statuses: state.statuses.length ? state.statuses : null,
      locations: state.locations.length ? state.locations : null,
      conditions: state.conditions.length ? state.conditions : null,
      text: state.text.trim() || null,
    },
    orderBy: [{ field: state.sort, direction: state.dir }],
    first: state.first,
    after: state.after,
  }
}

/** Clicking a column header: same column flips direction, another starts ascending. */
export function nextSort(state: ListState, field: AssetOrderField): Pick<ListState, 'sort' | 'dir'> {
  if (state.sort === field) return { sort: field, dir: state.dir === 'ASC' ? 'DESC' : 'ASC' }
  return { sort: field, dir: 'ASC' }
}

/**
 * Filters, sort and page of the asset list, kept in the URL so every view is a link.
 * `fixedKinds` pins the kind filter (a plugin's own list page).
 */
export function useAssetListState(fixedKinds: MaybeRefOrGetter<string[]> = []) {
  const route = useRoute()
  const router = useRouter()
  const state = computed(() => parseListQuery(route.query))
  const previous = ref<(string | null)[]>([])

  function update(patch: Partial<ListState>) {
    const next = { ...state.value, after: null, ...patch }
    if (!('after' in patch)) previous.value = []
    void router.push({ query: toListQuery(next) })
  }

  return {
    state,
    variables: computed(() => toVariables(state.value, toValue(fixedKinds))),
    pageNumber: computed(() => previous.value.length + 1),
    hasPrevious: computed(() => previous.value.length > 0),
    update,
    sortBy: (field: AssetOrderField) => update(nextSort(state.value, field)),
    nextPage(endCursor: string) {
      previous.value = [...previous.value, state.value.after]
      update({ after: endCursor })
    },
    previousPage() {
      const stack = [...previous.value]
      const after = stack.pop() ?? null
      previous.value = stack
      update({ after })
    },
  }
}
