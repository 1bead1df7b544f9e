import { describe, expect, it } from 'vitest'
import { csrfHeaders, readCookie } from './csrf'

describe('readCookie', () => {
  it('finds a cookie among others and decodes it', () => {
    expect(readCookie('shopdb_csrf', 'a=1; shopdb_csrf=ab%3Dc; b=2')).toBe('ab=c')
  })
  it('returns null when absent', () => {
    expect(readCookie('shopdb_csrf', 'a=1')).toBeNull()
  })
  it('keeps "=" inside values', () => {
    expect(readCookie('t', 't=a=b')).toBe('a=b')
  })
})

describe('csrfHeaders', () => {
  it('echoes the cookie in X-CSRF-Token', () => {
    expect(csrfHeaders('shopdb_csrf=tok')).toEqual({ 'X-CSRF-Token': 'tok' })
  })
  it('sends no header without the cookie', () => {
    expect(csrfHeaders('')).toEqual({})
  })
})
