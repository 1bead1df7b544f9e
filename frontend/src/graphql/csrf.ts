/** The server's double-submit CSRF protection: echo the readable cookie in a header. */
export const CSRF_COOKIE = 'shopdb_csrf'
export const CSRF_HEADER = 'X-CSRF-Token'

export function readCookie(name: string, cookies: string = document.cookie): string | null {
  for (const part of cookies.split(';')) {
    const [key, ...rest] = part.trim().split('=')
    if (key === name) return decodeURIComponent(rest.join('='))
  }
  return null
}

export function csrfHeaders(cookies?: string): Record<string, string> {
  const token = readCookie(CSRF_COOKIE, cookies)
  return token ? { [CSRF_HEADER]: token } : {}
}
