import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { jwtVerify } from 'jose';
import { seedDemoOrganisation } from '@gongkai/persistence/seed/demo-organisation';
import { openTestDataSource, testDatabaseUrl } from '../support/database';

const ROOT = path.resolve(__dirname, '../..');

function runTokenCli(args: string[], home: string, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['-r', './scripts/register.js', 'apps/api/src/auth/token-cli.ts', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', GONGKAI_HOME: home, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

/** `npm run token` as a process: the demo users without a database, the users table with one. */
describe('npm run token', () => {
  let home: string;
  beforeAll(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-token-cli-'));
  });
  afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

  it('prints only a token on its last line, signed with the secret under GONGKAI_HOME', async () => {
    const result = runTokenCli(['lina'], home);
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n');
    const token = lines[lines.length - 1];
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const secret = fs.readFileSync(path.join(home, 'auth-secret'), 'utf8').trim();
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret));
    expect(payload).toMatchObject({ sub: 'lina', name: '李娜', dept: 'jichu', roles: ['section_head'] });
  });

  it('exits 2 for an unknown user, listing the valid usernames', () => {
    const result = runTokenCli(['nobody'], home);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('zhangwei');
    expect(result.stderr).toContain('chenjun');
  });

  it('looks the user up in the database when DATABASE_URL is set', async () => {
    const ds = await openTestDataSource();
    try {
      await seedDemoOrganisation(ds);
    } finally {
      await ds.destroy();
    }
    const result = runTokenCli(['wangqiang', '--ttl', '1h'], home, { DATABASE_URL: testDatabaseUrl(), AUTH_JWT_SECRET: 'x'.repeat(40) });
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('王强（wangqiang，局领导，分管领导）');
    const token = result.stdout.trim().split('\n').pop()!;
    const { payload } = await jwtVerify(token, new TextEncoder().encode('x'.repeat(40)));
    expect(payload).toMatchObject({ sub: 'wangqiang', dept: 'lingdao', roles: ['leader'] });
    expect(payload.exp! - payload.iat!).toBe(3600);
    expect(runTokenCli(['nobody'], home, { DATABASE_URL: testDatabaseUrl() }).status).toBe(2);
  });
});
