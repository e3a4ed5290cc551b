/**
 * No PostgreSQL started by gongkai outlives the process that started it, and a
 * server orphaned by a SIGKILLed parent is stopped by the next start.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { exited, isAlive, spawnTs, waitFor } from '../support/processes';

describe('embedded PostgreSQL lifecycle', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-pg-lifecycle-'));
    fs.chmodSync(dir, 0o755);
    fs.writeFileSync(
      path.join(dir, 'start.ts'),
      `import { startEmbeddedPostgres } from '${path.resolve(__dirname, '../../libs/persistence/src/embedded-postgres')}';
       (async () => {
         const pg = await startEmbeddedPostgres({ dataDir: process.argv[2], fast: true });
         process.stdout.write('PID ' + pg.pid + '\\n');
         if (process.argv[3] === 'exit') process.exit(0);
         setInterval(() => undefined, 1000);
       })();`,
    );
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const pidOf = (out: string) => Number(/PID (\d+)/.exec(out)?.[1]);

  it('stops the server when its parent exits without stopping it', async () => {
    const child = spawnTs(path.join(dir, 'start.ts'), {}, [path.join(dir, 'a'), 'exit']);
    expect(await exited(child, 60_000)).toBe(0);
    const pid = pidOf(child.output());
    expect(pid).toBeGreaterThan(0);
    await waitFor(async () => (isAlive(pid) ? undefined : true), 15_000, 'postgres to stop');
  });

  it('stops a server orphaned by a SIGKILLed parent on the next start of the same folder', async () => {
    const first = spawnTs(path.join(dir, 'start.ts'), {}, [path.join(dir, 'b')]);
    const orphan = await waitFor(async () => pidOf(first.output()) || undefined, 60_000, 'first start');
    first.kill('SIGKILL');
    await exited(first);
    expect(isAlive(orphan)).toBe(true);
    const second = spawnTs(path.join(dir, 'start.ts'), {}, [path.join(dir, 'b'), 'exit']);
    expect(await exited(second, 60_000)).toBe(0);
    expect(isAlive(orphan)).toBe(false);
    const secondPid = pidOf(second.output());
    await waitFor(async () => (isAlive(secondPid) ? undefined : true), 15_000, 'second postgres to stop');
  });
});
