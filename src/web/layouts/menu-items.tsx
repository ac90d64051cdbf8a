// The side menu: each entry names the permission it needs, so a user sees only what they may open.
import {
  ApartmentOutlined,
  AuditOutlined,
  DatabaseOutlined,
  EnvironmentOutlined,
  HomeOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import { REGISTRY_DEFS } from '#shared/registries/catalog.ts';
import { groupRegistries } from '#shared/registries/groups.ts';
import type { Permission } from '#shared/roles.ts';
import type { Msg } from '../lib/i18n.tsx';
import { nav } from '../lib/messages.ts';

export interface NavItem {
  path: string;
  label: Msg;
  icon: ReactNode;
  /** Needed to see the entry; none = everyone signed in. */
  permission?: Permission;
  /** A submenu: its groups of entries (the entry's own path is the first child). */
  groups?: { key: string; label: Msg; items: { path: string; label: Msg }[] }[];
}

export const NAV_ITEMS: NavItem[] = [
  { path: '/', label: nav.home, icon: <HomeOutlined /> },
  { path: '/orgs', label: nav.orgs, icon: <ApartmentOutlined />, permission: 'read:org:subtree' },
  {
    path: '/mountain-island',
    label: nav.mountainIsland,
    icon: <EnvironmentOutlined />,
    permission: 'read:org:subtree',
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
  { path: '/audit', label: nav.audit, icon: <AuditOutlined />, permission: 'read:audit:all' },
];
