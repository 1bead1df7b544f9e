import { computed, inject, ref } from 'vue'
import type { ComputedRef, InjectionKey, Ref } from 'vue'
import type { Client } from '@urql/core'
import {
  LoginDocument,
  LogoutDocument,
  MeDocument,
  RefreshTokenDocument,
  type Role,
  type SessionUserFragment,
} from '@/gql/graphql'
import { describeError, type UserError } from '@/graphql/errors'
import { hasRole } from './roles'

export type SessionUser = SessionUserFragment

export interface Session {
  user: Ref<SessionUser | null>
  /** True once the first `me` check has answered. */
  ready: Ref<boolean>
  canEdit: ComputedRef<boolean>
  isAdmin: ComputedRef<boolean>
  has(role: Role): boolean
  /** Asks the server who we are; tries one silent refresh when the answer is "nobody". */
  load(): Promise<SessionUser | null>
  login(username: string, password: string): Promise<UserError[]>
  logout(): Promise<void>
  /** The server said the session is over. */
  expire(): void
}

export const SessionKey: InjectionKey<Session> = Symbol('session')

export interface SessionOptions {
  /** Called after login and logout, e.g. to start a fresh client with an empty cache. */
  onUserChange?: () => void
}

export function createSession(getClient: () => Client, options: SessionOptions = {}): Session {
  const user = ref<SessionUser | null>(null)
  const ready = ref(false)
  let loading: Promise<SessionUser | null> | null = null

  async function refresh(): Promise<SessionUser | null> {
    const result = await getClient().mutation(RefreshTokenDocument, {}).toPromise()
    const payload = result.data?.refreshToken
    return payload && payload.errors.length === 0 ? (payload.user ?? null) : null
  }

  async function fetchMe(): Promise<SessionUser | null> {
    const result = await getClient()
      .query(MeDocument, {}, { requestPolicy: 'network-only' })
      .toPromise()
    return result.data?.me ?? (await refresh())
  }

  return {
    user,
    ready,
    canEdit: computed(() => hasRole(user.value?.role, 'EDITOR')),
    isAdmin: computed(() => hasRole(user.value?.role, 'ADMIN')),
    has: (role) => hasRole(user.value?.role, role),
    load() {
      loading ??= fetchMe()
        .catch(() => null)
        .then((me) => {
          user.value = me
          ready.value = true
          loading = null
          return me
        })
      return loading
    },
    async login(username, password) {
      const result = await getClient().mutation(LoginDocument, { username, password }).toPromise()
      if (result.error) {
        return [{ field: null, message: describeError(result.error), code: 'INVALID' }]
      }
      const payload = result.data?.login
      if (!payload) return [{ field: null, message: 'Login failed.', code: 'INVALID' }]
      if (payload.errors.length === 0 && payload.user) {
        user.value = payload.user
        ready.value = true
        options.onUserChange?.()
      }
      return payload.errors
    },
    async logout() {
      await getClient().mutation(LogoutDocument, {}).toPromise()
      user.value = null
      options.onUserChange?.()
    },
    expire() {
      user.value = null
    },
  }
}

export function useSession(): Session {
  const session = inject(SessionKey)
  if (!session) throw new Error('useSession() needs the session provided by main.ts (SessionKey)')
  return session
}
