// Roles and the permission strings they grant (`action:entity:scope`). The scope part says
// how far the grant reaches: `subtree` = the user's organisation and everything under it,
// `own` = the user's own record, `all` = the whole province.
// The three separated administrators (三员分立: system, security, audit) hold disjoint sets.

export const ROLES = [
  'province_admin',
  'department_staff',
  'city_admin',
  'county_admin',
  'industry_union_admin',
  'enterprise_contact',
  'craftsman',
  'reviewer',
  'system_admin',
  'security_admin',
  'audit_admin',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  province_admin: { zh: '省总管理员', en: 'Province administrator' },
  department_staff: { zh: '部门工作人员', en: 'Department staff' },
  city_admin: { zh: '市总管理员', en: 'City administrator' },
  county_admin: { zh: '县（市、区）总管理员', en: 'County administrator' },
  industry_union_admin: { zh: '产业工会管理员', en: 'Industry union administrator' },
  enterprise_contact: { zh: '企业联系人', en: 'Enterprise contact' },
  craftsman: { zh: '劳模工匠', en: 'Craftsman' },
  reviewer: { zh: '评审专家', en: 'Reviewer' },
  system_admin: { zh: '系统管理员', en: 'System administrator' },
  security_admin: { zh: '安全管理员', en: 'Security administrator' },
  audit_admin: { zh: '审计管理员', en: 'Audit administrator' },
};

export const PERMISSIONS = [
  'read:org:subtree',
  'manage:org:subtree',
  'manage:enterprise:subtree',
  'manage:mountain-island:all',
  'manage:industry-union:all',
  'read:user:subtree',
  'manage:user:subtree',
  'assign:role:subtree',
  'unlock:user:subtree',
  'revoke:session:subtree',
  'read:audit:all',
  'verify:audit:all',
  'read:registry:subtree',
  'manage:registry:subtree',
  'pii:view',
  'pii:export',
  'read:target:subtree',
  'manage:plan:all',
  'assign:target:subtree',
  'report:target:subtree',
  'approve:target:subtree',
  // 职工创新共享平台: achievements, their review, the category dictionary, 对接交易.
  'read:achievement:subtree',
  'manage:achievement:subtree',
  'review:achievement:subtree',
  'manage:achievement-category:all',
  'manage:offer:subtree',
  'send:intention:own-org',
  // 劳模工匠助企行
  'read:craftsman:subtree',
  'manage:craftsman:subtree',
  'read:demand:subtree',
  'post:demand:own-org',
  'review:demand:subtree',
  'dispatch:demand:subtree',
  'serve:demand:assigned',
  'manage:demand-category:all',
  // 揭榜挂帅: take part where named — on a review panel, or applying for one's team or studio.
  'join:challenge:assigned',
  // 成效评估: rankings for managers only; the weights are the province's
  'read:evaluation:subtree',
  'manage:evaluation:all',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

// Unions keep, review and broker achievements; `send:intention` only works from an enterprise
// (the service checks), but admins hold it so that they may grant the enterprise contact role.
const SHARING_ADMIN: Permission[] = [
  'read:achievement:subtree',
  'manage:achievement:subtree',
  'review:achievement:subtree',
  'manage:offer:subtree',
  'send:intention:own-org',
];

const BUSINESS_ADMIN: Permission[] = [
  'read:org:subtree',
  'read:target:subtree',
  'report:target:subtree',
  'read:registry:subtree',
  'manage:registry:subtree',
  'manage:enterprise:subtree',
  'read:user:subtree',
  'manage:user:subtree',
  'assign:role:subtree',
  'unlock:user:subtree',
  ...SHARING_ADMIN,
  // 劳模工匠助企行: the union keeps the resource list, reviews and dispatches demands, and may
  // post one on an enterprise's behalf; `serve:demand:assigned` only acts through a linked
  // craftsman profile, so an administrator holding it (to grant the craftsman role) serves nothing.
  'read:craftsman:subtree',
  'manage:craftsman:subtree',
  'read:demand:subtree',
  'post:demand:own-org',
  'review:demand:subtree',
  'dispatch:demand:subtree',
  'serve:demand:assigned',
  // 揭榜挂帅: union staff may sit on a review panel (and read application attachments).
  'join:challenge:assigned',
  // 成效评估: the rankings of the teams in scope.
  'read:evaluation:subtree',
];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  province_admin: [
    ...BUSINESS_ADMIN,
    'manage:org:subtree',
    'manage:mountain-island:all',
    'manage:industry-union:all',
    'pii:view',
    'pii:export',
    'manage:plan:all',
    'assign:target:subtree',
    'approve:target:subtree',
    'manage:achievement-category:all',
    'manage:demand-category:all',
    'manage:evaluation:all',
  ],
  // The departments keep the province's registries (劳动和经济工作部 owns most targets).
  department_staff: [
    'read:org:subtree',
    'read:user:subtree',
    'read:registry:subtree',
    'manage:registry:subtree',
    'read:target:subtree',
    'report:target:subtree',
    ...SHARING_ADMIN,
    'manage:achievement-category:all',
    'read:craftsman:subtree',
    'read:demand:subtree',
  ],
  city_admin: [...BUSINESS_ADMIN, 'pii:view', 'assign:target:subtree', 'approve:target:subtree'],
  county_admin: [...BUSINESS_ADMIN, 'pii:view'],
  industry_union_admin: [...BUSINESS_ADMIN],
  // An enterprise contact's subtree is their enterprise: they keep its achievements (drafts,
  // submission), send intentions, and post and follow its demands.
  enterprise_contact: [
    'read:org:subtree',
    'read:achievement:subtree',
    'manage:achievement:subtree',
    'send:intention:own-org',
    'read:demand:subtree',
    'post:demand:own-org',
  ],
  craftsman: ['serve:demand:assigned', 'join:challenge:assigned'],
  reviewer: [
    'read:org:subtree',
    'read:registry:subtree',
    'read:target:subtree',
    'read:achievement:subtree',
    'join:challenge:assigned',
  ],
  // 三员分立: accounts and organisations / roles, unlocking and sessions / the audit trail.
  system_admin: ['read:org:subtree', 'manage:org:subtree', 'read:user:subtree', 'manage:user:subtree'],
  security_admin: ['assign:role:subtree', 'unlock:user:subtree', 'revoke:session:subtree'],
  audit_admin: ['read:audit:all', 'verify:audit:all'],
};

