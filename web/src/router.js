import { createRouter, createWebHistory } from 'vue-router'
import { session, restoreSession } from './session.js'
import AppLayout from './components/AppLayout.vue'
import LoginView from './views/LoginView.vue'

// Every screen but 登录 is its own chunk, so the first page loads only what it shows;
// the supervisor board (with ECharts) in particular is fetched only when opened.
const routes = [
  { path: '/login', name: 'login', component: LoginView, meta: { public: true, title: '登录' } },
  // The public board: no sign-in, its own small layout.
  { path: '/public/', name: 'public', component: () => import('./views/PublicBoardView.vue'), meta: { public: true, title: '公告公示' } },
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
      { path: 'funds', name: 'funds', component: () => import('./views/FundListView.vue'), meta: { title: '资金' } },
      { path: 'funds/:id(\\d+)', name: 'fund', component: () => import('./views/FundDetailView.vue'), meta: { title: '资金详情' } },
      { path: 'spending', name: 'spending', component: () => import('./views/SpendingView.vue'), meta: { title: '支出进度' } },
      { path: 'admin/users', name: 'admin-users', component: () => import('./views/UsersView.vue'), meta: { title: '用户', roles: ['admin'] } },
      { path: 'admin/webhooks', name: 'admin-webhooks', component: () => import('./views/WebhooksView.vue'), meta: { title: '推送', roles: ['admin'] } },
      { path: 'admin/workflows', name: 'admin-workflows', component: () => import('./views/WorkflowsView.vue'), meta: { title: '流程' } },
      { path: 'admin/audit', name: 'admin-audit', component: () => import('./views/AuditView.vue'), meta: { title: '审计', roles: ['supervisor', 'admin'] } },
      { path: ':rest(.*)*', name: 'missing', component: () => import('./views/MissingView.vue'), meta: { title: '页面不存在' } },
    ],
  },
]

export const router = createRouter({ history: createWebHistory(), routes })

router.beforeEach(async (to) => {
  if (to.name === 'public') return true  // never asks who is reading
  if (!session.checked) await restoreSession()
  if (to.meta.public) return true
  if (!session.user) return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  if (to.meta.roles && !to.meta.roles.includes(session.user.role)) return { name: 'dashboard' }
  return true
})

router.afterEach((to) => {
  document.title = (to.meta.title ? to.meta.title + ' - ' : '') + (to.name === 'public' ? '泗顶镇公告公示栏' : '泗顶镇扶贫项目台账')
})
