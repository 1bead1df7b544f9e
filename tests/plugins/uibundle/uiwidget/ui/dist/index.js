const { h } = window.shopdb.modules.vue
export default { apiVersion: '1.0', install(ui) { ui.dashboardTile('uiwidget', { render: () => h('p', 'uiwidget') }) } }
