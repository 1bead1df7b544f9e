import type { CombinedError } from '@urql/core'
import type { UserErrorFieldsFragment } from '@/gql/graphql'

export type UserError = UserErrorFieldsFragment

export function errorCodes(error: CombinedError | undefined | null): string[] {
  if (!error) return []
  return error.graphQLErrors
    .map((e) => e.extensions?.code)
    .filter((code): code is string => typeof code === 'string')
}

export function isAuthError(error: CombinedError | undefined | null): boolean {
  return errorCodes(error).includes('UNAUTHENTICATED')
}

/** A sentence for a person: what failed, without the transport noise. */
export function describeError(error: CombinedError | undefined | null): string {
  if (!error) return ''
  if (error.networkError) {
    return 'The server could not be reached. Check your connection and try again.'
  }
  const codes = errorCodes(error)
  if (codes.includes('FORBIDDEN')) return 'You do not have permission to do this.'
  if (codes.includes('UNAUTHENTICATED')) return 'Your session has ended. Please log in again.'
  const messages = error.graphQLErrors.map((e) => e.message).filter(Boolean)
  return messages.length ? messages.join(' ') : error.message
}

/**
 * Splits payload errors by the input field they point at. `field` is a path such as
 * ['input', 'name']; the leading 'input' (the argument) is dropped, the rest joined by '.'.
 * Errors without a field, or for a field not on the form, land under `''` (form level).
 */
export function errorsByField(
  errors: readonly UserError[] | null | undefined,
  knownFields?: readonly string[],
): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const err of errors ?? []) {
    const path = [...(err.field ?? [])]
    if (path[0] === 'input') path.shift()
    let key = path.join('.')
    if (knownFields && key && !knownFields.includes(key)) {
      const last = path[path.length - 1] ?? ''
      key = knownFields.includes(last) ? last : ''
    }
    ;(out[key] ??= []).push(err.message)
  }
  return out
}
