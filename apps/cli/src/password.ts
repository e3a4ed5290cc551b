/**
 * 设置登录密码 — sets a user's web sign-in password (stored as an Argon2id hash).
 *
 *   npm run -s password -- <用户名>               reads the new password from stdin (first line)
 *   npm run -s password -- <用户名> --generate    generates one and prints it on stdout
 *
 * The database is DATABASE_URL, or else the embedded PostgreSQL of a running
 * `npm start` in GONGKAI_HOME. Exit codes: 0 set, 1 failed, 2 usage error.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadPasswordCliConfig, readProcessEnv, type PasswordCliConfig } from '@gongkai/config';
import { normaliseUsername } from '@gongkai/domain';
import { APP_ROLE, connectionUrl, loadOrCreateEmbeddedCredentials, generatePassword, hashPassword } from '@gongkai/persistence';

const USAGE = `用法：npm run -s password -- <用户名> [--generate]
  不带 --generate 时从标准输入读取新密码（第一行），如：echo '新密码' | npm run -s password -- lina
  --generate 生成一个随机密码并输出到标准输出
  数据库为 DATABASE_URL；未设置时使用 GONGKAI_HOME（默认 ./.gongkai）中正在运行的内置 PostgreSQL
退出码：0 已设置，1 失败，2 用法错误`;

/** Shorter passwords are refused (NIST SP 800-63B's minimum for a chosen password is 8). */
export const MIN_PASSWORD_LENGTH = 8;

class UsageError extends Error {}

function parseArgs(argv: string[]): { username: string; generate: boolean } {
  const positional = argv.filter((a) => !a.startsWith('--'));
  const unknown = argv.filter((a) => a.startsWith('--') && a !== '--generate');
  if (unknown.length) throw new UsageError(`未知选项：${unknown.join(' ')}`);
  if (positional.length !== 1) throw new UsageError('请给出一个用户名');
  return { username: positional[0], generate: argv.includes('--generate') };
}

function databaseUrl(config: PasswordCliConfig): string {
  if (config.databaseUrl) return config.databaseUrl;
  const home = config.gongkaiHome;
  // A running embedded PostgreSQL writes its port on the fourth line of postmaster.pid.
  const pidFile = path.join(home, 'postgres', 'postmaster.pid');
  const port = fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8').split('\n')[3]) : NaN;
  if (!Number.isInteger(port) || port <= 0) {
    throw new UsageError(`找不到数据库：请设置 DATABASE_URL，或先用 npm start 启动（GONGKAI_HOME=${home}）`);
  }
  return connectionUrl(port, APP_ROLE, loadOrCreateEmbeddedCredentials(home).appPassword, 'gongkai');
}

async function readPassword(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0];
}

async function main(argv: string[]): Promise<number> {
  const { username, generate } = parseArgs(argv);
  const password = generate ? generatePassword() : await readPassword();
  if (password.length < MIN_PASSWORD_LENGTH) throw new UsageError(`密码至少 ${MIN_PASSWORD_LENGTH} 个字符`);
  if (password.length > 1024) throw new UsageError('密码不能超过 1024 个字符');
  const url = databaseUrl(loadPasswordCliConfig(readProcessEnv()));
  // Loaded here so a usage error needs no database driver.
  const { createDataSource, UserCredentialsRepository } = await import('@gongkai/persistence');
  const ds = createDataSource(url, { extra: { max: 1 } });
  await ds.initialize();
  try {
    const credentials = new UserCredentialsRepository(ds);
    const user = await credentials.find(normaliseUsername(username));
    if (!user) {
      process.stderr.write(`没有这个用户：${username}\n`);
      return 2;
    }
    await credentials.setPasswordHash(user.userId, await hashPassword(password));
    process.stderr.write(`已设置 ${user.userId} 的登录密码（库中只存 Argon2id 散列）\n`);
    if (generate) process.stdout.write(`${password}\n`);
    return 0;
  } finally {
    await ds.destroy();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      if (err instanceof UsageError) {
        process.stderr.write(`${err.message}\n${USAGE}\n`);
        process.exitCode = 2;
      } else {
        process.stderr.write(`设置密码失败：${(err as Error).message}\n`);
        process.exitCode = 1;
      }
    },
  );
}
