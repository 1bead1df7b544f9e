import { defineExtension } from '@shopdb/ui'
import UsbLoanCard from './UsbLoanCard.vue'
import UsbSearchHit from './UsbSearchHit.vue'

// The USB plugin's UI: who holds a stick (detail card) and search hits that say so.
export default defineExtension({
  apiVersion: '1.0',
  install(ui) {
    ui.detailCard('UsbDevice', { component: UsbLoanCard, covers: ['currentCheckout', 'currentHolder', 'checkouts'] })
    ui.searchResult('UsbDevice', UsbSearchHit)
  },
})
