import type { ReactNode } from 'react';
import type { Permission } from '#shared/roles.ts';
import { can } from '../lib/permissions.ts';
import { useCurrentUser } from '../lib/session.ts';
import { Forbidden } from './forbidden.tsx';

/** Renders the page only for holders of `permission` (the server checks again on every call). */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const me = useCurrentUser();
  return can(me, permission) ? children : <Forbidden />;
}
