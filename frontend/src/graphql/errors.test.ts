import { describe, expect, it } from 'vitest'
import { CombinedError } from '@urql/core'
import { GraphQLError } from 'graphql'
import { describeError, errorsByField, isAuthError } from './errors'

const coded = (code: string, message = 'x') =>
  new CombinedError({ graphQLErrors: [new GraphQLError(message, { extensions: { code } })] })

describe('errorsByField', () => {
  it('drops the leading input argument from the path', () => {
    const out = errorsByField([{ field: ['input', 'name'], message: 'Name is taken', code: 'CONFLICT' }])
    expect(out).toEqual({ name: ['Name is taken'] })
  })
  it('puts errors without a field at form level', () => {
    expect(errorsByField([{ field: null, message: 'Nope', code: 'INVALID' }])).toEqual({ '': ['Nope'] })
  })
  it('maps unknown paths to their last segment when that is a known field, else form level', () => {
    const errors = [
      { field: ['input', 'nested', 'hostname'], message: 'bad host', code: 'INVALID' as const },
      { field: ['input', 'mystery'], message: 'odd', code: 'INVALID' as const },
    ]
    expect(errorsByField(errors, ['hostname'])).toEqual({ hostname: ['bad host'], '': ['odd'] })
  })
  it('collects several messages per field', () => {
    const e = { field: ['input', 'name'], code: 'INVALID' as const }
    expect(errorsByField([{ ...e, message: 'a' }, { ...e, message: 'b' }])).toEqual({ name: ['a', 'b'] })
  })
})

describe('describeError', () => {
  it('explains network failures', () => {
    expect(describeError(new CombinedError({ networkError: new Error('fetch failed') }))).toMatch(/could not be reached/)
  })
  it('explains FORBIDDEN', () => {
    expect(describeError(coded('FORBIDDEN'))).toMatch(/permission/)
  })
  it('passes other messages through', () => {
    expect(describeError(coded('BAD_USER_INPUT', 'Invalid cursor'))).toBe('Invalid cursor')
  })
  it('detects UNAUTHENTICATED', () => {
    expect(isAuthError(coded('UNAUTHENTICATED'))).toBe(true)
    expect(isAuthError(coded('FORBIDDEN'))).toBe(false)
  })
})
