/**
 * Security finding 4: the embedded PostgreSQL's superuser password was a
 * constant in the source and the app connected as that superuser. Now each
 * installation generates its own passwords, the app is an ordinary role, and a
 * cluster initialised with the old constant is upgraded on its next start.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { EngineStore } from '@gongkai/embedded-temporal/engine/store';
import { runMigrations } from '@gongkai/persistence/data-source';
import { startEmbeddedPostgres, type RunningPostgres } from '@gongkai/persistence/embedded-postgres';
import { APP_PASSWORD_FILE, LEGACY_SUPERUSER_PASSWORD, SUPERUSER_PASSWORD_FILE } from '@gongkai/persistence/embedded-postgres-credentials';

jest.setTimeout(120_000);

async function sql<T = Record<string, unknown>>(url: string, text: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

async function login(port: number, user: string, password: string): Promise<void> {
  const client = new Client({ host: '127.0.0.1', port, user, password, database: 'gongkai' });
  try {
    await client.connect();
  } finally {
    await client.end().catch(() => undefined);
  }
}

const readSecret = (home: string, file: string) => fs.readFileSync(path.join(home, file), 'utf8').trim();
const modeOf = (home: string, file: string) => fs.statSync(path.join(home, file)).mode & 0o777;

/** Everything in the app database's own schemas whose owner is not the app role. */
const NOT_OWNED_BY_APP = `
  SELECT kind, name, pg_get_userbyid(owner) AS owner FROM (
    SELECT 'schema' AS kind, n.nspname::text AS name, n.nspowner AS owner, n.nspname AS schema FROM pg_namespace n
    UNION ALL SELECT 'relation', c.oid::regclass::text, c.relowner, n.nspname
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    UNION ALL SELECT 'routine', p.oid::regprocedure::text, p.proowner, n.nspname
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    UNION ALL SELECT 'type', t.oid::regtype::text, t.typowner, n.nspname
      FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
  ) o
  WHERE o.schema NOT LIKE 'pg\\_%' AND o.schema <> 'information_schema'
    AND pg_get_userbyid(owner) NOT IN ('gongkai', 'pg_database_owner')`;

