import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  redirect,
} from '@tanstack/react-router';
import type { ParsedLocation } from '@tanstack/react-router';
import { hasRole, sessionQuery } from './api/session.ts';
import { queryClient } from './api/query-client.ts';
import { AdminLayout } from './admin/AdminLayout.tsx';
import { ApplicationPage, detailTab } from './applicant/ApplicationPage.tsx';
import type { DetailTab } from './applicant/ApplicationPage.tsx';
import { ApplyPage } from './applicant/ApplyPage.tsx';
import { ServicePage } from './applicant/ServicePage.tsx';
import { ApplicantPage } from './pages/ApplicantPage.tsx';
import { EgovMobileDemoPage } from './pages/EgovMobileDemoPage.tsx';
import { ErrorPage } from './pages/ErrorPage.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { PublicQueuePage, publicQueueSearch } from './pages/PublicQueuePage.tsx';
import { ProtocolsPage, protocolsSearch } from './pages/ProtocolsPage.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { TransparencyPage } from './pages/TransparencyPage.tsx';
import { AppLayout } from './shell/AppLayout.tsx';
import { MessagesPage } from './placement/MessagesPage.tsx';
import { VerifyPage } from './placement/VerifyPage.tsx';
import { StaffLayout } from './staff/StaffLayout.tsx';
import { DepartmentLayout } from './department/DepartmentLayout.tsx';

// The staff's, the department's and the administrator's pages, and the choice with its map, load
// when first opened: a parent's first visit downloads none of them.

interface RouterContext {
  queryClient: QueryClient;
}

/** Areas that need a role: nobody signed in → the sign-in page, back here afterwards. */
async function requireSignIn({
  context,
  location,
}: {
  context: RouterContext;
  location: ParsedLocation;
}) {
  const session = await context.queryClient.ensureQueryData(sessionQuery);
  if (!session.user) {
    throw redirect({ to: '/signin', search: { redirect: location.href } });
  }
  return session;
}

/** `?created=12` marks (and shows) the row that was just saved. */
function createdSearch(search: Record<string, unknown>): { created?: number } {
  const created = Number(search.created);
  return Number.isInteger(created) && created > 0 ? { created } : {};
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: AppLayout,
  notFoundComponent: NotFoundPage,
  errorComponent: ErrorPage,
});

const homeRoute = createRoute({ getParentRoute: () => rootRoute, path: '/', component: HomePage });

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/signin',
  validateSearch: (search: Record<string, unknown>): { redirect?: string } =>
    typeof search.redirect === 'string' ? { redirect: search.redirect } : {},
  component: SignInPage,
});

const applicantRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/applicant',
  component: ApplicantPage,
});

const serviceRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/applicant/service',
  component: ServicePage,
});

/** `?districtId=3`: the queue chosen on the service page. */
const applyRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/applicant/new',
  validateSearch: (search: Record<string, unknown>): { districtId?: number } => {
    const districtId = Number(search.districtId);
    return Number.isInteger(districtId) && districtId > 0 ? { districtId } : {};
  },
  component: ApplyPage,
});

/** `?tab=history|documents`: the open tab (information when absent). */
const applicationRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/applicant/applications/$id',
  // `?registered=true` right after registration: the manual's confirmation window (seed 001, step 13).
  validateSearch: (search: Record<string, unknown>): { tab?: DetailTab; registered?: true } => {
    const tab = detailTab(search.tab);
    return {
      ...(tab && tab !== 'info' ? { tab } : {}),
      ...(search.registered === true || search.registered === 'true' ? { registered: true } : {}),
    };
  },
  component: ApplicationPage,
});

const chooseRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/applicant/applications/$id/choose/$type',
  component: lazyRouteComponent(() => import('./placement/ChoosePage.tsx'), 'ChoosePage'),
});

const messagesRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/applicant/messages',
  component: MessagesPage,
});

/** The public check of a direction (the QR code on its PDF): `?code=` is printed next to it. */
const verifyRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/verify/$number',
  validateSearch: (search: Record<string, unknown>): { code?: string } =>
    typeof search.code === 'string' ? { code: search.code } : {},
  component: VerifyPage,
});

