// The app's pages. Each page is its own chunk (React.lazy), loaded when first opened.
import { lazy } from 'react';
import { createBrowserRouter } from 'react-router';
import { NotFound } from './components/forbidden.tsx';
import { RequirePermission } from './components/require-permission.tsx';
import { ChangePasswordPage } from './features/auth/change-password-page.tsx';
import { LoginPage } from './features/auth/login-page.tsx';
import { AppLayout } from './layouts/app-layout.tsx';

const HomePage = lazy(() => import('./features/home/home-page.tsx').then((m) => ({ default: m.HomePage })));
const OrgTreePage = lazy(() =>
  import('./features/orgs/org-tree-page.tsx').then((m) => ({ default: m.OrgTreePage })),
);
const MountainIslandPage = lazy(() =>
  import('./features/orgs/mountain-island-page.tsx').then((m) => ({ default: m.MountainIslandPage })),
);
const UsersPage = lazy(() =>
  import('./features/users/users-page.tsx').then((m) => ({ default: m.UsersPage })),
);
const AuditPage = lazy(() =>
  import('./features/audit/audit-page.tsx').then((m) => ({ default: m.AuditPage })),
);
const AchievementsPage = lazy(() =>
  import('./features/sharing/achievements-page.tsx').then((m) => ({ default: m.AchievementsPage })),
);
const MarketPage = lazy(() =>
  import('./features/sharing/market-page.tsx').then((m) => ({ default: m.MarketPage })),
);
const TargetsPage = lazy(() =>
  import('./features/targets/targets-page.tsx').then((m) => ({ default: m.TargetsPage })),
);
const MetricPage = lazy(() =>
  import('./features/targets/metric-page.tsx').then((m) => ({ default: m.MetricPage })),
);
const WarningsPage = lazy(() =>
  import('./features/targets/warnings-page.tsx').then((m) => ({ default: m.WarningsPage })),
);
const ReportsPage = lazy(() =>
  import('./features/targets/reports-page.tsx').then((m) => ({ default: m.ReportsPage })),
);
const CockpitPage = lazy(() =>
  import('./features/targets/cockpit-page.tsx').then((m) => ({ default: m.CockpitPage })),
);
const PlansPage = lazy(() =>
  import('./features/targets/plans-page.tsx').then((m) => ({ default: m.PlansPage })),
);
const ProfilePage = lazy(() =>
  import('./features/profile/profile-page.tsx').then((m) => ({ default: m.ProfilePage })),
);

const ResourcesPage = lazy(() =>
  import('./features/zhuqi/resources-page.tsx').then((m) => ({ default: m.ResourcesPage })),
);
const DemandsPage = lazy(() =>
  import('./features/zhuqi/demands-page.tsx').then((m) => ({ default: m.DemandsPage })),
);
const DemandDetailPage = lazy(() =>
  import('./features/zhuqi/demand-detail-page.tsx').then((m) => ({ default: m.DemandDetailPage })),
);
const ChallengesPage = lazy(() =>
  import('./features/zhuqi/challenges-page.tsx').then((m) => ({ default: m.ChallengesPage })),
);
const ChallengeDetailPage = lazy(() =>
  import('./features/zhuqi/challenge-detail-page.tsx').then((m) => ({ default: m.ChallengeDetailPage })),
);
const ClustersPage = lazy(() =>
  import('./features/zhuqi/clusters-page.tsx').then((m) => ({ default: m.ClustersPage })),
);
const BatchDispatchPage = lazy(() =>
  import('./features/zhuqi/dispatch-ui.tsx').then((m) => ({ default: m.BatchDispatchPage })),
);
const EvaluationPage = lazy(() =>
  import('./features/evaluation/evaluation-page.tsx').then((m) => ({ default: m.EvaluationPage })),
);
const MyTasksPage = lazy(() =>
  import('./features/zhuqi/my-tasks-page.tsx').then((m) => ({ default: m.MyTasksPage })),
);

