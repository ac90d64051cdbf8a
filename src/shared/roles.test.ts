import { describe, expect, it } from 'vitest';
import { GRANTABLE_ROLES, permissionsOf, ROLE_PERMISSIONS, ROLES, SEPARATED_ADMIN_ROLES } from './roles.ts';

describe('roles', () => {
  it('the three separated administrators hold disjoint permissions (三员分立)', () => {
    const sets = SEPARATED_ADMIN_ROLES.map((r) => new Set(ROLE_PERMISSIONS[r]));
    for (let i = 0; i < sets.length; i++) {
      expect(sets[i].size).toBeGreaterThan(0);
      for (let j = i + 1; j < sets.length; j++) {
        expect([...sets[i]].filter((p) => sets[j].has(p))).toEqual([]);
      }
    }
  });

  it('only the audit administrator reads the audit trail', () => {
    for (const r of ROLES) expect(ROLE_PERMISSIONS[r].includes('read:audit:all')).toBe(r === 'audit_admin');
  });

  it('no role but the security administrator grants a role it does not hold a superset of', () => {
    for (const r of ROLES) {
      if (r === 'security_admin') continue;
      const own = permissionsOf([r]);
      for (const g of GRANTABLE_ROLES[r]) {
        for (const p of ROLE_PERMISSIONS[g]) expect(own.has(p), `${r} grants ${g} with ${p}`).toBe(true);
      }
    }
  });
});
