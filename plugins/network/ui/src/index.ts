import { defineExtension } from '@shopdb/ui'
import SubnetsPage from './SubnetsPage.vue'
import SubnetEditPage from './SubnetEditPage.vue'
import SubnetDetailPage from './SubnetDetailPage.vue'

// The network plugin's UI: the subnet pages under its "Subnets" menu entry.
export default defineExtension({
  apiVersion: '1.0',
  install(ui) {
    ui.page({ path: '/network/subnets', component: SubnetsPage, title: 'Subnets' })
    ui.page({ path: '/network/subnets/new', component: SubnetEditPage, title: 'New subnet', role: 'EDITOR' })
    ui.page({ path: '/network/subnets/:id', component: SubnetDetailPage, title: 'Subnet' })
    ui.page({ path: '/network/subnets/:id/edit', component: SubnetEditPage, title: 'Edit subnet', role: 'EDITOR' })
  },
})
