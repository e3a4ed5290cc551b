// The office-staff command lines, run as staff run them (a child process).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLEAN_NOTICE, REPLY_WITH_PERSONAL_DATA } from '@gongkai/domain/screening/samples';
import { openTestClient, testDatabaseUrl } from '../support/database';

const root = path.resolve(__dirname, '../..');
const run = (script: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, ['-r', './scripts/register.js', script, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
const calendar = (...args: string[]) => run('apps/cli/src/calendar.ts', args);
const screen = (...args: string[]) => run('apps/cli/src/screen.ts', args);

describe('npm run calendar', () => {
  it('prints the due date on the last line', () => {
    const result = calendar('due', '2025-01-20', '20');
    expect(result.status).toBe(0);
    expect(result.stdout.trim().split('\n').at(-1)).toBe('2025-02-21');
  });

  it('names a year without data and exits 1; exits 2 on bad arguments', () => {
    const uncovered = calendar('due', '2026-12-10', '20');
    expect(uncovered.status).toBe(1);
    expect(uncovered.stderr).toContain('2027 年');
    expect(calendar('due', '2025-02-30', '20').status).toBe(2);
    expect(calendar('later').status).toBe(2);
  });

  it('uses an administrator’s year file given with --calendar', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-cli-'));
    const file = path.join(dir, '2027.json');
    fs.writeFileSync(file, JSON.stringify({ year: 2027, holidays: [{ date: '2027-01-01', name: '元旦' }], workdays: [] }));
    const result = calendar('due', '2026-12-30', '2', '--calendar', file);
    expect(result.stdout.trim().split('\n').at(-1)).toBe('2027-01-04');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports a year into the database, exports it, and counts with it (--db)', () => {
    const db = { DATABASE_URL: testDatabaseUrl() };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-cli-'));
    const file = path.join(dir, '2033.json');
    const year = {
      year: 2033,
      source: '国务院办公厅关于2033年部分节假日安排的通知（测试用）',
      holidays: [{ date: '2033-01-03', name: '元旦' }],
      workdays: [{ date: '2033-01-08', name: '元旦' }],
    };
    fs.writeFileSync(file, JSON.stringify(year));
    const imported = run('apps/cli/src/calendar.ts', ['import', file], db);
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toContain('2033 年日历：节假日 1 天，调休上班日 1 天');
    expect(JSON.parse(run('apps/cli/src/calendar.ts', ['export', '2033'], db).stdout)).toEqual(year);
    // Fri 2032-12-31 → (Mon 3 off) Tue 4 … Fri 7, make-up Sat 8.
    const due = run('apps/cli/src/calendar.ts', ['due', '2032-12-31', '5', '--db', '--weekday-fallback'], db);
    expect(due.stdout.trim().split('\n').at(-1)).toBe('2033-01-08');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  afterAll(async () => {
    const client = await openTestClient();
    await client.query('DELETE FROM calendar_year WHERE year = 2033');
    await client.end();
  });
});

describe('npm run screen', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-screen-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };

  it('prints an empty JSON array and exits 0 for a clean notice', () => {
    const result = screen(write('clean.txt', CLEAN_NOTICE));
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([]);
  });

  it('prints the findings as JSON and exits 1 when personal data blocks', () => {
    const result = screen(write('reply.html', `<p>${REPLY_WITH_PERSONAL_DATA.replace(/\n/g, '</p><p>')}</p>`));
    expect(result.status).toBe(1);
    const findings = JSON.parse(result.stdout);
    expect(Object.keys(findings[0]).sort()).toEqual(['end', 'kind', 'severity', 'start', 'suggestion', 'text']);
    expect(findings[0]).toMatchObject({ kind: 'id_card', severity: 'block', text: '340104199003071235' });
  });

  it('exits 0 when there are only warnings, 2 on a usage error', () => {
    expect(screen(write('typo.txt', '请认真贯切落实。')).status).toBe(0);
    expect(screen().status).toBe(2);
    expect(screen(path.join(dir, 'missing.txt')).status).toBe(2);
  });
});
