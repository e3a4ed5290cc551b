import * as path from 'node:path';
import type { ConnectionOptions } from '@temporalio/client';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import { ConfigError } from './config-error';
import { EnvReader, type Env } from './env-reader';
import { readInterpretationChecks, type InterpretationChecksConfig } from './interpretation-checks';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Everything the API process reads from its environment, validated once at boot. */
export interface ApiConfig {
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string;
  /** Run pending migrations (advisory-locked) before serving; `main.ts` only. */
  readonly migrateOnStart: boolean;
  readonly temporal: {
    readonly address: string;
    readonly namespace: string;
    /** TLS, API key and gRPC metadata from the Temporal env-config conventions. */
    readonly connection: Pick<ConnectionOptions, 'tls' | 'apiKey' | 'metadata'>;
  };
  readonly logLevel: LogLevel;
  /** Absolute path of gongkai's local data folder. */
  readonly gongkaiHome: string;
  /** Upper bound for each dependency check behind GET /readyz. */
  readonly readinessTimeoutMs: number;
  /** Deadline of every call from the API to the workflow engine; past it the API answers 504. */
  readonly temporalCallTimeoutMs: number;
  readonly auth: AuthConfig;
  readonly signIn: SignInConfig;
  readonly rateLimits: RateLimitConfig;
  /** Reverse proxies (IPs / CIDRs) whose X-Forwarded-For names the caller; empty: the socket's address is the caller. */
  readonly trustedProxies: readonly string[];
  /** The content checks run on every save of a policy interpretation (warnings, never blocks). */
  readonly interpretationChecks: InterpretationChecksConfig;
  /**
   * GONGKAI_DEV_CLOCK: mount the drill clock (`POST /dev/clock/advance`, docs/drill-clock.md), which moves
   * the engine's virtual clock. Never in production: refused when NODE_ENV=production.
   */
  readonly devClock: boolean;
}

/**
 * How bearer tokens are verified: a JWKS URL (a government SSO), or HS256 with
 * a shared secret. Without either, the secret is generated once and kept in
 * GONGKAI_HOME/auth-secret (see auth/auth-secret.ts), so tokens survive restarts.
 */
export interface AuthConfig {
  readonly jwtSecret?: string;
  readonly jwksUrl?: string;
  /** Required `iss` / `aud` claims, when set. */
  readonly issuer?: string;
  readonly audience?: string;
  /**
   * The seed (32 bytes, base64url) of the Ed25519 key the API signs actors
   * with and the worker checks workflows against; default: generated once and
   * kept in GONGKAI_HOME/actor-signing-key. API and worker must share it.
   */
  readonly actorSigningKey?: string;
}

/** Password sign-in of the web app: lockout and session lifetimes. */
export interface SignInConfig {
  /** Consecutive failed sign-ins of one username that lock it. */
  readonly maxFailures: number;
  readonly lockMinutes: number;
  /** A session unused this long has expired. */
  readonly sessionIdleMinutes: number;
  /** A session ends this long after sign-in, however active. */
  readonly sessionMaxHours: number;
}

/**
 * Per-address limits, counted in this process's memory: with several API
 * replicas each one counts on its own, so an address may get up to N times
 * the limit across N replicas (enough to stop guessing and scraping).
 */
export interface RateLimitConfig {
  /** Requests a minute one address may make to routes that need no token (catalogue, web page, API docs). */
  readonly publicPerMinute: number;
  /** 401 answers a minute one address may receive; after that it is answered 429 until the minute is over. */
  readonly authFailuresPerMinute: number;
  /** Public comments (征求意见) a minute one address may send: generous enough for a family or office sharing one address. */
  readonly commentsPerMinute: number;
  /** Addresses exempt from both limits, e.g. the department's portal server. */
  readonly allowlist: readonly string[];
}

