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
const ProfilePage = lazy(() =>
  import('./features/profile/profile-page.tsx').then((m) => ({ default: m.ProfilePage })),
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
