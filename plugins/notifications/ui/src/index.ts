import { defineExtension } from '@shopdb/ui'
import NoticesPage from './NoticesPage.vue'
import NoticeForm from './NoticeForm.vue'
import NotificationBanner from './NotificationBanner.vue'

// The notifications plugin's UI: live notices above every page, and the notices pages
// under its menu entry.
export default defineExtension({
  apiVersion: '1.0',
  install(ui) {
    ui.page({ path: '/notifications', component: NoticesPage, title: 'Notices' })
    ui.page({ path: '/notifications/new', component: NoticeForm, title: 'New notice', role: 'EDITOR' })
    ui.page({ path: '/notifications/:id/edit', component: NoticeForm, title: 'Edit notice', role: 'EDITOR' })
    ui.banner(NotificationBanner)
  },
})