/** The variables, their defaults and meaning; docs/configuration.md lists the same. */
export const API_ENV_VARS = [
  { name: 'PORT', default: '3000', meaning: 'HTTP 端口（1–65535）' },
  { name: 'HOST', default: '127.0.0.1', meaning: '监听地址；容器内用 0.0.0.0' },
  { name: 'DATABASE_URL', default: '（必填）', meaning: 'PostgreSQL 连接串 postgres://用户:密码@主机:端口/库' },
  { name: 'DATABASE_MIGRATE', default: 'true', meaning: '启动时执行待执行的迁移（多副本由 advisory lock 串行）' },
  { name: 'TEMPORAL_ADDRESS', default: '127.0.0.1:7233', meaning: 'Temporal 前端地址 主机:端口' },
  { name: 'TEMPORAL_NAMESPACE', default: 'default', meaning: 'Temporal 命名空间' },
  { name: 'LOG_LEVEL', default: 'info', meaning: LOG_LEVELS.join(' / ') },
  { name: 'GONGKAI_HOME', default: './.gongkai', meaning: '本地数据目录（相对路径按启动目录解析）' },
  { name: 'READINESS_TIMEOUT_MS', default: '2000', meaning: 'GET /readyz 每项依赖检查的超时（100–30000 毫秒）' },
  { name: 'TEMPORAL_CALL_TIMEOUT_MS', default: '10000', meaning: 'API 调用工作流引擎（提交、审核决定、撤回等）的时限（1000–120000 毫秒）；超时答复 504' },
  { name: 'AUTH_JWT_SECRET', default: '（自动生成，存于 GONGKAI_HOME/auth-secret）', meaning: 'HS256 令牌签名密钥，至少 32 个字符' },
  { name: 'AUTH_JWKS_URL', default: '（不设）', meaning: '统一身份认证的 JWKS 地址；设置后只接受其签发的令牌' },
  { name: 'AUTH_ISSUER', default: '（不校验）', meaning: '令牌必须带的 iss' },
  { name: 'AUTH_AUDIENCE', default: '（不校验）', meaning: '令牌必须带的 aud' },
  { name: 'ACTOR_SIGNING_KEY', default: '（自动生成，存于 GONGKAI_HOME/actor-signing-key）', meaning: '操作人签名密钥（32 字节 base64url，43 个字符）；API 与 worker 分机部署时两边须相同' },
  { name: 'LOGIN_MAX_FAILURES', default: '5', meaning: '同一用户名连续登录失败多少次后锁定（1–100）' },
  { name: 'LOGIN_LOCK_MINUTES', default: '15', meaning: '锁定时长（1–1440 分钟）' },
  { name: 'SESSION_IDLE_MINUTES', default: '30', meaning: '网页会话空闲多久后失效（1–1440 分钟）' },
  { name: 'SESSION_MAX_HOURS', default: '12', meaning: '网页会话自登录起最长有效时间（1–168 小时）' },
  { name: 'PUBLIC_RATE_LIMIT_PER_MINUTE', default: '120', meaning: '每个地址每分钟访问无需令牌的接口（公开目录、工作台页面、接口文档）的次数上限' },
  { name: 'PUBLIC_COMMENT_LIMIT_PER_MINUTE', default: '20', meaning: '每个地址每分钟可提交的征求意见条数（一家人或一个办公室共用一个地址也够用），超过答复 429 并给出 Retry-After' },
  { name: 'AUTH_FAILURE_LIMIT_PER_MINUTE', default: '20', meaning: '每个地址每分钟可收到的 401 次数，超过后该分钟内一律答复 429' },
  { name: 'RATE_LIMIT_ALLOWLIST', default: '（空）', meaning: '不受上述限制的 IP 或 CIDR，逗号分隔（如门户服务器）' },
  { name: 'TRUSTED_PROXIES', default: '（空）', meaning: '可信反向代理的 IP 或 CIDR，逗号分隔；只有来自它们的 X-Forwarded-For 才被采信' },
  { name: 'INTERPRETATION_COPY_THRESHOLD', default: '0.5', meaning: '政策解读中照抄政策原文的句子占比超过多少时提示“文件摘抄式解读”（大于 0、不超过 1 的小数）' },
  {
    name: 'INTERPRETATION_ELEMENTS',
    default: '（七项标准要素）',
    meaning: '文字解读应具备的要素及其提示词：名称:提示词|提示词;名称…，例如 背景依据:背景|依据|出台;目标任务:目标|任务',
  },
  {
    name: 'GONGKAI_DEV_CLOCK',
    default: 'false',
    meaning: '演练时钟：true 时内置引擎以虚拟时钟运行，政务公开办可用 POST /dev/clock/advance 推进时间；NODE_ENV=production 或外部 Temporal 时拒绝启动',
  },
  { name: 'NODE_ENV', default: '（不设）', meaning: 'production 时拒绝 GONGKAI_DEV_CLOCK；其余行为与之无关' },
] as const;

const DATABASE_URL_EXAMPLE = 'postgres://gongkai:密码@127.0.0.1:5432/gongkai';

/**
 * Validates the environment; throws a `ConfigError` whose message is one line
 * naming each bad variable. `cwd` resolves a relative GONGKAI_HOME.
 */
