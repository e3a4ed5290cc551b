import * as fs from 'node:fs';
import * as path from 'node:path';
import { STANDARD_ELEMENTS } from '@gongkai/domain/interpretation';
import { API_ENV_VARS, loadApiConfig } from './api-config';
import { ConfigError } from './config-error';
import { parseInterpretationElements } from './interpretation-checks';

const DB = 'postgres://gongkai:pw@127.0.0.1:5432/gongkai';
/** No HOME: keeps a developer's ~/.config/temporalio/temporal.toml out of these tests. */
const base = { DATABASE_URL: DB };

function problemOf(env: Record<string, string>): string {
  try {
    loadApiConfig(env, '/srv/app');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    const message = (err as ConfigError).message;
    expect(message.split('\n')).toHaveLength(1);
    return message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadApiConfig', () => {
  it('applies the documented defaults when only DATABASE_URL is set', () => {
    expect(loadApiConfig(base, '/srv/app')).toEqual({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: DB,
      migrateOnStart: true,
      temporal: { address: '127.0.0.1:7233', namespace: 'default', connection: { tls: undefined, apiKey: undefined, metadata: undefined } },
      logLevel: 'info',
      gongkaiHome: '/srv/app/.gongkai',
      readinessTimeoutMs: 2000,
      temporalCallTimeoutMs: 10_000,
      auth: {},
      signIn: { maxFailures: 5, lockMinutes: 15, sessionIdleMinutes: 30, sessionMaxHours: 12 },
      rateLimits: { publicPerMinute: 120, authFailuresPerMinute: 20, commentsPerMinute: 20, allowlist: [] },
      trustedProxies: [],
      interpretationChecks: { copyThreshold: 0.5, elements: STANDARD_ELEMENTS },
      devClock: false,
    });
  });

  it('reads every variable when set', () => {
    const config = loadApiConfig(
      {
        ...base,
        PORT: ' 8080 ',
        HOST: '0.0.0.0',
        DATABASE_MIGRATE: 'false',
        TEMPORAL_ADDRESS: 'temporal:7233',
        TEMPORAL_NAMESPACE: 'gongkai-prod',
        LOG_LEVEL: 'DEBUG',
        GONGKAI_HOME: 'data/home',
        READINESS_TIMEOUT_MS: '750',
        TEMPORAL_CALL_TIMEOUT_MS: '4000',
        ACTOR_SIGNING_KEY: 'A'.repeat(43),
        PUBLIC_RATE_LIMIT_PER_MINUTE: '600',
        AUTH_FAILURE_LIMIT_PER_MINUTE: '5',
        RATE_LIMIT_ALLOWLIST: ' 10.0.0.5, 192.168.1.0/24,,fd00::/8 ',
        TRUSTED_PROXIES: '127.0.0.1',
      },
      '/srv/app',
    );
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      migrateOnStart: false,
      temporal: { address: 'temporal:7233', namespace: 'gongkai-prod' },
      logLevel: 'debug',
      gongkaiHome: '/srv/app/data/home',
      readinessTimeoutMs: 750,
      temporalCallTimeoutMs: 4000,
      auth: { actorSigningKey: 'A'.repeat(43) },
      rateLimits: { publicPerMinute: 600, authFailuresPerMinute: 5, allowlist: ['10.0.0.5', '192.168.1.0/24', 'fd00::/8'] },
      trustedProxies: ['127.0.0.1'],
    });
  });

  it('treats a blank variable as unset', () => {
    expect(loadApiConfig({ ...base, PORT: '  ', LOG_LEVEL: '' }).port).toBe(3000);
  });

  it('refuses PORT=abc with one line naming PORT and the value', () => {
    expect(problemOf({ ...base, PORT: 'abc' })).toBe('配置错误: PORT 必须是 1–65535 的整数（当前值 "abc"）');
  });

  it.each(['0', '65536', '3000.5', '-1', '1e3', '0x50'])('refuses PORT=%s', (port) => {
    expect(problemOf({ ...base, PORT: port })).toContain('PORT 必须是 1–65535 的整数');
  });

  it('names DATABASE_URL when it is missing', () => {
    expect(problemOf({})).toMatch(/^配置错误: DATABASE_URL 未设置/);
  });

  it('refuses a non-PostgreSQL DATABASE_URL without printing its password', () => {
    const message = problemOf({ DATABASE_URL: 'mysql://root:hunter2@db/gongkai' });
    expect(message).toContain('DATABASE_URL');
    expect(message).toContain('mysql://root:***@db/gongkai');
    expect(message).not.toContain('hunter2');
  });

  it('names every bad variable in one line', () => {
    let error: ConfigError | undefined;
    try {
      loadApiConfig({ PORT: 'abc', LOG_LEVEL: 'loud', TEMPORAL_ADDRESS: 'temporal' });
    } catch (err) {
      error = err as ConfigError;
    }
    expect(error?.problems).toHaveLength(4);
    expect(error?.message.split('\n')).toHaveLength(1);
    for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'TEMPORAL_ADDRESS']) expect(error?.message).toContain(name);
  });

  it.each([
    ['LOG_LEVEL', 'loud', 'LOG_LEVEL 必须是 fatal、error、warn、info、debug、trace、silent 之一'],
    ['TEMPORAL_ADDRESS', 'temporal', 'TEMPORAL_ADDRESS 必须是 主机:端口 形式'],
    ['TEMPORAL_ADDRESS', 'temporal:99999', 'TEMPORAL_ADDRESS 必须是 主机:端口 形式'],
    ['TEMPORAL_NAMESPACE', 'my namespace', 'TEMPORAL_NAMESPACE 只能包含'],
    ['HOST', 'local host', 'HOST 必须是主机名或 IP 地址'],
    ['DATABASE_MIGRATE', 'maybe', 'DATABASE_MIGRATE 必须是 true 或 false'],
    ['READINESS_TIMEOUT_MS', '10', 'READINESS_TIMEOUT_MS 必须是 100–30000 的整数'],
    ['PUBLIC_RATE_LIMIT_PER_MINUTE', '0', 'PUBLIC_RATE_LIMIT_PER_MINUTE 必须是 1–1000000 的整数'],
    ['AUTH_FAILURE_LIMIT_PER_MINUTE', 'many', 'AUTH_FAILURE_LIMIT_PER_MINUTE 必须是 1–1000000 的整数'],
    ['RATE_LIMIT_ALLOWLIST', '10.0.0.5,portal.example.gov.cn', '无效："portal.example.gov.cn"'],
    ['RATE_LIMIT_ALLOWLIST', '10.0.0.0/33', 'RATE_LIMIT_ALLOWLIST 必须是逗号分隔的 IP 地址或 CIDR 网段'],
    ['TRUSTED_PROXIES', '::1/129', 'TRUSTED_PROXIES 必须是逗号分隔的 IP 地址或 CIDR 网段'],
  ])('refuses %s=%s', (name, value, expected) => {
    expect(problemOf({ ...base, [name]: value })).toContain(expected);
  });

  it('reads the token settings', () => {
    const secret = 's'.repeat(32);
    expect(loadApiConfig({ ...base, AUTH_JWT_SECRET: secret }).auth).toEqual({ jwtSecret: secret });
    expect(
      loadApiConfig({ ...base, AUTH_JWKS_URL: 'https://sso.example.gov.cn/jwks', AUTH_ISSUER: 'sso', AUTH_AUDIENCE: 'gongkai' }).auth,
    ).toEqual({ jwksUrl: 'https://sso.example.gov.cn/jwks', issuer: 'sso', audience: 'gongkai' });
  });

  it('refuses a short AUTH_JWT_SECRET without printing it', () => {
    const message = problemOf({ ...base, AUTH_JWT_SECRET: 'hunter2' });
    expect(message).toContain('AUTH_JWT_SECRET 至少需要 32 个字符');
    expect(message).not.toContain('hunter2');
  });

  it('refuses AUTH_JWKS_URL that is not http(s), and both token sources at once', () => {
    expect(problemOf({ ...base, AUTH_JWKS_URL: 'ftp://sso/jwks' })).toContain('AUTH_JWKS_URL 必须是 http:// 或 https://');
    expect(problemOf({ ...base, AUTH_JWKS_URL: 'https://sso/jwks', AUTH_JWT_SECRET: 's'.repeat(40) })).toContain('只能设置其一');
  });

  it('accepts an IPv6 Temporal address', () => {
    expect(loadApiConfig({ ...base, TEMPORAL_ADDRESS: '[::1]:7233' }).temporal.address).toBe('[::1]:7233');
  });

  it('follows the Temporal env-config conventions for TLS and API keys', () => {
    const { temporal } = loadApiConfig({ ...base, TEMPORAL_ADDRESS: 'ns.tmprl.cloud:7233', TEMPORAL_API_KEY: 'key-1' });
    expect(temporal.connection).toMatchObject({ apiKey: 'key-1', tls: true });
  });

  it('reports an unreadable Temporal profile as a config error', () => {
    expect(problemOf({ ...base, TEMPORAL_CONFIG_FILE: '/nonexistent.toml', TEMPORAL_PROFILE: 'prod' })).toContain('TEMPORAL_PROFILE');
  });
});

