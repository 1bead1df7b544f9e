import { describe, expect, it } from 'vitest'
import { lockKey, lockLabel } from './fieldLocks'

describe('field locks', () => {
  it('keys GraphQL field names the way the server stores locks', () => {
    expect(lockKey('serialNumber')).toBe('serialnumber')
    expect(lockKey('os_name')).toBe('osname')
    expect(lockKey('osName')).toBe('osname')
  })

  it('labels core fields, then kind fields, then falls back to the key', () => {
    const kind = [{ name: 'osName', label: 'Operating system' }]
    expect(lockLabel('serialnumber', kind)).toBe('Serial number')
    expect(lockLabel('osname', kind)).toBe('Operating system')
    expect(lockLabel('mystery', kind)).toBe('mystery')
  })
})
