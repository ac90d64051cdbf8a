// The side menu: each entry names the permission it needs, so a user sees only what they may open.
import {
  AimOutlined,
  ApartmentOutlined,
  AuditOutlined,
  DashboardOutlined,
  EnvironmentOutlined,
  FileDoneOutlined,
  HomeOutlined,
  ProfileOutlined,
  TeamOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Permission } from '#shared/roles.ts';
import type { Msg } from '../lib/i18n.tsx';
import { nav } from '../lib/messages.ts';
import { m as targets } from '../features/targets/messages.ts';

export interface NavItem {
  path: string;
  label: Msg;
  icon: ReactNode;
  /** Needed to see the entry; none = everyone signed in. */
  permission?: Permission;
}

export const NAV_ITEMS: NavItem[] = [
  { path: '/', label: nav.home, icon: <HomeOutlined /> },
  { path: '/targets', label: targets.navTargets, icon: <AimOutlined />, permission: 'read:target:subtree' },
  {
    path: '/cockpit',
    label: targets.navCockpit,
    icon: <DashboardOutlined />,
    permission: 'read:target:subtree',
  },
  {
    path: '/warnings',
    label: targets.navWarnings,
    icon: <WarningOutlined />,
    permission: 'read:target:subtree',
  },
  {
    path: '/target-reports',
    label: targets.navReports,
    icon: <FileDoneOutlined />,
    permission: 'read:target:subtree',
  },
  { path: '/plans', label: targets.navPlans, icon: <ProfileOutlined />, permission: 'manage:plan:all' },
  { path: '/orgs', label: nav.orgs, icon: <ApartmentOutlined />, permission: 'read:org:subtree' },
  {
    path: '/mountain-island',
    label: nav.mountainIsland,
    icon: <EnvironmentOutlined />,
    permission: 'read:org:subtree',
  },
  { path: '/users', label: nav.users, icon: <TeamOutlined />, permission: 'read:user:subtree' },
  { path: '/audit', label: nav.audit, icon: <AuditOutlined />, permission: 'read:audit:all' },
];
