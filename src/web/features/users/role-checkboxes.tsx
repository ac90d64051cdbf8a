// Role checkboxes limited to what the current user may grant; roles the user holds but the
// current user may not grant stay shown, checked and locked.
import { Checkbox, Col, Row } from 'antd';
import { grantableBy, ROLE_LABELS, ROLES, type Role, SEPARATED_ADMIN_ROLES } from '#shared/roles.ts';
import { tr, useI18n } from '../../lib/i18n.tsx';
import { useCurrentUser } from '../../lib/session.ts';
import { m } from './messages.ts';

export function useGrantable(): Set<Role> {
  const me = useCurrentUser();
  return me.permissions.includes('assign:role:subtree') ? grantableBy(me.roles) : new Set();
}

export function RoleCheckboxes({
  value = [],
  onChange,
  held = [],
}: {
  value?: Role[];
  onChange?: (roles: Role[]) => void;
  /** Roles the user holds now. */
  held?: Role[];
}) {
  const { t } = useI18n();
  const grantable = useGrantable();
  const shown = ROLES.filter((r) => grantable.has(r) || held.includes(r));
  return (
    <Checkbox.Group
      value={value}
      onChange={(v) => onChange?.(v as Role[])}
      style={{ width: '100%' }}
      data-testid="role-checkboxes"
    >
      <Row gutter={[8, 8]}>
        {shown.map((r) => (
          <Col xs={24} sm={12} key={r}>
            <Checkbox value={r} disabled={!grantable.has(r)}>
              {t(ROLE_LABELS[r])}
            </Checkbox>
          </Col>
        ))}
      </Row>
    </Checkbox.Group>
  );
}

/** 三员分立 and the limit of five, checked before the server does. */
export const rolesRule = {
  validator: async (_: unknown, roles: Role[] | undefined) => {
    const list = roles ?? [];
    if (list.length > 5) throw new Error(tr(m.tooManyRoles));
    const separated = list.filter((r) => SEPARATED_ADMIN_ROLES.includes(r));
    if (separated.length > 1 || (separated.length === 1 && list.length > 1))
      throw new Error(tr(m.separation));
  },
};
