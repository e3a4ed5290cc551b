/**
 * `npm run token -- <username> [--ttl 12h]`: a bearer token for a user, on the
 * last line of stdout (what it is goes to stderr). The user comes from the
 * database when DATABASE_URL is set, otherwise from the demo organisation that
 * `npm start` seeds. Unknown user, or a ttl the API would refuse (over
 * MAX_TOKEN_LIFETIME_SECONDS): exit 2 saying why.
 */
import { ConfigError, loadTokenCliConfig, readProcessEnv } from '@gongkai/config';
import type { Role } from '@gongkai/contracts';
import { createDataSource, UserRepository } from '@gongkai/persistence';
import { loadOrCreateAuthSecret } from './auth-secret';
import { demoTokenUsers } from './demo-tokens';
import { isRole, ROLE_LABELS } from './roles';
import { ttlProblem } from './token-lifetime';
import { signToken, type TokenUser } from './tokens';

type DirectoryUser = TokenUser & { departmentName: string };

interface Directory {
  find(username: string): Promise<DirectoryUser | undefined>;
  usernames(): Promise<string[]>;
  close(): Promise<void>;
}

async function databaseDirectory(url: string): Promise<Directory> {
  const dataSource = createDataSource(url, { extra: { max: 1 } });
  await dataSource.initialize();
  const users = new UserRepository(dataSource);
  return {
    async find(username) {
      const user = await users.activeUser(username);
      if (!user) return undefined;
      const department = await users.department(user.departmentId);
      return { username: user.id, name: user.name, departmentId: user.departmentId, departmentName: department?.name ?? user.departmentId, roles: user.roles.filter(isRole) };
    },
    usernames: () => users.activeIds(),
    close: () => dataSource.destroy(),
  };
}

function demoDirectory(): Directory {
  const users = demoTokenUsers();
  return {
    find: async (username) => users.find((u) => u.username === username),
    usernames: async () => users.map((u) => u.username),
    close: async () => undefined,
  };
}

function parseArgs(argv: string[]): { username?: string; ttl: string } {
  let ttl = '12h';
  let username: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--ttl') ttl = argv[++i] ?? ttl;
    else if (argv[i].startsWith('--ttl=')) ttl = argv[i].slice('--ttl='.length);
    else username ??= argv[i];
  }
  return { username, ttl };
}

async function main(): Promise<number> {
  const { username, ttl } = parseArgs(process.argv.slice(2));
  const config = loadTokenCliConfig(readProcessEnv());
  if (config.jwksConfigured) {
    process.stderr.write('已设置 AUTH_JWKS_URL：令牌由统一身份认证签发，本命令不适用\n');
    return 1;
  }
  // Checked before the database is opened: a token the API would refuse is no use to anyone.
  const badTtl = ttlProblem(ttl);
  if (badTtl) {
    process.stderr.write(`${badTtl}\n`);
    return 2;
  }
  const { databaseUrl } = config;
  const directory = databaseUrl ? await databaseDirectory(databaseUrl) : demoDirectory();
  try {
    if (!username) {
      process.stderr.write(`用法：npm run token -- <用户名> [--ttl 12h]\n可用用户名：${(await directory.usernames()).join(', ')}\n`);
      return 2;
    }
    const user = await directory.find(username);
    if (!user) {
      process.stderr.write(`没有用户 “${username}”。可用用户名：${(await directory.usernames()).join(', ')}\n`);
      return 2;
    }
    const token = await signToken(user, loadOrCreateAuthSecret(config.gongkaiHome, { AUTH_JWT_SECRET: config.jwtSecret }), ttl);
    const roles = user.roles.map((r: Role) => ROLE_LABELS[r]).join('、');
    process.stderr.write(`${user.name}（${user.username}，${user.departmentName}，${roles}）的令牌，有效期 ${ttl}：\n`);
    process.stdout.write(`${token}\n`);
    return 0;
  } finally {
    await directory.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(err instanceof ConfigError ? `${err.message}\n` : `生成令牌失败：${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
