import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * A random secret generated on an installation's first start and kept in one
 * owner-only file (the idea of apps/api/src/auth/auth-secret.ts, for any
 * secret). Processes starting together agree on one value: the file appears in
 * a single atomic step (a complete temporary file hard-linked into place, which
 * fails if the name exists), so a loser reads the winner's whole secret, never
 * an empty or half-written file.
 */
export function loadOrCreateInstallationSecret(file: string): string {
  const existing = readInstallationSecret(file);
  if (existing) return existing;
  // 0755 like GONGKAI_HOME itself: the Postgres service user must still reach the data folder beside it.
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o755 });
  const secret = randomBytes(32).toString('base64url');
  const staging = `${file}.${process.pid}.${randomBytes(6).toString('hex')}`;
  fs.writeFileSync(staging, `${secret}\n`, { flag: 'wx', mode: 0o600 });
  try {
    fs.linkSync(staging, file);
    return secret;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const winner = readInstallationSecret(file);
    if (!winner) throw new Error(`密钥文件 ${file} 为空`, { cause: err });
    return winner;
  } finally {
    fs.rmSync(staging, { force: true });
  }
}

/** The secret in `file`, or undefined when the file does not exist (yet). */
export function readInstallationSecret(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8').trim() || undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
