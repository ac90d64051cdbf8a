import { describe, expect, it } from 'vitest';
import { ACHIEVEMENT_ACTIONS, ACHIEVEMENT_STATES, nextState, TRANSITIONS } from './sharing.workflow.ts';

describe('achievement workflow table', () => {
  it('goes draft → submitted → approved → published, and back with a reason', () => {
    expect(nextState('draft', 'submit')).toBe('submitted');
    expect(nextState('submitted', 'approve')).toBe('approved');
    expect(nextState('approved', 'publish')).toBe('published');
    expect(nextState('submitted', 'return')).toBe('returned');
    expect(nextState('returned', 'submit')).toBe('submitted');
    expect(nextState('published', 'unpublish')).toBe('approved');
  });

  it('refuses every other pair', () => {
    let allowed = 0;
    for (const s of ACHIEVEMENT_STATES) for (const a of ACHIEVEMENT_ACTIONS) if (nextState(s, a)) allowed++;
    expect(allowed).toBe(7);
    expect(nextState('draft', 'publish')).toBeNull();
    expect(nextState('published', 'approve')).toBeNull();
  });

  it('only reviewers approve, return and publish; returning needs a reason', () => {
    expect(TRANSITIONS.submit.permission).toBe('manage:achievement:subtree');
    for (const a of ['approve', 'return', 'publish', 'unpublish'] as const)
      expect(TRANSITIONS[a].permission).toBe('review:achievement:subtree');
    expect(TRANSITIONS.return.reason).toBe(true);
  });
});
