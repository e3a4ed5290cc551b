import { ANSWER_SETTLE_MS, WorkerHandoff } from './worker-handoff';

describe('the handoff of tasks to a run\'s worker', () => {
  let settled: string[];
  let handoff: WorkerHandoff;

  beforeEach(() => {
    jest.useFakeTimers();
    settled = [];
    handoff = new WorkerHandoff((runId) => settled.push(runId));
  });

  afterEach(() => {
    handoff.clear();
    jest.useRealTimers();
  });

  it('hands a query out at once to a run nothing happened to, and one at a time', () => {
    expect(handoff.claimForQuery('r1')).toBe(true);
    expect(handoff.claimForQuery('r1')).toBe(false);
    expect(handoff.claimForQuery('r2')).toBe(true);
  });

  it('holds a query back until a workflow task\'s answer has settled, then says the run may have it', () => {
    handoff.taskAnswered('r1');
    expect(handoff.claimForQuery('r1')).toBe(false);
    jest.advanceTimersByTime(ANSWER_SETTLE_MS - 1);
    expect(settled).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(settled).toEqual(['r1']);
    expect(handoff.claimForQuery('r1')).toBe(true);
  });

  it('offers a workflow task at once after a task\'s answer (an update\'s client round trip settles it)', () => {
    handoff.taskAnswered('r1');
    const offered: string[] = [];
    handoff.offerWorkflowTask('r1', () => offered.push('wft'));
    expect(offered).toEqual(['wft']);
  });

  it('holds a workflow task while a query is at the worker and until its answer settled', () => {
    expect(handoff.claimForQuery('r1')).toBe(true);
    const offered: string[] = [];
    handoff.offerWorkflowTask('r1', () => offered.push('wft'));
    handoff.offerWorkflowTask('r2', () => offered.push('other run'));
    expect(offered).toEqual(['other run']);
    jest.advanceTimersByTime(10 * ANSWER_SETTLE_MS);
    expect(offered).toEqual(['other run']);
    handoff.queryAnswered('r1');
    expect(offered).toEqual(['other run']);
    jest.advanceTimersByTime(ANSWER_SETTLE_MS);
    expect(offered).toEqual(['other run', 'wft']);
    expect(settled).toEqual(['r1']);
    // Settled: the next one goes at once.
    handoff.offerWorkflowTask('r1', () => offered.push('next'));
    expect(offered).toEqual(['other run', 'wft', 'next']);
  });

  it('offers a workflow task that comes within a query answer\'s settling time when it ends', () => {
    expect(handoff.claimForQuery('r1')).toBe(true);
    handoff.queryAnswered('r1');
    jest.advanceTimersByTime(ANSWER_SETTLE_MS / 2);
    const offered: string[] = [];
    handoff.offerWorkflowTask('r1', () => offered.push('wft'));
    expect(offered).toEqual([]);
    jest.advanceTimersByTime(ANSWER_SETTLE_MS / 2);
    expect(offered).toEqual(['wft']);
  });

  it('serialises a run\'s queries: the next goes out once the answer to the one before has settled', () => {
    expect(handoff.claimForQuery('r1')).toBe(true);
    expect(handoff.claimForQuery('r1')).toBe(false);
    handoff.queryAnswered('r1');
    expect(handoff.claimForQuery('r1')).toBe(false);
    jest.advanceTimersByTime(ANSWER_SETTLE_MS);
    expect(settled).toEqual(['r1']);
    expect(handoff.claimForQuery('r1')).toBe(true);
  });

  it('says whether a query may go without claiming it', () => {
    expect(handoff.queryMayGo('r1')).toBe(true);
    expect(handoff.queryMayGo('r1')).toBe(true);
    expect(handoff.claimForQuery('r1')).toBe(true);
    expect(handoff.queryMayGo('r1')).toBe(false);
  });

  it('does not let a later wake push back a held workflow task due sooner', () => {
    expect(handoff.claimForQuery('r1')).toBe(true);
    handoff.queryAnswered('r1');
    const offered: string[] = [];
    handoff.offerWorkflowTask('r1', () => offered.push('wft'));
    jest.advanceTimersByTime(ANSWER_SETTLE_MS / 2);
    // A task answered meanwhile: a query now waits for its settling, which ends later than the query's.
    handoff.taskAnswered('r1');
    expect(handoff.queryMayGo('r1')).toBe(false);
    jest.advanceTimersByTime(ANSWER_SETTLE_MS / 2);
    expect(offered).toEqual(['wft']);
    expect(settled).toEqual([]);
    jest.advanceTimersByTime(ANSWER_SETTLE_MS / 2);
    expect(settled).toEqual(['r1']);
  });

  it('ignores an answer for a query it never handed out', () => {
    handoff.queryAnswered('r1');
    expect(handoff.claimForQuery('r1')).toBe(true);
  });
});
