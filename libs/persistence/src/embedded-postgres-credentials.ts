/**
 * Who connects to the embedded PostgreSQL, with which password. Both passwords
 * are generated per installation and kept in owner-only files beside (never
 * inside) the cluster's data folder:
 *  - `postgres`, the superuser, only prepares the cluster (see embedded-postgres-app-role.ts);
 *  - `gongkai`, an ordinary role owning the app's database, is what migrations, API,
 *    worker and the embedded Temporal engine use.
 */
import * as path from 'node:path';
import { Client } from 'pg';
import { loadOrCreateInstallationSecret } from './installation-secret';
import { scramSha256Verifier } from './scram-verifier';

export const SUPERUSER = 'postgres';
export const APP_ROLE = 'gongkai';
export const SUPERUSER_PASSWORD_FILE = 'postgres-superuser-password';
export const APP_PASSWORD_FILE = 'postgres-gongkai-password';

/**
 * The superuser password every embedded cluster got before passwords were per
 * installation. It is only ever sent to replace itself (see connectAsSuperuser).
 */
export const LEGACY_SUPERUSER_PASSWORD = 'gongkai-embedded';

export interface EmbeddedCredentials {
  superuserPassword: string;
  appPassword: string;
  /** Where the superuser password lives, for messages that ask a person to check it. */
  superuserPasswordFile: string;
}

export function loadOrCreateEmbeddedCredentials(secretsDir: string): EmbeddedCredentials {
  const superuserPasswordFile = path.join(secretsDir, SUPERUSER_PASSWORD_FILE);
  return {
    superuserPassword: loadOrCreateInstallationSecret(superuserPasswordFile),
    appPassword: loadOrCreateInstallationSecret(path.join(secretsDir, APP_PASSWORD_FILE)),
    superuserPasswordFile,
  };
}

export function connectionUrl(port: number, user: string, password: string, database: string): string {
  return `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}

/**
 * A superuser session. A cluster initialised with the legacy constant (or one
 * whose upgrade was interrupted after the password file was written) refuses
 * the file's password; then the constant is tried once and, when it still
 * works, replaced by the file's password. The file is written before the role
 * changes, so no crash can leave a password that nobody knows.
 */
export async function connectAsSuperuser(port: number, credentials: EmbeddedCredentials, database: string): Promise<Client> {
  try {
    return await connect(port, SUPERUSER, credentials.superuserPassword, database);
  } catch (err) {
    if (!isWrongPassword(err)) throw err;
    const legacy = await connect(port, SUPERUSER, LEGACY_SUPERUSER_PASSWORD, database).catch(() => undefined);
    if (!legacy) {
      throw new Error(`内置 PostgreSQL 拒绝了超级用户密码：${credentials.superuserPasswordFile} 与数据目录不是同一套安装`, { cause: err });
    }
    try {
      await legacy.query(`ALTER ROLE ${SUPERUSER} PASSWORD ${legacy.escapeLiteral(scramSha256Verifier(credentials.superuserPassword))}`);
    } catch (alterErr) {
      await legacy.end();
      throw alterErr;
    }
    return legacy;
  }
}

async function connect(port: number, user: string, password: string, database: string): Promise<Client> {
  const client = new Client({ host: '127.0.0.1', port, user, password, database });
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => undefined);
    throw err;
  }
  return client;
}

/** SQLSTATE 28P01 invalid_password. */
function isWrongPassword(err: unknown): boolean {
  return (err as { code?: string }).code === '28P01';
}
