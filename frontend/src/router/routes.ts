import type { Component } from 'vue'
import type { RouteRecordRaw } from 'vue-router'
import {
  AlarmClock,
  Avatar,
  Box,
  Calendar,
  Connection,
  Document,
  Finished,
  Flag,
  HomeFilled,
  House,
  Location,
  Memo,
  MessageBox,
  OfficeBuilding,
  Present,
  Shop,
  Tickets,
  Timer,
  User,
  UserFilled,
} from '@element-plus/icons-vue'
import type { Permission } from '@/api/types'

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page title (menu, breadcrumb, document title). */
    title?: string
    /** Open to visitors who are not signed in. */
    public?: boolean
    /** Any one of these lets the caller in; without it the route answers 403. */
    permission?: Permission | readonly Permission[]
    /** The route the page sits under in the breadcrumb (a detail page under its list). */
    parent?: string
    /** Shown in the side menu, in this order; a `group` folds it under that heading (`MENU_GROUPS`). */
    menu?: { order: number; icon: Component; group?: MenuGroup }
    /** The forced password change: the one page open while a temporary password is in use. */
    passwordChange?: boolean
  }
}

export const HOME = 'home'

/** Headings that fold several pages of the side menu, placed where their first page would be. */
export const MENU_GROUPS = {
  assistance: { title: 'menu.groups.assistance', icon: Connection },
} as const satisfies Record<string, { title: string; icon: Component }>

export type MenuGroup = keyof typeof MENU_GROUPS

