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
const MyTasksPage = lazy(() =>
  import('./features/zhuqi/my-tasks-page.tsx').then((m) => ({ default: m.MyTasksPage })),
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
      // A craftsman opens the demands offered to them too: the server decides what they see.
      { path: 'zhuqi/demands/:id', element: <DemandDetailPage /> },
      {
        path: 'zhuqi/tasks',
        element: (
          <RequirePermission permission="serve:demand:assigned">
            <MyTasksPage />
          </RequirePermission>
        ),
      },
      { path: 'profile', element: <ProfilePage /> },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
