import type { Role } from '@/gql/graphql'

export interface UserFormValues {
  username: string
  displayName: string
  role: Role
  password: string
  isActive: boolean
}