/** The public queue (docs/rules.md, "The public queue"): anyone, signed in or not. */
const publicQueueRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/queue',
  validateSearch: publicQueueSearch,
  component: PublicQueuePage,
});

/** Public protocols (docs/rules.md, "Public protocols"): anyone, signed in or not. */
const protocolsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/protocols',
  validateSearch: protocolsSearch,
  component: ProtocolsPage,
});

/** The transparency log (docs/transparency.md): anyone, signed in or not. */
const transparencyRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/transparency',
  component: TransparencyPage,
});

/** Demo mode: the eGov Mobile stand-in, to try signing by QR code (docs/mobile-signing.md). */
const egovMobileDemoRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/demo/egov-mobile',
  component: EgovMobileDemoPage,
});

const verifyFormRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/verify',
  component: VerifyPage,
});

const staffRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/staff',
  beforeLoad: requireSignIn,
  component: StaffLayout,
});

/** Officers and administrators have no kindergartens of their own: the places base is theirs. */
const staffIndexRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/',
  beforeLoad: async ({ context }) => {
    const { user } = await context.queryClient.ensureQueryData(sessionQuery);
    if (!hasRole(user, ['staff']) && hasRole(user, ['officer', 'admin'])) {
      throw redirect({ to: '/staff/places', replace: true });
    }
  },
  component: lazyRouteComponent(() => import('./staff/StaffHomePage.tsx'), 'StaffHomePage'),
});

const staffPlacesRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/places',
  component: lazyRouteComponent(() => import('./staff/PlacesPage.tsx'), 'PlacesPage'),
});

/** `?kindergartenId=3`: which of the staff member's kindergartens the screen works for. */
function kindergartenSearch(search: Record<string, unknown>): { kindergartenId?: number } {
  const kindergartenId = Number(search.kindergartenId);
  return Number.isInteger(kindergartenId) && kindergartenId > 0 ? { kindergartenId } : {};
}

const staffWorkspaceRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/workspace',
  validateSearch: kindergartenSearch,
  component: lazyRouteComponent(() => import('./staff/WorkspacePage.tsx'), 'WorkspacePage'),
});

// Seed 004: the staff's «Список очередников и архивных заявок», the department's queue page.
const staffQueueRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/queue',
  component: lazyRouteComponent(() => import('./department/QueuePage.tsx'), 'QueuePage'),
});

const staffEnrolmentsRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/enrolments',
  validateSearch: kindergartenSearch,
  component: lazyRouteComponent(() => import('./staff/EnrolmentsPage.tsx'), 'EnrolmentsPage'),
});

const departmentRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/department',
  beforeLoad: requireSignIn,
  component: DepartmentLayout,
});

const departmentIndexRoute = createRoute({
  getParentRoute: () => departmentRoute,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: '/department/refusals', replace: true });
  },
});

const departmentRefusalsRoute = createRoute({
  getParentRoute: () => departmentRoute,
  path: '/refusals',
  component: lazyRouteComponent(() => import('./department/RefusalsPage.tsx'), 'RefusalsPage'),
});

const departmentQueueRoute = createRoute({
  getParentRoute: () => departmentRoute,
  path: '/queue',
  component: lazyRouteComponent(() => import('./department/QueuePage.tsx'), 'QueuePage'),
});

const departmentApplicationsRoute = createRoute({
  getParentRoute: () => departmentRoute,
  path: '/applications',
  component: lazyRouteComponent(
    () => import('./department/ApplicationSearchPage.tsx'),
    'ApplicationSearchPage',
  ),
});

/** What-if (docs/what-if.md): a release tried against today's queue, nothing saved. */
const departmentWhatIfRoute = createRoute({
  getParentRoute: () => departmentRoute,
  path: '/what-if',
  component: lazyRouteComponent(() => import('./department/WhatIfPage.tsx'), 'WhatIfPage'),
});

const departmentKindergartensRoute = createRoute({
  getParentRoute: () => departmentRoute,
  path: '/kindergartens',
  component: lazyRouteComponent(
    () => import('./department/KindergartensPage.tsx'),
    'KindergartensPage',
  ),
});

