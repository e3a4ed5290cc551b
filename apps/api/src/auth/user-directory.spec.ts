import type { UserRepository } from '@gongkai/persistence/repositories';
import { UserDirectory } from './user-directory';

/** A `users` table in memory behind the repository, counting the queries the directory sends it. */
function usersTable() {
  const rows = new Map([
    ['zhangwei', { id: 'zhangwei', name: '张伟', departmentId: 'jichu', roles: ['author'], active: true }],
    ['lina', { id: 'lina', name: '李娜', departmentId: 'jichu', roles: ['section_head'], active: true }],
  ]);
  const table = {
    rows,
    queries: 0,
    down: false,
    activeUser: async (id: string) => {
      table.queries++;
      if (table.down) throw new Error('connection refused');
      const row = rows.get(id);
      return row?.active ? row : undefined;
    },
  };
  return table;
}

function directory(table: ReturnType<typeof usersTable>, clock: { now: number }, maxEntries?: number): UserDirectory {
  return new UserDirectory(table as unknown as UserRepository, { cacheMs: 5_000, maxEntries, now: () => clock.now });
}

describe('UserDirectory', () => {
  it('answers the active user from the table, and undefined for unknown or deactivated ones', async () => {
    const table = usersTable();
    table.rows.get('lina')!.active = false;
    const users = directory(table, { now: 0 });
    await expect(users.activeUser('zhangwei')).resolves.toEqual({ userId: 'zhangwei', name: '张伟', departmentId: 'jichu', roles: ['author'] });
    await expect(users.activeUser('lina')).resolves.toBeUndefined();
    await expect(users.activeUser('nobody')).resolves.toBeUndefined();
  });

  it('reuses an answer for the cache period only, so a deactivation applies within it', async () => {
    const table = usersTable();
    const clock = { now: 0 };
    const users = directory(table, clock);
    await users.activeUser('zhangwei');
    table.rows.get('zhangwei')!.active = false;
    clock.now = 4_999;
    await expect(users.activeUser('zhangwei')).resolves.toBeDefined();
    clock.now = 5_000;
    await expect(users.activeUser('zhangwei')).resolves.toBeUndefined();
    expect(table.queries).toBe(2);
  });

  it('sends one query for requests that arrive together', async () => {
    const table = usersTable();
    const users = directory(table, { now: 0 });
    await Promise.all([users.activeUser('zhangwei'), users.activeUser('zhangwei'), users.activeUser('zhangwei')]);
    expect(table.queries).toBe(1);
  });

  it('does not keep a failed lookup', async () => {
    const table = usersTable();
    const users = directory(table, { now: 0 });
    table.down = true;
    await expect(users.activeUser('zhangwei')).rejects.toThrow('connection refused');
    table.down = false;
    await expect(users.activeUser('zhangwei')).resolves.toBeDefined();
  });

  it('keeps at most maxEntries answers, dropping the oldest', async () => {
    const table = usersTable();
    const users = directory(table, { now: 0 }, 2);
    await users.activeUser('zhangwei');
    await users.activeUser('lina');
    await users.activeUser('nobody');
    expect(table.queries).toBe(3);
    await users.activeUser('lina');
    expect(table.queries).toBe(3);
    await users.activeUser('zhangwei');
    expect(table.queries).toBe(4);
  });
});
