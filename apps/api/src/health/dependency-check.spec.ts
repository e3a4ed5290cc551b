import { runDependencyCheck } from './dependency-check';

describe('runDependencyCheck', () => {
  it('reports up with the time the probe took', async () => {
    const check = await runDependencyCheck(() => new Promise((r) => setTimeout(r, 20)), 1_000);
    expect(check.status).toBe('up');
    expect(check.latencyMs).toBeGreaterThanOrEqual(15);
    expect(check).not.toHaveProperty('error');
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

  it('reports a probe that hangs as down once the timeout passes', async () => {
    const started = Date.now();
    const check = await runDependencyCheck(() => new Promise(() => undefined), 100);
    expect(check.status).toBe('down');
    expect(check.error).toContain('100 毫秒内无响应');
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