// Issue 20: the department's dashboard, for officers (their districts) and administrators (all).
const departmentDashboardRoute = createRoute({
  getParentRoute: () => departmentRoute,
  path: '/dashboard',
  component: lazyRouteComponent(() => import('./department/DashboardPage.tsx'), 'DashboardPage'),
});

const adminRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin',
  beforeLoad: requireSignIn,
  component: AdminLayout,
});

const adminIndexRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/',
  beforeLoad: async ({ context }) => {
    const { user } = await context.queryClient.ensureQueryData(sessionQuery);
    if (hasRole(user, ['admin'])) throw redirect({ to: '/admin/regions', replace: true });
    if (hasRole(user, ['officer'])) throw redirect({ to: '/admin/calendar', replace: true });
  },
});

const adminRegionsRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/regions',
  component: lazyRouteComponent(() => import('./admin/RegionsPage.tsx'), 'RegionsPage'),
});

const adminKindergartensRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/kindergartens',
  validateSearch: createdSearch,
  component: lazyRouteComponent(() => import('./admin/KindergartensPage.tsx'), 'KindergartensPage'),
});

const adminKindergartenNewRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/kindergartens/new',
  component: lazyRouteComponent(
    () => import('./admin/KindergartenFormPage.tsx'),
    'KindergartenCreatePage',
  ),
});

const adminKindergartenEditRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/kindergartens/$id/edit',
  component: lazyRouteComponent(
    () => import('./admin/KindergartenFormPage.tsx'),
    'KindergartenEditPage',
  ),
});

const adminStaffRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/staff',
  validateSearch: createdSearch,
  component: lazyRouteComponent(() => import('./admin/StaffPage.tsx'), 'StaffAccountsPage'),
});

const adminStaffNewRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/staff/new',
  component: lazyRouteComponent(() => import('./admin/StaffFormPage.tsx'), 'StaffCreatePage'),
});

const adminStaffEditRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/staff/$id/edit',
  component: lazyRouteComponent(() => import('./admin/StaffFormPage.tsx'), 'StaffEditPage'),
});

const adminPolicyRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/policy',
  component: lazyRouteComponent(() => import('./admin/PolicyPage.tsx'), 'PolicyPage'),
});

const adminCalendarRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/calendar',
  component: lazyRouteComponent(() => import('./admin/CalendarPage.tsx'), 'CalendarPage'),
});

const adminQueueImportRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/queue-import',
  component: lazyRouteComponent(() => import('./admin/QueueImportPage.tsx'), 'QueueImportPage'),
});

const routeTree = rootRoute.addChildren([
  homeRoute,
  signInRoute,
  applicantRoute,
  serviceRoute,
  applyRoute,
  applicationRoute,
  chooseRoute,
  messagesRoute,
  verifyRoute,
  verifyFormRoute,
  transparencyRoute,
  egovMobileDemoRoute,
  publicQueueRoute,
  protocolsRoute,
  staffRoute.addChildren([
    staffIndexRoute,
    staffPlacesRoute,
    staffWorkspaceRoute,
    staffEnrolmentsRoute,
    staffQueueRoute,
  ]),
  departmentRoute.addChildren([
    departmentIndexRoute,
    departmentRefusalsRoute,
    departmentQueueRoute,
    departmentApplicationsRoute,
    departmentKindergartensRoute,
    departmentWhatIfRoute,
    departmentDashboardRoute,
  ]),
  adminRoute.addChildren([
    adminIndexRoute,
    adminRegionsRoute,
    adminKindergartensRoute,
    adminKindergartenNewRoute,
    adminKindergartenEditRoute,
    adminStaffRoute,
    adminStaffNewRoute,
    adminStaffEditRoute,
    adminPolicyRoute,
    adminCalendarRoute,
    adminQueueImportRoute,
  ]),
]);

export const router = createRouter({
  routeTree,
  context: { queryClient },
  defaultPreload: false,
  scrollRestoration: true,
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
