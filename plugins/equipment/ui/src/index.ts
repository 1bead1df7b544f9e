import { defineExtension } from '@shopdb/ui'
import ControllingAssetsCard from './ControllingAssetsCard.vue'

// The equipment plugin's UI: the PCs that control a machine, on its detail page.
export default defineExtension({
  apiVersion: '1.0',
  install(ui) {
    ui.detailCard('Equipment', { component: ControllingAssetsCard, covers: ['controllingAssets'] })
  },
})
