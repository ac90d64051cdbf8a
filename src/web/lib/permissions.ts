// What the signed-in user may see and do, from the permission strings of /api/auth/me.
import type { Permission } from '#shared/roles.ts';
import type { Me } from './api-types.ts';

export function can(me: Pick<Me, 'permissions'> | null | undefined, permission: Permission): boolean {
  return !!me?.permissions.includes(permission);
}

export function canAny(
  me: Pick<Me, 'permissions'> | null | undefined,
  permissions: readonly Permission[],
): boolean {
  return permissions.some((p) => can(me, p));
}