describe('the interpretation content checks (INTERPRETATION_*)', () => {
  it('reads the copy threshold and the elements', () => {
    const { interpretationChecks } = loadApiConfig({
      ...base,
      INTERPRETATION_COPY_THRESHOLD: ' 0.3 ',
      INTERPRETATION_ELEMENTS: '背景依据:背景|依据|出台; 目标任务：目标｜任务；解读机关;',
    });
    expect(interpretationChecks).toEqual({
      copyThreshold: 0.3,
      elements: [
        { name: '背景依据', cues: ['背景', '依据', '出台'] },
        { name: '目标任务', cues: ['目标', '任务'] },
        { name: '解读机关', cues: ['解读机关'] },
      ],
    });
    expect(loadApiConfig({ ...base, INTERPRETATION_COPY_THRESHOLD: '1' }).interpretationChecks.copyThreshold).toBe(1);
    expect(loadApiConfig({ ...base, INTERPRETATION_COPY_THRESHOLD: '.75' }).interpretationChecks.copyThreshold).toBe(0.75);
  });

  it.each(['0', '0.0', '1.5', '50%', '-0.5', 'half', '1e-1'])('refuses INTERPRETATION_COPY_THRESHOLD=%s in one line', (value) => {
    expect(problemOf({ ...base, INTERPRETATION_COPY_THRESHOLD: value })).toBe(
      `配置错误: INTERPRETATION_COPY_THRESHOLD 必须是大于 0、不超过 1 的小数，例如 0.5（当前值 ${JSON.stringify(value)}）`,
    );
  });

  it.each([
    [';；', '没有列出任何要素'],
    ['背景依据:', '要素“背景依据”有空的提示词'],
    ['背景依据:背景||依据', '要素“背景依据”有空的提示词'],
    [':背景', '要素“:背景”缺少名称'],
    ['背景依据:背景:依据', '冒号多于一个'],
    ['背景依据:背景;背景依据:依据', '要素“背景依据”重复'],
    [`${'长'.repeat(21)}:背景`, '过长，名称和提示词各不超过 20 个字'],
    [Array.from({ length: 31 }, (_, i) => `要素${i}`).join(';'), '最多列 30 个要素（当前 31 个）'],
  ])('refuses INTERPRETATION_ELEMENTS=%s', (value, expected) => {
    const message = problemOf({ ...base, INTERPRETATION_ELEMENTS: value });
    expect(message).toMatch(/^配置错误: INTERPRETATION_ELEMENTS /);
    expect(message).toContain(expected);
  });

  it('parses the documented example and the standard list written out', () => {
    const standard = STANDARD_ELEMENTS.map((e) => `${e.name}:${e.cues.join('|')}`).join(';');
    expect(parseInterpretationElements(standard)).toEqual(STANDARD_ELEMENTS);
  });
});

describe('docs/configuration.md', () => {
  it('documents every variable the API reads', () => {
    const doc = fs.readFileSync(path.resolve(__dirname, '../../../docs/configuration.md'), 'utf8');
    const missing = API_ENV_VARS.map((v) => v.name).filter((name) => !doc.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});