/** Roles a holder of `grantor` may give to others: never more than they hold themselves. */
export const GRANTABLE_ROLES: Record<Role, readonly Role[]> = {
  province_admin: [
    'province_admin',
    'department_staff',
    'city_admin',
    'county_admin',
    'industry_union_admin',
    'enterprise_contact',
    'craftsman',
    'reviewer',
  ],
  city_admin: ['city_admin', 'county_admin', 'enterprise_contact', 'craftsman', 'reviewer'],
  county_admin: ['county_admin', 'enterprise_contact', 'craftsman', 'reviewer'],
  industry_union_admin: ['industry_union_admin', 'enterprise_contact', 'craftsman', 'reviewer'],
  security_admin: [...ROLES],
  department_staff: [],
  enterprise_contact: [],
  craftsman: [],
  reviewer: [],
  system_admin: [],
  audit_admin: [],
};

export const SEPARATED_ADMIN_ROLES: readonly Role[] = ['system_admin', 'security_admin', 'audit_admin'];

// A signed-in request asks for its actor's permissions: one set per combination of roles, made
// once (there are a handful), not per request.
const permissionSets = new Map<string, ReadonlySet<Permission>>();

export function permissionsOf(roles: readonly Role[]): ReadonlySet<Permission> {
  const key = roles.join(',');
  let set = permissionSets.get(key);
  if (set === undefined) {
    const made = new Set<Permission>();
    for (const r of roles) for (const p of ROLE_PERMISSIONS[r] ?? []) made.add(p);
    set = made;
    if (permissionSets.size < 1000) permissionSets.set(key, set);
  }
  return set;
}

export function grantableBy(roles: readonly Role[]): Set<Role> {
  const set = new Set<Role>();
  for (const r of roles) for (const g of GRANTABLE_ROLES[r] ?? []) set.add(g);
  return set;
}
