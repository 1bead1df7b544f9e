import { describe, expect, it } from 'vitest'
import { lockKey, lockLabel } from './fieldLocks'

describe('field locks', () => {
  it('keys GraphQL field names the way the server stores locks', () => {
    expect(lockKey('serialNumber')).toBe('serialnumber')
    expect(lockKey('os_name')).toBe('osname')
    expect(lockKey('osName')).toBe('osname')
  })

  it('labels core fields, then asks the server\'s labels for the column', () => {
    const column = (c: string) => ({ osname: 'OS name' })[c] ?? c
    expect(lockLabel('serialnumber', column)).toBe('Serial number')
    expect(lockLabel('osname', column)).toBe('OS name')
    expect(lockLabel('mystery', column)).toBe('mystery')
  })
})