const RegistriesOverviewPage = lazy(() =>
  import('./features/registries/registries-overview-page.tsx').then((m) => ({
    default: m.RegistriesOverviewPage,
  })),
);
const RegistryListPage = lazy(() =>
  import('./features/registries/registry-list-page.tsx').then((m) => ({ default: m.RegistryListPage })),
);
const RegistryDetailPage = lazy(() =>
  import('./features/registries/registry-detail-page.tsx').then((m) => ({ default: m.RegistryDetailPage })),
);

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  { path: '/change-password', element: <ChangePasswordPage /> },
  {
    path: '/',
    element: <AppLayout />,
    children: [
      { index: true, element: <HomePage /> },
      {
        path: 'orgs',
        element: (
          <RequirePermission permission="read:org:subtree">
            <OrgTreePage />
          </RequirePermission>
        ),
      },
      {
        path: 'mountain-island',
        element: (
          <RequirePermission permission="read:org:subtree">
            <MountainIslandPage />
          </RequirePermission>
        ),
      },
      {
        path: 'users',
        element: (
          <RequirePermission permission="read:user:subtree">
            <UsersPage />
          </RequirePermission>
        ),
      },
      {
        path: 'audit',
        element: (
          <RequirePermission permission="read:audit:all">
            <AuditPage />
          </RequirePermission>
        ),
      },
      {
        path: 'achievements',
        element: (
          <RequirePermission permission="read:achievement:subtree">
            <AchievementsPage />
          </RequirePermission>
        ),
      },
      {
        path: 'market',
        element: (
          <RequirePermission permission="read:achievement:subtree">
            <MarketPage />
          </RequirePermission>
        ),
      },
      // The record links of the targets' drill-down (sources.ts) open the same pages.
      {
        path: 'sharing/achievements/:id',
        element: (
          <RequirePermission permission="read:achievement:subtree">
            <AchievementsPage />
          </RequirePermission>
        ),
      },
      {
        path: 'sharing/market',
        element: (
          <RequirePermission permission="read:achievement:subtree">
            <MarketPage />
          </RequirePermission>
        ),
      },
      {
        path: 'zhuqi/resources',
        element: (
          <RequirePermission permission="read:craftsman:subtree">
            <ResourcesPage />
          </RequirePermission>
        ),
      },
      {
        path: 'zhuqi/demands',
        element: (
          <RequirePermission permission="read:demand:subtree">
            <DemandsPage />
          </RequirePermission>
        ),
      },
      {
        path: 'zhuqi/dispatch',
        element: (
          <RequirePermission permission="dispatch:demand:subtree">
            <BatchDispatchPage />
          </RequirePermission>
        ),
      },
      {
        path: 'evaluation',
        element: (
          <RequirePermission permission="read:evaluation:subtree">
            <EvaluationPage />
          </RequirePermission>
        ),
      },
      // A craftsman opens the demands offered to them too: the server decides what they see.
      { path: 'zhuqi/demands/:id', element: <DemandDetailPage /> },
      // 揭榜挂帅: the union runs challenges; craftsmen apply, reviewers score (the server decides what they see).
      {
        path: 'zhuqi/challenges',
        element: (
          <RequirePermission permission="join:challenge:assigned">
            <ChallengesPage />
          </RequirePermission>
        ),
      },
      { path: 'zhuqi/challenges/:id', element: <ChallengeDetailPage /> },
      {
        path: 'zhuqi/clusters',
        element: (
          <RequirePermission permission="dispatch:demand:subtree">
            <ClustersPage />
          </RequirePermission>
        ),
      },
      {
        path: 'zhuqi/tasks',
        element: (
          <RequirePermission permission="serve:demand:assigned">
            <MyTasksPage />
          </RequirePermission>
        ),
      },
      ...(
        [
          ['targets', <TargetsPage key="targets" />],
          ['targets/metrics/:key', <MetricPage key="metric" />],
          ['warnings', <WarningsPage key="warnings" />],
          ['target-reports', <ReportsPage key="reports" />],
          ['cockpit', <CockpitPage key="cockpit" />],
        ] as const
      ).map(([path, page]) => ({
        path,
        element: <RequirePermission permission="read:target:subtree">{page}</RequirePermission>,
      })),
      {
        path: 'plans',
        element: (
          <RequirePermission permission="manage:plan:all">
            <PlansPage />
          </RequirePermission>
        ),
      },
      {
        path: 'registries',
        element: (
          <RequirePermission permission="read:registry:subtree">
            <RegistriesOverviewPage />
          </RequirePermission>
        ),
      },
      {
        path: 'registries/:key',
        element: (
          <RequirePermission permission="read:registry:subtree">
            <RegistryListPage />
          </RequirePermission>
        ),
      },
      {
        path: 'registries/:key/:id',
        element: (
          <RequirePermission permission="read:registry:subtree">
            <RegistryDetailPage />
          </RequirePermission>
        ),
      },
      { path: 'profile', element: <ProfilePage /> },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
