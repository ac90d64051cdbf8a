// The achievement workflow as a table: state × action → next state, and the permission the
// action needs. The service applies it with a compare-and-set on `version`.
import type { Permission } from '#shared/roles.ts';

export const ACHIEVEMENT_STATES = ['draft', 'submitted', 'returned', 'approved', 'published'] as const;
export type AchievementState = (typeof ACHIEVEMENT_STATES)[number];

export const ACHIEVEMENT_ACTIONS = ['submit', 'approve', 'return', 'publish', 'unpublish'] as const;
export type AchievementAction = (typeof ACHIEVEMENT_ACTIONS)[number];

export const STATE_LABELS: Record<AchievementState, string> = {
  draft: '草稿',
  submitted: '已提交待审核',
  returned: '已退回',
  approved: '审核通过',
  published: '已发布',
};

interface Rule {
  from: readonly AchievementState[];
  to: AchievementState;
  permission: Permission;
  /** Needs a reason (退回、撤回发布). */
  reason?: boolean;
}

export const TRANSITIONS: Record<AchievementAction, Rule> = {
  submit: { from: ['draft', 'returned'], to: 'submitted', permission: 'manage:achievement:subtree' },
  approve: { from: ['submitted'], to: 'approved', permission: 'review:achievement:subtree' },
  return: {
    from: ['submitted', 'approved'],
    to: 'returned',
    permission: 'review:achievement:subtree',
    reason: true,
  },
  publish: { from: ['approved'], to: 'published', permission: 'review:achievement:subtree' },
  unpublish: {
    from: ['published'],
    to: 'approved',
    permission: 'review:achievement:subtree',
    reason: true,
  },
};

/** States in which the content may be edited (by its keepers). */
export const EDITABLE_STATES: readonly AchievementState[] = ['draft', 'returned'];

/** The next state, or null when the action does not apply to the state. */
export function nextState(state: string, action: AchievementAction): AchievementState | null {
  const rule = TRANSITIONS[action];
  return rule.from.includes(state as AchievementState) ? rule.to : null;
}