describe('embedded PostgreSQL credentials', () => {
  const homes: string[] = [];
  const running: RunningPostgres[] = [];
  const newHome = () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-pg-credentials-'));
    fs.chmodSync(home, 0o755); // the postgres service user (tests run as root in CI) must reach the data folder
    homes.push(home);
    return home;
  };
  const start = async (home: string) => {
    const pg = await startEmbeddedPostgres({ dataDir: path.join(home, 'postgres'), fast: true });
    running.push(pg);
    return pg;
  };
  afterAll(async () => {
    await Promise.all(running.map((pg) => pg.stop()));
    for (const home of homes) fs.rmSync(home, { recursive: true, force: true });
  });

  let home: string;
  let pg: RunningPostgres;
  beforeAll(async () => {
    home = newHome();
    pg = await start(home);
  });

  it('generates the passwords on first start, in owner-only files beside (not inside) the data folder', () => {
    const superuser = readSecret(home, SUPERUSER_PASSWORD_FILE);
    const app = readSecret(home, APP_PASSWORD_FILE);
    expect(superuser).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes, base64url
    expect(app).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(app).not.toBe(superuser);
    expect(modeOf(home, SUPERUSER_PASSWORD_FILE)).toBe(0o600);
    expect(modeOf(home, APP_PASSWORD_FILE)).toBe(0o600);
    expect(new URL(pg.url).password).toBe(app);
    expect(new URL(pg.adminUrl).password).toBe(superuser);
  });

  it('no longer accepts the password that used to be written in the source', async () => {
    await expect(login(pg.port, 'postgres', LEGACY_SUPERUSER_PASSWORD)).rejects.toMatchObject({ code: '28P01' });
    await expect(login(pg.port, 'gongkai', LEGACY_SUPERUSER_PASSWORD)).rejects.toMatchObject({ code: '28P01' });
  });

  it('connects the app as an ordinary role that can migrate its database but do nothing a superuser can', async () => {
    expect(new URL(pg.url).username).toBe('gongkai');
    expect(await runMigrations(pg.url)).not.toHaveLength(0);
    const [me] = await sql(pg.url, `SELECT rolsuper, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = current_user`);
    expect(me).toEqual({ rolsuper: false, rolcreatedb: false, rolcreaterole: false });
    expect(await sql(pg.url, NOT_OWNED_BY_APP)).toEqual([]);
    await expect(sql(pg.url, 'CREATE ROLE intruder SUPERUSER')).rejects.toMatchObject({ code: '42501' });
    await expect(sql(pg.url, `COPY (SELECT 1) TO PROGRAM 'true'`)).rejects.toMatchObject({ code: '42501' });
  });

  it('lets the embedded Temporal engine create and drop its schemas as the app role', async () => {
    const store = new EngineStore(pg.url, 'temporal_test_credentials', 2);
    try {
      await store.migrate();
      await store.pool.query('DROP SCHEMA temporal_test_credentials CASCADE');
    } finally {
      await store.close();
    }
  });

  it('upgrades a data folder initialised with the legacy password: new passwords, app role, ownership handed over', async () => {
    const legacyHome = newHome();
    let legacy = await start(legacyHome);
    // Two installations never share a password.
    expect(readSecret(legacyHome, SUPERUSER_PASSWORD_FILE)).not.toBe(readSecret(home, SUPERUSER_PASSWORD_FILE));
    expect(readSecret(legacyHome, APP_PASSWORD_FILE)).not.toBe(readSecret(home, APP_PASSWORD_FILE));

    // Turn it into what the old code left behind: everything owned by the superuser, no app
    // role, the constant password, and no password files.
    await sql(legacy.adminUrl, 'ALTER DATABASE gongkai OWNER TO postgres; DROP ROLE gongkai');
    await runMigrations(legacy.adminUrl);
    const oldEngine = new EngineStore(legacy.adminUrl, 'temporal', 2);
    await oldEngine.migrate();
    await oldEngine.close();
    await sql(
      legacy.adminUrl,
      `CREATE TYPE temporal.legacy_mood AS ENUM ('calm');
       CREATE VIEW public.legacy_view AS SELECT 1 AS one;
       CREATE SEQUENCE public.legacy_seq;
       ALTER ROLE postgres PASSWORD '${LEGACY_SUPERUSER_PASSWORD}'`,
    );
    await legacy.stop();
    fs.rmSync(path.join(legacyHome, SUPERUSER_PASSWORD_FILE));
    fs.rmSync(path.join(legacyHome, APP_PASSWORD_FILE));

    legacy = await start(legacyHome);
    expect(modeOf(legacyHome, SUPERUSER_PASSWORD_FILE)).toBe(0o600);
    expect(modeOf(legacyHome, APP_PASSWORD_FILE)).toBe(0o600);
    await expect(login(legacy.port, 'postgres', LEGACY_SUPERUSER_PASSWORD)).rejects.toMatchObject({ code: '28P01' });
    await login(legacy.port, 'postgres', readSecret(legacyHome, SUPERUSER_PASSWORD_FILE));

    expect(await sql(legacy.url, NOT_OWNED_BY_APP)).toEqual([]);
    const [me] = await sql(legacy.url, `SELECT current_user AS name, rolsuper FROM pg_roles WHERE rolname = current_user`);
    expect(me).toEqual({ name: 'gongkai', rolsuper: false });
    expect(await runMigrations(legacy.url)).toEqual([]);
    await sql(legacy.url, `INSERT INTO system_start (component, version) VALUES ('upgrade-test', '0.0.0')`);
    const engine = new EngineStore(legacy.url, 'temporal', 2);
    try {
      await engine.migrate();
      await engine.pool.query('DROP SCHEMA temporal CASCADE');
    } finally {
      await engine.close();
    }

    // A later start changes nothing and still works.
    await legacy.stop();
    legacy = await start(legacyHome);
    expect(await sql(legacy.url, `SELECT count(*)::int AS n FROM system_start WHERE component = 'upgrade-test'`)).toEqual([{ n: 1 }]);
  });
});
