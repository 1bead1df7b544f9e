import type { AuthSource, Role } from '@/gql/graphql'

const RANK: Record<Role, number> = { VIEWER: 0, EDITOR: 1, ADMIN: 2 }

/** Whether `role` grants at least `required` (ADMIN > EDITOR > VIEWER). */
export function hasRole(role: Role | null | undefined, required: Role): boolean {
  return role != null && RANK[role] >= RANK[required]
}

export const ROLE_LABELS: Record<Role, string> = {
  ADMIN: 'Administrator',
  EDITOR: 'Editor',
  VIEWER: 'Viewer',
}

/** Where an account signs in, as the users list and "My account" show it. */
export const SOURCE_LABELS: Record<AuthSource, string> = {
  LOCAL: 'Local',
  LDAP: 'LDAP',
  OIDC: 'Single sign-on',
}
