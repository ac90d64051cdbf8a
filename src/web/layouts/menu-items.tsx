// The side menu: each entry names the permission it needs, so a user sees only what they may open.
import {
  AimOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BulbOutlined,
  ShopOutlined,
  CarryOutOutlined,
  SolutionOutlined,
  ToolOutlined,
  DashboardOutlined,
  EnvironmentOutlined,
  FileDoneOutlined,
  HomeOutlined,
  ProfileOutlined,
  TeamOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Permission, Role } from '#shared/roles.ts';
import type { Msg } from '../lib/i18n.tsx';
import { nav } from '../lib/messages.ts';
import { sharingNav } from '../features/sharing/messages.ts';
import { m as targets } from '../features/targets/messages.ts';

export interface NavItem {
  path: string;
  label: Msg;
  icon: ReactNode;
  /** Needed to see the entry; none = everyone signed in. */
  permission?: Permission;
  /** Needed too: a role (for entries of one kind of user, like the craftsman's tasks). */
  role?: Role;
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
  {
    path: '/achievements',
    label: sharingNav.achievements,
    icon: <BulbOutlined />,
    permission: 'read:achievement:subtree',
  },
  {
    path: '/market',
    label: sharingNav.market,
    icon: <ShopOutlined />,
    permission: 'read:achievement:subtree',
  },
  { path: '/users', label: nav.users, icon: <TeamOutlined />, permission: 'read:user:subtree' },
  // 劳模工匠助企行
  {
    path: '/zhuqi/resources',
    label: nav.zhuqiResources,
    icon: <ToolOutlined />,
    permission: 'read:craftsman:subtree',
  },
  {
    path: '/zhuqi/demands',
    label: nav.zhuqiDemands,
    icon: <SolutionOutlined />,
    permission: 'read:demand:subtree',
  },
  { path: '/zhuqi/tasks', label: nav.zhuqiTasks, icon: <CarryOutOutlined />, role: 'craftsman' },
  { path: '/audit', label: nav.audit, icon: <AuditOutlined />, permission: 'read:audit:all' },
];
