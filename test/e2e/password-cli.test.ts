import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { verifyPassword } from '@gongkai/persistence/passwords';
import { seedDemoOrganisation } from '@gongkai/persistence/seed/demo-organisation';
import { openTestDataSource, testDatabaseUrl } from '../support/database';

const ROOT = path.resolve(__dirname, '../..');

function runPasswordCli(args: string[], input = '', env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['-r', './scripts/register.js', 'apps/cli/src/password.ts', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', DATABASE_URL: testDatabaseUrl(), ...env },
    input,
    encoding: 'utf8',
    timeout: 30_000,
  });
}

async function storedHash(userId: string): Promise<string | null> {
  const ds = await openTestDataSource();
  try {
    const rows: { password_hash: string | null }[] = await ds.query('SELECT password_hash FROM users WHERE id = $1', [userId]);
    return rows[0].password_hash;
  } finally {
    await ds.destroy();
  }
}

/** `npm run -s password` as a process, against the run's database. */
describe('npm run password', () => {
  beforeAll(async () => {
    const ds = await openTestDataSource();
    try {
      await seedDemoOrganisation(ds);
    } finally {
      await ds.destroy();
    }
  });

  it('reads the new password from stdin and stores only its Argon2id hash', async () => {
    const result = runPasswordCli(['zhoutao'], 'Neue-Passwort-2026\n');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('已设置 zhoutao');
    const hash = await storedHash('zhoutao');
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(hash).not.toContain('Neue-Passwort-2026');
    expect(await verifyPassword(hash!, 'Neue-Passwort-2026')).toBe(true);
  });

  it('with --generate prints a generated password (only it, on stdout) that matches the stored hash', async () => {
    const result = runPasswordCli(['ZhouTao', '--generate']);
    expect(result.status).toBe(0);
    const password = result.stdout.trim();
    expect(password).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(await verifyPassword((await storedHash('zhoutao'))!, password)).toBe(true);
  });

  it('refuses a short password and an unknown user (exit 2), changing nothing', async () => {
    const before = await storedHash('zhoutao');
    const short = runPasswordCli(['zhoutao'], 'short\n');
    expect(short.status).toBe(2);
    expect(short.stderr).toContain('至少 8 个字符');
    const unknown = runPasswordCli(['nobody'], 'long-enough-password\n');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('没有这个用户');
    expect(await storedHash('zhoutao')).toBe(before);
    expect(runPasswordCli([]).status).toBe(2);
  });
});
