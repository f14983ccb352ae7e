import { createRouter, createWebHistory } from 'vue-router'
import { session, restoreSession } from './session.js'
import AppLayout from './components/AppLayout.vue'
import LoginView from './views/LoginView.vue'

// Every screen but 登录 is its own chunk, so the first page loads only what it shows;
// the supervisor board (with ECharts) in particular is fetched only when opened.
const routes = [
  { path: '/login', name: 'login', component: LoginView, meta: { public: true, title: '登录' } },
  {
    path: '/',
    component: AppLayout,
    children: [
      { path: '', name: 'dashboard', component: () => import('./views/DashboardView.vue'), meta: { title: '工作台' } },
      { path: 'items', name: 'items', component: () => import('./views/ItemListView.vue'), meta: { title: '事项' } },
      { path: 'items/new', name: 'item-new', component: () => import('./views/NewItemView.vue'), meta: { title: '新建事项', roles: ['manager', 'admin'] } },
      { path: 'items/:id(\\d+)', name: 'item', component: () => import('./views/ItemDetailView.vue'), meta: { title: '事项详情' } },
      { path: 'alerts', name: 'alerts', component: () => import('./views/AlertsView.vue'), meta: { title: '预警' } },
      { path: 'board', name: 'board', component: () => import('./views/BoardView.vue'), meta: { title: '督查看板', roles: ['supervisor', 'admin'] } },
      { path: 'plans/import', name: 'plan-import', component: () => import('./views/PlanImportView.vue'), meta: { title: '工作方案导入', roles: ['manager', 'admin'] } },
      { path: ':rest(.*)*', name: 'missing', component: () => import('./views/MissingView.vue'), meta: { title: '页面不存在' } },
    ],
  },
]

export const router = createRouter({ history: createWebHistory(), routes })

router.beforeEach(async (to) => {
  if (!session.checked) await restoreSession()
  if (to.meta.public) return true
  if (!session.user) return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  if (to.meta.roles && !to.meta.roles.includes(session.user.role)) return { name: 'dashboard' }
  return true
})

router.afterEach((to) => {
  document.title = (to.meta.title ? to.meta.title + ' - ' : '') + '泗顶镇扶贫项目台账'
})
