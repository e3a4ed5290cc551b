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

  it('checks the dependencies in parallel', async () => {
    const slow = () => new Promise<void>((r) => setTimeout(r, 150));
    const started = Date.now();
    await service(slow, slow).check();
    expect(Date.now() - started).toBeLessThan(280);
  });
});
