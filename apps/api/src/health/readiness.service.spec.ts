import type { ApiConfig } from '../config';
import type { DatabaseReadiness } from '../database/database-readiness';
import type { TemporalReadiness } from '../temporal/temporal-readiness';
import { ReadinessService } from './readiness.service';

function service(database: () => Promise<void>, temporal: () => Promise<void>): ReadinessService {
  return new ReadinessService(
    { probe: database } as unknown as DatabaseReadiness,
    { probe: temporal } as unknown as TemporalReadiness,
    { readinessTimeoutMs: 200 } as ApiConfig,
  );
}

const up = async (): Promise<void> => undefined;
const down = async (): Promise<void> => {
  throw new Error('connect ECONNREFUSED 10.1.2.3:5432');
};

describe('ReadinessService', () => {
  it('is ready only when every dependency is up', async () => {
    expect((await service(up, up).check()).status).toBe('ready');
    expect((await service(up, down).check()).status).toBe('not_ready');
  });

  it('reports each dependency separately, by kind only: /readyz is public, the driver error goes to the log', async () => {
    const result = await service(down, up).check();
    expect(result.checks.database).toMatchObject({ status: 'down', error: expect.stringContaining('数据库不可用') });
    expect(result.checks.database.error).not.toContain('10.1.2.3');
    expect(result.checks.temporal).toMatchObject({ status: 'up' });
  });

  it('checks the dependencies in parallel: each probe starts before the other has answered', async () => {
    const database = deferred();
    const temporal = deferred();
    const databaseProbe = jest.fn(() => database.promise);
    const temporalProbe = jest.fn(() => temporal.promise);
    const result = service(databaseProbe, temporalProbe).check();
    await new Promise((r) => setImmediate(r)); // give a sequential check every chance to move on
    // Neither probe has answered, yet both have been asked.
    expect(databaseProbe).toHaveBeenCalledTimes(1);
    expect(temporalProbe).toHaveBeenCalledTimes(1);
    temporal.resolve();
    database.resolve();
    expect((await result).status).toBe('ready');
  });
});

/** A promise the test settles itself. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
