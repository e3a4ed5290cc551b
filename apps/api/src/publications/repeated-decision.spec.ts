import type { DecisionRecord, PublicationReviewState } from '@gongkai/contracts/publication';
import type { AuthenticatedUser } from '../auth/roles';
import { alreadyDone } from './repeated-decision';

const LINA: AuthenticatedUser = { userId: 'lina', name: '李娜', departmentId: 'jichu', roles: ['section_head'] };
const ZHANGWEI: AuthenticatedUser = { userId: 'zhangwei', name: '张伟', departmentId: 'jichu', roles: ['author'] };

function state(overrides: Partial<PublicationReviewState> = {}): PublicationReviewState {
  return { publicationId: 'p', status: 'in_review', phase: 'in_review', version: 1, route: [], decisions: [], findings: [], warningsAcknowledged: false, ...overrides };
}
const approval = (overrides: Partial<DecisionRecord> = {}): DecisionRecord => ({
  kind: 'approve',
  level: 1,
  role: 'section_head',
  version: 1,
  actorId: 'lina',
  actorName: '李娜',
  at: '2026-12-01T00:00:00Z',
  ...overrides,
});

describe('alreadyDone: a repeated request answers with the item when it has already taken effect', () => {
  it('knows a repeated approval by the same person, on the same version and level', () => {
    const s = state({ decisions: [approval()] });
    expect(alreadyDone('approve', LINA, { version: 1, expectedLevel: 1 }, s, 'zhangwei')).toBe(true);
    expect(alreadyDone('approve', LINA, { version: 1 }, s, 'zhangwei')).toBe(true);
  });

  it('does not answer an approval of a draft that has since been revised: that one is stale', () => {
    const revised = state({ version: 2, decisions: [approval()] });
    expect(alreadyDone('approve', LINA, { version: 1 }, revised, 'zhangwei')).toBe(false);
  });

  it('does not take someone else’s decision, another version, another level or another kind for it', () => {
    const s = state({ decisions: [approval()] });
    expect(alreadyDone('approve', { ...LINA, userId: 'sunli' }, { version: 1 }, s, 'zhangwei')).toBe(false);
    expect(alreadyDone('approve', LINA, { version: 2 }, s, 'zhangwei')).toBe(false);
    expect(alreadyDone('approve', LINA, { version: 1, expectedLevel: 2 }, s, 'zhangwei')).toBe(false);
    expect(alreadyDone('reject', LINA, { version: 1 }, s, 'zhangwei')).toBe(false);
  });

  it('knows a repeated submit, acknowledgement and withdrawal by the author only', () => {
    expect(alreadyDone('submit', ZHANGWEI, { version: 1 }, state(), 'zhangwei')).toBe(true);
    expect(alreadyDone('submit', ZHANGWEI, { version: 1 }, state({ phase: 'returned', status: 'returned' }), 'zhangwei')).toBe(false);
    expect(alreadyDone('submit', ZHANGWEI, { version: 2 }, state(), 'zhangwei')).toBe(false);
    expect(alreadyDone('acknowledge-warnings', ZHANGWEI, { version: 1 }, state({ warningsAcknowledged: true }), 'zhangwei')).toBe(true);
    expect(alreadyDone('withdraw', ZHANGWEI, {}, state({ status: 'withdrawn', phase: 'withdrawn' }), 'zhangwei')).toBe(true);
    expect(alreadyDone('withdraw', LINA, {}, state({ status: 'withdrawn', phase: 'withdrawn' }), 'zhangwei')).toBe(false);
    expect(alreadyDone('submit', LINA, { version: 1 }, state(), 'zhangwei')).toBe(false);
  });
});