/** Pages inside the admin layout (side menu, header, breadcrumb). */
const layoutChildren: RouteRecordRaw[] = [
  {
    path: '',
    name: HOME,
    component: () => import('@/views/home/HomeView.vue'),
    meta: { title: 'menu.home', menu: { order: 0, icon: HomeFilled } },
  },
  {
    path: 'areas',
    name: 'areas',
    component: () => import('@/views/areas/AreaIndex.vue'),
    meta: { title: 'menu.areas', permission: 'areas.read', menu: { order: 10, icon: Location } },
  },
  {
    path: 'units',
    name: 'units',
    component: () => import('@/views/units/UnitIndex.vue'),
    meta: { title: 'menu.units', permission: 'units.read', menu: { order: 12, icon: OfficeBuilding } },
  },
  {
    path: 'units/:id(\\d+)',
    name: 'unit-detail',
    component: () => import('@/views/units/UnitDetail.vue'),
    meta: { title: 'menu.unitDetail', permission: 'units.read', parent: 'units' },
  },
  {
    path: 'agreements',
    name: 'agreements',
    component: () => import('@/views/agreements/AgreementIndex.vue'),
    meta: { title: 'menu.agreements', permission: 'agreements.read', menu: { order: 14, icon: Tickets } },
  },
  {
    path: 'party-orgs',
    name: 'party-orgs',
    component: () => import('@/views/partyOrgs/PartyOrgIndex.vue'),
    meta: { title: 'menu.partyOrgs', permission: 'party_orgs.read', menu: { order: 16, icon: Flag } },
  },
  // Resources, needs and services (资源清单、需求清单、服务清单). The community
  // side (order, rate) and the unit side (accept, deliver) see different
  // menus: a unit contact keeps their resources, the inbox of orders and
  // their unit's services (the server narrows the list to them);
  // grid workers raise needs and follow services but do not order from the
  // supermarket, which commits the community and ends in its rating.
  {
    path: 'supermarket',
    name: 'supermarket',
    component: () => import('@/views/supermarket/SupermarketIndex.vue'),
    meta: { title: 'menu.supermarket', permission: 'services.rate', menu: { order: 17, icon: Shop } },
  },
  {
    path: 'needs',
    name: 'needs',
    component: () => import('@/views/needs/NeedIndex.vue'),
    meta: { title: 'menu.needs', permission: 'needs.write', menu: { order: 18, icon: Memo } },
  },
  {
    path: 'needs/:id(\\d+)',
    name: 'need-detail',
    component: () => import('@/views/needs/NeedDetail.vue'),
    meta: { title: 'menu.needDetail', permission: 'needs.read', parent: 'needs' },
  },
  {
    path: 'resources',
    name: 'resources',
    component: () => import('@/views/resources/ResourceIndex.vue'),
    meta: {
      title: 'menu.resources',
      permission: ['resources.write', 'resources.write_own'],
      menu: { order: 19, icon: Box },
    },
  },
  {
    path: 'services',
    name: 'services',
    component: () => import('@/views/services/ServiceIndex.vue'),
    meta: { title: 'menu.services', permission: 'services.read', menu: { order: 20, icon: Finished } },
  },
  {
    path: 'services/inbox',
    name: 'service-inbox',
    component: () => import('@/views/services/ServiceInbox.vue'),
    meta: { title: 'menu.serviceInbox', permission: 'services.fulfil', menu: { order: 21, icon: MessageBox } },
  },
  {
    path: 'services/:id(\\d+)',
    name: 'service-detail',
    component: () => import('@/views/services/ServiceDetail.vue'),
    meta: { title: 'menu.serviceDetail', permission: 'services.read', parent: 'services' },
  },
  // Volunteers and their projects (志愿者、志愿服务项目). Volunteer accounts
  // have `projects.read` too, but use the mobile app; these pages are staff's.
  {
    path: 'volunteers',
    name: 'volunteers',
    component: () => import('@/views/volunteers/VolunteerIndex.vue'),
    meta: { title: 'menu.volunteers', permission: 'volunteers.read', menu: { order: 22, icon: UserFilled } },
  },
  {
    path: 'volunteer-projects',
    name: 'projects',
    component: () => import('@/views/projects/ProjectIndex.vue'),
    meta: { title: 'menu.projects', permission: 'projects.read', menu: { order: 23, icon: Calendar } },
  },
  {
    path: 'volunteer-projects/:id(\\d+)',
    name: 'project-detail',
    component: () => import('@/views/projects/ProjectDetail.vue'),
    meta: { title: 'menu.projectDetail', permission: 'projects.read', parent: 'projects' },
  },
  // Hours served (志愿服务记录) with their totals and the certificates issued
  // from them: staff read them; organisers correct and enter hours.
  {
    path: 'service-records',
    name: 'service-records',
    component: () => import('@/views/records/RecordIndex.vue'),
    meta: { title: 'menu.serviceRecords', permission: 'records.read', menu: { order: 24, icon: Timer } },
  },
  {
    path: 'service-records/totals',
    name: 'record-totals',
    component: () => import('@/views/records/RecordTotals.vue'),
    meta: { title: 'menu.recordTotals', permission: 'records.read', parent: 'service-records' },
  },
  {
    path: 'certificates',
    name: 'certificates',
    component: () => import('@/views/certificates/CertificateIndex.vue'),
    meta: { title: 'menu.certificates', permission: 'records.read', parent: 'service-records' },
  },
  {
    path: 'certificates/:id(\\d+)/print',
    name: 'certificate-print',
    component: () => import('@/views/certificates/CertificatePrint.vue'),
    meta: { title: 'menu.certificatePrint', permission: 'records.read', parent: 'certificates' },
  },
  // Pairing assistance (结对帮扶): the ledger of households in difficulty,
  // the pairings of helpers with them and their visits, the wish board.
  // Staff keep the ledger; helpers (unit contacts, volunteers) see their own
  // pairings and the wishes of their community.
  {
    path: 'households',
    name: 'households',
    component: () => import('@/views/households/HouseholdIndex.vue'),
    meta: { title: 'menu.households', permission: 'households.read', menu: { order: 26, icon: House, group: 'assistance' } },
  },
  {
    path: 'households/:id(\\d+)',
    name: 'household-detail',
    component: () => import('@/views/households/HouseholdDetail.vue'),
    meta: { title: 'menu.householdDetail', permission: ['households.read', 'pairings.self'], parent: 'households' },
  },
  {
    path: 'pairings/overdue',
    name: 'overdue-visits',
    component: () => import('@/views/pairings/OverdueIndex.vue'),
    meta: { title: 'menu.overdueVisits', permission: 'households.read', menu: { order: 27, icon: AlarmClock, group: 'assistance' } },
  },
  {
    path: 'me/pairings',
    name: 'my-pairings',
    component: () => import('@/views/pairings/MyPairings.vue'),
    meta: { title: 'menu.myPairings', permission: 'pairings.self', menu: { order: 28, icon: Connection, group: 'assistance' } },
  },
  {
    path: 'wishes',
    name: 'wishes',
    component: () => import('@/views/wishes/WishIndex.vue'),
    meta: {
      title: 'menu.wishes',
      permission: ['households.read', 'pairings.self'],
      menu: { order: 29, icon: Present, group: 'assistance' },
    },
  },
  {
    path: 'users',
    name: 'users',
    component: () => import('@/views/users/UserIndex.vue'),
    meta: { title: 'menu.users', permission: 'users.read', menu: { order: 25, icon: User } },
  },
  {
    path: 'audit',
    name: 'audit',
    component: () => import('@/views/audit/AuditIndex.vue'),
    meta: { title: 'menu.audit', permission: 'audit.read', menu: { order: 30, icon: Document } },
  },
  {
    path: 'profile',
    name: 'profile',
    component: () => import('@/views/profile/ProfileView.vue'),
    meta: { title: 'menu.profile', menu: { order: 90, icon: Avatar } },
  },
  {
    path: '403',
    name: 'forbidden',
    component: () => import('@/views/errors/ForbiddenView.vue'),
    meta: { title: 'menu.forbidden' },
  },
  {
    path: ':pathMatch(.*)*',
    name: 'not-found',
    component: () => import('@/views/errors/NotFoundView.vue'),
    meta: { title: 'menu.notFound' },
  },
]

export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/auth/LoginView.vue'),
    meta: { title: 'menu.login', public: true },
  },
  {
    path: '/password/change',
    name: 'password-change',
    component: () => import('@/views/auth/PasswordChangeView.vue'),
    meta: { title: 'menu.passwordChange', passwordChange: true },
  },
  {
    path: '/',
    component: () => import('@/layouts/AdminLayout.vue'),
    children: layoutChildren,
  },
]