export function loadApiConfig(env: Env, cwd: string = process.cwd()): ApiConfig {
  const read = new EnvReader(env);
  const config: ApiConfig = {
    port: read.integer('PORT', 3000, 1, 65535),
    host: read.host('HOST', '127.0.0.1'),
    databaseUrl: read.postgresUrl('DATABASE_URL', DATABASE_URL_EXAMPLE),
    migrateOnStart: read.boolean('DATABASE_MIGRATE', true),
    temporal: readTemporal(read, env),
    logLevel: read.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    gongkaiHome: path.resolve(cwd, read.raw('GONGKAI_HOME') ?? '.gongkai'),
    readinessTimeoutMs: read.integer('READINESS_TIMEOUT_MS', 2000, 100, 30_000),
    temporalCallTimeoutMs: read.integer('TEMPORAL_CALL_TIMEOUT_MS', 10_000, 1000, 120_000),
    auth: readAuth(read),
    signIn: {
      maxFailures: read.integer('LOGIN_MAX_FAILURES', 5, 1, 100),
      lockMinutes: read.integer('LOGIN_LOCK_MINUTES', 15, 1, 1440),
      sessionIdleMinutes: read.integer('SESSION_IDLE_MINUTES', 30, 1, 1440),
      sessionMaxHours: read.integer('SESSION_MAX_HOURS', 12, 1, 168),
    },
    rateLimits: {
      publicPerMinute: read.integer('PUBLIC_RATE_LIMIT_PER_MINUTE', 120, 1, 1_000_000),
      authFailuresPerMinute: read.integer('AUTH_FAILURE_LIMIT_PER_MINUTE', 20, 1, 1_000_000),
      commentsPerMinute: read.integer('PUBLIC_COMMENT_LIMIT_PER_MINUTE', 20, 1, 1_000_000),
      allowlist: read.addressList('RATE_LIMIT_ALLOWLIST'),
    },
    trustedProxies: read.addressList('TRUSTED_PROXIES'),
    interpretationChecks: readInterpretationChecks(read),
    devClock: readDevClock(read),
  };
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return config;
}

/**
 * TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE are validated here; TLS, API key and
 * gRPC metadata follow @temporalio/envconfig (TEMPORAL_TLS*, TEMPORAL_API_KEY,
 * TEMPORAL_GRPC_META_*, TEMPORAL_CONFIG_FILE / TEMPORAL_PROFILE), the same
 * conventions the worker uses, so one environment configures both.
 */
function readTemporal(read: EnvReader, env: Env): ApiConfig['temporal'] {
  let profile: ReturnType<typeof loadClientConnectConfig> = { connectionOptions: {} };
  try {
    profile = loadClientConnectConfig({ overrideEnvVars: definedOnly(env) });
  } catch (err) {
    read.fail(`Temporal 客户端配置（TEMPORAL_CONFIG_FILE / TEMPORAL_PROFILE / TEMPORAL_TLS_*）无法读取：${firstLine(err)}`, 0);
  }
  const { address, tls, apiKey, metadata } = profile.connectionOptions;
  return {
    address: read.hostPort('TEMPORAL_ADDRESS', address ?? '127.0.0.1:7233'),
    namespace: read.identifier('TEMPORAL_NAMESPACE', profile.namespace ?? 'default'),
    connection: { tls, apiKey, metadata },
  };
}

/**
 * The drill clock lets one role move every deadline of the installation: a production system must never
 * offer it, whatever else its environment says.
 */
function readDevClock(read: EnvReader): boolean {
  const on = read.boolean('GONGKAI_DEV_CLOCK', false);
  if (on && read.raw('NODE_ENV')?.toLowerCase() === 'production') {
    return read.fail('GONGKAI_DEV_CLOCK 是演练用的虚拟时钟，NODE_ENV=production 时不得开启（请删除 GONGKAI_DEV_CLOCK 或设为 false）', false);
  }
  return on;
}

/** Minimum HS256 secret length: RFC 7518 §3.2 wants a key at least as long as the hash (256 bits). */
export const MIN_AUTH_SECRET_LENGTH = 32;

function readAuth(read: EnvReader): AuthConfig {
  const jwtSecret = read.raw('AUTH_JWT_SECRET');
  const jwksUrl = read.httpUrl('AUTH_JWKS_URL');
  if (jwtSecret !== undefined && jwtSecret.length < MIN_AUTH_SECRET_LENGTH) {
    read.fail(`AUTH_JWT_SECRET 至少需要 ${MIN_AUTH_SECRET_LENGTH} 个字符（当前 ${jwtSecret.length} 个）`, undefined);
  }
  if (jwtSecret !== undefined && jwksUrl !== undefined) {
    read.fail('AUTH_JWT_SECRET 与 AUTH_JWKS_URL 只能设置其一', undefined);
  }
  return {
    ...(jwtSecret !== undefined ? { jwtSecret } : {}),
    ...(jwksUrl !== undefined ? { jwksUrl } : {}),
    ...(read.raw('AUTH_ISSUER') !== undefined ? { issuer: read.raw('AUTH_ISSUER') } : {}),
    ...(read.raw('AUTH_AUDIENCE') !== undefined ? { audience: read.raw('AUTH_AUDIENCE') } : {}),
    ...readActorSigningKey(read),
  };
}

function readActorSigningKey(read: EnvReader): Pick<AuthConfig, 'actorSigningKey'> {
  const key = read.raw('ACTOR_SIGNING_KEY')?.trim();
  if (key === undefined) return {};
  if (!/^[A-Za-z0-9_-]{43}$/.test(key)) {
    read.fail('ACTOR_SIGNING_KEY 必须是 32 字节的 base64url 串（43 个字符）', undefined);
    return {};
  }
  return { actorSigningKey: key };
}

function definedOnly(env: Env): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

function firstLine(err: unknown): string {
  return String(err instanceof Error ? err.message : err).split('\n')[0];
}
