import { runDependencyCheck } from './dependency-check';

describe('runDependencyCheck', () => {
  // Fake timers fake performance.now too, so the reported latency is exactly the time the test lets pass.
  afterEach(() => jest.useRealTimers());

  it('reports up with the time the probe took', async () => {
    jest.useFakeTimers();
    const pending = runDependencyCheck(() => new Promise((r) => setTimeout(r, 20)), 1_000);
    await jest.advanceTimersByTimeAsync(20);
    const check = await pending;
    expect(check).toEqual({ status: 'up', latencyMs: 20 });
  });

  it('reports down with the first line of the error', async () => {
    const check = await runDependencyCheck(() => Promise.reject(new Error('connect ECONNREFUSED\nstack…')), 1_000);
    expect(check).toEqual({ status: 'down', latencyMs: expect.any(Number), error: 'connect ECONNREFUSED' });
  });

  it('explains an AggregateError with an empty message by its inner errors', async () => {
    const refused = new AggregateError([new Error('connect ECONNREFUSED ::1:5432'), new Error('connect ECONNREFUSED 127.0.0.1:5432')]);
    const check = await runDependencyCheck(() => Promise.reject(refused), 1_000);
    expect(check.error).toBe('connect ECONNREFUSED ::1:5432; connect ECONNREFUSED 127.0.0.1:5432');
  });

  it('reports a probe that hangs as down once the timeout passes, and not before', async () => {
    jest.useFakeTimers();
    let check: Awaited<ReturnType<typeof runDependencyCheck>> | undefined;
    void runDependencyCheck(() => new Promise(() => undefined), 100).then((c) => (check = c));
    await jest.advanceTimersByTimeAsync(99);
    expect(check).toBeUndefined();
    await jest.advanceTimersByTimeAsync(1);
    expect(check).toEqual({ status: 'down', latencyMs: 100, error: '100 毫秒内无响应' });
  });
});
