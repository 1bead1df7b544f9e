import type { SubnetFieldsFragment, SubnetInput, SubnetUpdateInput } from './gql/graphql'

/** What the subnet form holds: text as typed (VLAN too, as a number input may give a number). */
export interface SubnetDraft {
  cidr: string
  name: string
  vlanId: string | number
  gateway: string
  description: string
}

export const FIELDS = ['cidr', 'name', 'vlanId', 'gateway', 'description'] as const

export function draftOf(subnet: SubnetFieldsFragment | null | undefined): SubnetDraft {
  return {
    cidr: subnet?.cidr ?? '',
    name: subnet?.name ?? '',
    vlanId: subnet?.vlanId ?? '',
    gateway: subnet?.gateway ?? '',
    description: subnet?.description ?? '',
  }
}

const text = (value: string) => value.trim() || null

/** The VLAN as a number, null when empty, or undefined when it is not a whole number. */
export function parseVlan(value: string | number): number | null | undefined {
  const t = String(value).trim()
  if (!t) return null
  return /^\d+$/.test(t) ? Number(t) : undefined
}

/** Checks the browser can make before asking the server (which checks everything again). */
export function checkDraft(draft: SubnetDraft): Record<string, string[]> {
  const errors: Record<string, string[]> = {}
  if (!draft.cidr.trim()) errors.cidr = ['Give the network with its prefix length, e.g. 10.10.1.0/24.']
  if (!draft.name.trim()) errors.name = ['Give the subnet a name, e.g. Shop floor.']
  const vlan = parseVlan(draft.vlanId)
  if (vlan === undefined || (vlan !== null && (vlan < 1 || vlan > 4094))) errors.vlanId = ['The VLAN is a whole number from 1 to 4094, or empty.']
  return errors
}

/** The input of `createSubnet`: empty optional fields are left out as null. */
export function createInput(draft: SubnetDraft): SubnetInput {
  return {
    cidr: draft.cidr.trim(),
    name: draft.name.trim(),
    vlanId: parseVlan(draft.vlanId) ?? null,
    gateway: text(draft.gateway),
    description: text(draft.description),
  }
}

/**
 * The input of `updateSubnet`: only the fields that changed (omitted ones stay as they are
 * on the server); an optional field emptied is sent as null, which clears it.
 */
export function updateInput(draft: SubnetDraft, before: SubnetFieldsFragment): SubnetUpdateInput {
  const next = createInput(draft)
  const input: SubnetUpdateInput = {}
  if (next.cidr !== before.cidr) input.cidr = next.cidr
  if (next.name !== before.name) input.name = next.name
  if ((next.vlanId ?? null) !== (before.vlanId ?? null)) input.vlanId = next.vlanId ?? null
  if ((next.gateway ?? null) !== (before.gateway ?? null)) input.gateway = next.gateway ?? null
  if ((next.description ?? null) !== (before.description ?? null)) input.description = next.description ?? null
  return input
}
