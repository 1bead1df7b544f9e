import { ref } from 'vue'

/** Copy text with feedback; falls back to a hidden textarea where the API is missing. */
export function useClipboard(resetMs = 2000) {
  const copied = ref(false)
  const failed = ref(false)
  let timer: ReturnType<typeof setTimeout> | undefined

  async function copy(text: string): Promise<boolean> {
    failed.value = false
    try {
      if (navigator.clipboard?.writeText) {
        await navigator.clipboard.writeText(text)
      } else {
        const area = document.createElement('textarea')
        area.value = text
        area.setAttribute('readonly', '')
        area.style.position = 'fixed'
        area.style.opacity = '0'
        document.body.appendChild(area)
        area.select()
        const ok = document.execCommand('copy')
        area.remove()
        if (!ok) throw new Error('copy command refused')
      }
      copied.value = true
      clearTimeout(timer)
      timer = setTimeout(() => (copied.value = false), resetMs)
      return true
    } catch {
      failed.value = true
      return false
    }
  }

  return { copy, copied, failed }
}
