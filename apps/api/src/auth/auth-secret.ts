import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const AUTH_SECRET_FILE = 'auth-secret';

/**
 * The HS256 secret of the embedded default: AUTH_JWT_SECRET when set,
 * otherwise the one kept in GONGKAI_HOME/auth-secret — generated on first use
 * (owner-only file), so tokens printed by `npm start` or `npm run token` stay
 * valid across restarts. Several processes starting together agree on one
 * secret: the file is created exclusively and a loser reads the winner's.
 */
export function loadOrCreateAuthSecret(home: string, env: Readonly<Record<string, string | undefined>> = {}): string {
  const configured = env.AUTH_JWT_SECRET?.trim();
  if (configured) return configured;
  const file = path.join(home, AUTH_SECRET_FILE);
  const existing = readSecret(file);
  if (existing) return existing;
  fs.mkdirSync(home, { recursive: true, mode: 0o755 });
  const secret = randomBytes(32).toString('base64url');
  try {
    fs.writeFileSync(file, `${secret}\n`, { flag: 'wx', mode: 0o600 });
    return secret;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const winner = readSecret(file);
    if (!winner) throw new Error(`令牌密钥文件 ${file} 为空`, { cause: err });
    return winner;
  }
}

function readSecret(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8').trim() || undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
