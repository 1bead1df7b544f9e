import { defineExtension } from '@shopdb/ui'
import PrinterSuppliesCard from './PrinterSuppliesCard.vue'
import { lowestSupply } from './supplyLevels'

// The printers plugin's UI: supply levels on the detail page and as a list column.
export default defineExtension({
  apiVersion: '1.0',
  install(ui) {
    ui.detailCard('Printer', { component: PrinterSuppliesCard, covers: ['supplies'] })
    ui.listColumn('Printer', {
      key: 'lowestSupply',
      label: 'Lowest supply',
      selection: 'supplies { name level }',
      value: lowestSupply,
    })
  },
})
