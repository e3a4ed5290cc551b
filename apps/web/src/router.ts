import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { setUnauthenticatedHandler } from './api/client';
import { mayOpen } from './logic/menu';
import { ensureSession, forget, session } from './session';

const routes: RouteRecordRaw[] = [
  { path: '/login', component: () => import('./pages/LoginPage.vue'), meta: { public: true, title: '登录' } },
  { path: '/open', component: () => import('./pages/OpenListPage.vue'), meta: { public: true, title: '公开目录' } },
  // 征求意见 for the public (no sign-in). Not /consultations or /public/…: those are the API's paths.
  { path: '/participate', component: () => import('./pages/ConsultationPublicListPage.vue'), meta: { public: true, title: '征求意见' } },
  { path: '/participate/:id', component: () => import('./pages/ConsultationPublicPage.vue'), meta: { public: true, title: '征求意见' } },
  // 依申请公开 for the public: filing and tracking. Not /public/requests: that is the API's.
  { path: '/apply', component: () => import('./pages/RequestApplyPage.vue'), meta: { public: true, title: '政府信息公开申请' } },
  { path: '/open/:indexNumber(.*)', component: () => import('./pages/OpenDetailPage.vue'), meta: { public: true, title: '公开目录' } },
  {
    path: '/',
    component: () => import('./components/AppShell.vue'),
    children: [
      { path: '', redirect: '/todo' },
      { path: 'todo', component: () => import('./pages/TodoPage.vue'), meta: { title: '我的待办' } },
      { path: 'manuscripts', component: () => import('./pages/ManuscriptListPage.vue'), meta: { title: '稿件' } },
      { path: 'manuscripts/new', component: () => import('./pages/ManuscriptNewPage.vue'), meta: { title: '起草' } },
      { path: 'manuscripts/:id', component: () => import('./pages/ManuscriptDetailPage.vue'), meta: { title: '稿件详情' } },
      // Not /policies: that is the API's path, and the app answers index.html only for paths no API path shares.
      { path: 'policy-packages', component: () => import('./pages/PolicyListPage.vue'), meta: { title: '政策解读' } },
      { path: 'policy-packages/new', component: () => import('./pages/PolicyNewPage.vue'), meta: { title: '起草政策及解读' } },
      { path: 'policy-packages/:id', component: () => import('./pages/PolicyDetailPage.vue'), meta: { title: '政策解读协同起草' } },
      // Staff side of 征求意见; /consultations is the API's.
      { path: 'consultation-admin', component: () => import('./pages/ConsultationListPage.vue'), meta: { title: '征求意见' } },
      { path: 'consultation-admin/new', component: () => import('./pages/ConsultationNewPage.vue'), meta: { title: '发起征求意见' } },
      { path: 'consultation-admin/:id', component: () => import('./pages/ConsultationDetailPage.vue'), meta: { title: '征求意见详情' } },
      // Staff side of 依申请公开; /requests is the API's.
      { path: 'request-desk', component: () => import('./pages/RequestDeskPage.vue'), meta: { title: '依申请公开' } },
      { path: 'request-desk/:id', component: () => import('./pages/RequestHandlePage.vue'), meta: { title: '依申请公开办理' } },
      { path: 'board', component: () => import('./pages/BoardPage.vue'), meta: { title: '领导看板' } },
      { path: 'system', component: () => import('./pages/SystemPage.vue'), meta: { title: '系统状态' } },
    ],
  },
  { path: '/:rest(.*)*', component: () => import('./pages/NotFoundPage.vue'), meta: { public: true, title: '页面不存在' } },
];

export const router = createRouter({ history: createWebHistory('/'), routes });

router.beforeEach(async (to) => {
  if (to.meta.public) return true;
  if (!(await ensureSession())) return { path: '/login', query: { redirect: to.fullPath } };
  if (!mayOpen(to.path, session.user?.roles ?? [])) return '/todo';
  return true;
});

router.afterEach((to) => {
  const title = typeof to.meta.title === 'string' ? to.meta.title : '';
  document.title = title ? `${title} - 政务公开工作平台` : '政务公开工作平台';
});

setUnauthenticatedHandler(() => {
  forget();
  const here = router.currentRoute.value;
  if (!here.meta.public) void router.replace({ path: '/login', query: { redirect: here.fullPath } });
});
