// The side menu: each entry names the permission it needs, so a user sees only what they may open.
import {
  ClusterOutlined,
  RiseOutlined,
  TrophyOutlined,
  AimOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BulbOutlined,
  ShopOutlined,
  CarryOutOutlined,
  SolutionOutlined,
  ToolOutlined,
  DashboardOutlined,
  DatabaseOutlined,
  EnvironmentOutlined,
  FileDoneOutlined,
  HomeOutlined,
  NodeIndexOutlined,
  ProfileOutlined,
  TeamOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import { REGISTRY_DEFS } from '#shared/registries/catalog.ts';
import { groupRegistries } from '#shared/registries/groups.ts';
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
  /** A submenu: its groups of entries (the entry's own path is the first child). */
  groups?: { key: string; label: Msg; items: { path: string; label: Msg }[] }[];
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
  {
    path: '/registries',
    label: nav.registries,
    icon: <DatabaseOutlined />,
    permission: 'read:registry:subtree',
    // Every registry of the catalogue, by group: a new definition appears here by itself.
    groups: [
      { key: 'all', label: nav.registriesAll, items: [{ path: '/registries', label: nav.registriesAll }] },
      ...groupRegistries(REGISTRY_DEFS).map(({ group, defs }) => ({
        key: group.key,
        label: group.label,
        items: defs.map((d) => ({ path: `/registries/${d.key}`, label: d.label })),
      })),
    ],
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
  {
    path: '/zhuqi/dispatch',
    label: nav.zhuqiDispatch,
    icon: <NodeIndexOutlined />,
    permission: 'dispatch:demand:subtree',
  },
  {
    path: '/zhuqi/clusters',
    label: nav.zhuqiClusters,
    icon: <ClusterOutlined />,
    permission: 'dispatch:demand:subtree',
  },
  {
    path: '/zhuqi/challenges',
    label: nav.zhuqiChallenges,
    icon: <TrophyOutlined />,
    permission: 'join:challenge:assigned',
  },
  { path: '/zhuqi/tasks', label: nav.zhuqiTasks, icon: <CarryOutOutlined />, role: 'craftsman' },
  {
    path: '/evaluation',
    label: nav.evaluation,
    icon: <RiseOutlined />,
    permission: 'read:evaluation:subtree',
  },
  { path: '/audit', label: nav.audit, icon: <AuditOutlined />, permission: 'read:audit:all' },
];
