/**
 * Makes the app's database belong to the ordinary role `gongkai`, on every
 * start, idempotently: create or re-assert the role (attributes and the
 * password from its file), create the database owned by it, and hand it
 * whatever the superuser created there before the role existed (installs from
 * before per-installation passwords ran everything as `postgres`).
 *
 * Owning the database is what the app needs: CREATE on it lets the embedded
 * Temporal engine create its schemas (`temporal`, `temporal_test_*`), and
 * `public` belongs to pg_database_owner (PostgreSQL 15+), i.e. to the owner.
 * Migrations need no extension, so nothing here needs a superuser afterwards.
 */
import type { Client } from 'pg';
import { APP_ROLE, connectAsSuperuser, SUPERUSER, type EmbeddedCredentials } from './embedded-postgres-credentials';
import { scramSha256Verifier } from './scram-verifier';

const ROLE_ATTRIBUTES = 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS';

export async function prepareAppDatabase(port: number, database: string, credentials: EmbeddedCredentials): Promise<void> {
  const cluster = await connectAsSuperuser(port, credentials, 'postgres');
  try {
    await ensureAppRole(cluster, credentials.appPassword);
    const found = await cluster.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    const db = cluster.escapeIdentifier(database);
    await cluster.query(found.rowCount ? `ALTER DATABASE ${db} OWNER TO ${APP_ROLE}` : `CREATE DATABASE ${db} OWNER ${APP_ROLE}`);
  } finally {
    await cluster.end();
  }
  const app = await connectAsSuperuser(port, credentials, database);
  try {
    await transferSuperuserObjects(app);
  } finally {
    await app.end();
  }
}

async function ensureAppRole(client: Client, password: string): Promise<void> {
  const found = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [APP_ROLE]);
  const verb = found.rowCount ? 'ALTER' : 'CREATE';
  await client.query(`${verb} ROLE ${APP_ROLE} ${ROLE_ATTRIBUTES} PASSWORD ${client.escapeLiteral(scramSha256Verifier(password))}`);
}

// REASSIGN OWNED BY postgres is refused (it owns the system catalogs), so each kind of
// object gongkai's migrations and engine create is listed: in user schemas only, never
// an extension's member, never a sequence or index that follows its table's owner.
const USER_SCHEMA = `n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'`;
const notExtensionMember = (catalog: string, oid: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = '${catalog}'::regclass AND e.objid = ${oid} AND e.deptype = 'e')`;

/** Each query lists `name` (quoted, qualified as needed) and `kind` (the ALTER command's object type). */
const OWNED_BY_SUPERUSER: string[] = [
  `SELECT quote_ident(n.nspname) AS name, 'SCHEMA' AS kind
   FROM pg_namespace n
   WHERE n.nspowner = $1::regrole AND ${USER_SCHEMA} AND ${notExtensionMember('pg_namespace', 'n.oid')}`,
  `SELECT c.oid::regclass::text AS name,
          CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE'
                         WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END AS kind
   FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE c.relowner = $1::regrole AND ${USER_SCHEMA} AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
     AND ${notExtensionMember('pg_class', 'c.oid')}
     AND NOT (c.relkind = 'S' AND EXISTS (
       SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i')))`,
  `SELECT p.oid::regprocedure::text AS name, 'ROUTINE' AS kind
   FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
   WHERE p.proowner = $1::regrole AND ${USER_SCHEMA} AND ${notExtensionMember('pg_proc', 'p.oid')}`,
  // Enums, domains, ranges and free-standing composites; array, multirange and
  // table row types follow the type or table they belong to.
  `SELECT t.oid::regtype::text AS name, 'TYPE' AS kind
   FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
   WHERE t.typowner = $1::regrole AND ${USER_SCHEMA} AND ${notExtensionMember('pg_type', 't.oid')}
     AND (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c'))`,
];

/** One transaction: an interrupted start leaves either all or none transferred (and the next start retries). */
async function transferSuperuserObjects(client: Client): Promise<void> {
  await client.query('BEGIN');
  try {
    for (const sql of OWNED_BY_SUPERUSER) {
      const { rows } = await client.query<{ name: string; kind: string }>(sql, [SUPERUSER]);
      for (const { name, kind } of rows) await client.query(`ALTER ${kind} ${name} OWNER TO ${APP_ROLE}`);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
