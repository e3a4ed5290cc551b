import * as fs from 'node:fs';
import * as path from 'node:path';
import { API_ENV_VARS, loadApiConfig } from './api-config';
import { loadDatabaseCliConfig, loadTokenCliConfig } from './cli-config';
import { ConfigError } from './config-error';
import { ENGINE_ENV_VARS, loadEngineConfig } from './engine-config';
import { LAUNCHER_ENV_VARS, loadLauncherConfig } from './launcher-config';
import { childProcessEnv } from './process-env';
import { loadWorkerConfig, WORKER_ENV_VARS } from './worker-config';

const DB = 'postgres://gongkai:pw@127.0.0.1:5432/gongkai';

function problemOf(load: () => unknown): string {
  try {
    load();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message.split('\n')).toHaveLength(1);
    return (err as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadWorkerConfig', () => {
  it('reads the shared variables and the portal webhook', () => {
    const config = loadWorkerConfig({ DATABASE_URL: DB, GONGKAI_HOME: 'home', PORTAL_WEBHOOK_URL: ' https://portal.example.gov.cn/hook ' }, '/srv');
    expect(config).toMatchObject({ databaseUrl: DB, gongkaiHome: '/srv/home', portalWebhookUrl: 'https://portal.example.gov.cn/hook' });
    expect(loadWorkerConfig({ DATABASE_URL: DB, PORT: 'not the worker’s' }, '/srv').portalWebhookUrl).toBeUndefined();
  });

  it('names a bad webhook and a bad shared variable in one line', () => {
    const message = problemOf(() => loadWorkerConfig({ PORTAL_WEBHOOK_URL: 'portal.example.gov.cn', LOG_LEVEL: 'loud' }));
    for (const name of ['PORTAL_WEBHOOK_URL 必须是 http:// 或 https://', 'DATABASE_URL', 'LOG_LEVEL']) expect(message).toContain(name);
  });
});

describe('loadLauncherConfig', () => {
  it('starts embedded parts unless told otherwise, and seeds the demo by default', () => {
    expect(loadLauncherConfig({}, '/srv')).toMatchObject({ enginePort: 7233, gongkaiHome: '/srv/.gongkai', seedDemo: true });
    expect(loadLauncherConfig({}, '/srv').externalDatabaseUrl).toBeUndefined();
    expect(loadLauncherConfig({ GONGKAI_SEED_DEMO: 'false', GONGKAI_ENGINE_PORT: '0' }, '/srv')).toMatchObject({ seedDemo: false, enginePort: 0 });
  });

  it('refuses a GONGKAI_SEED_DEMO that is not a yes or no', () => {
    expect(problemOf(() => loadLauncherConfig({ GONGKAI_SEED_DEMO: 'maybe' }))).toContain('GONGKAI_SEED_DEMO 必须是 true 或 false');
  });
});

describe('GONGKAI_DEV_CLOCK (the drill clock)', () => {
  it('is off unless asked for, and on for a drill on the embedded engine', () => {
    expect(loadLauncherConfig({}, '/srv')).toMatchObject({ devClock: false, api: { devClock: false } });
    expect(loadLauncherConfig({ GONGKAI_DEV_CLOCK: '1', NODE_ENV: 'development' }, '/srv')).toMatchObject({ devClock: true, api: { devClock: true } });
    // The API alone only learns the engine's address, so the external-server rule is the launcher's.
    expect(loadApiConfig({ DATABASE_URL: DB, GONGKAI_DEV_CLOCK: 'true', TEMPORAL_ADDRESS: '127.0.0.1:7244' }).devClock).toBe(true);
  });

  it('is refused in production, in the API section and the launcher section', () => {
    for (const NODE_ENV of ['production', ' Production ']) {
      const api = problemOf(() => loadApiConfig({ DATABASE_URL: DB, GONGKAI_DEV_CLOCK: '1', NODE_ENV }));
      expect(api).toMatch(/^配置错误: GONGKAI_DEV_CLOCK .*NODE_ENV=production/);
      expect(problemOf(() => loadLauncherConfig({ GONGKAI_DEV_CLOCK: 'on', NODE_ENV }))).toContain('NODE_ENV=production');
    }
    // Off in production is no problem.
    expect(loadLauncherConfig({ GONGKAI_DEV_CLOCK: 'false', NODE_ENV: 'production' }, '/srv').devClock).toBe(false);
  });

  it('is refused by the launcher against an external Temporal, which has no virtual clock', () => {
    const message = problemOf(() => loadLauncherConfig({ GONGKAI_DEV_CLOCK: '1', TEMPORAL_ADDRESS: 'temporal.example.gov.cn:7233' }));
    expect(message).toContain('GONGKAI_DEV_CLOCK 只能用于内置引擎');
    expect(message).toContain('TEMPORAL_ADDRESS');
    expect(loadLauncherConfig({ TEMPORAL_ADDRESS: 'temporal.example.gov.cn:7233' }, '/srv').devClock).toBe(false);
  });

  it('names a value that is not a yes or no', () => {
    expect(problemOf(() => loadApiConfig({ DATABASE_URL: DB, GONGKAI_DEV_CLOCK: 'sometimes' }))).toContain('GONGKAI_DEV_CLOCK 必须是 true 或 false');
  });
});

describe('loadEngineConfig', () => {
  it('takes the key, the parent and the database from the environment', () => {
    expect(loadEngineConfig({}, '/srv')).toEqual({ gongkaiHome: '/srv/.gongkai' });
    expect(loadEngineConfig({ GONGKAI_ENGINE_API_KEY: ' k ', GONGKAI_ENGINE_PARENT_PID: '42', DATABASE_URL: DB, GONGKAI_HOME: '/data' }, '/srv')).toEqual({
      gongkaiHome: '/data',
      apiKey: 'k',
      parentPid: 42,
      databaseUrl: DB,
    });
  });

  it('refuses a database URL that is not PostgreSQL without printing its password', () => {
    const message = problemOf(() => loadEngineConfig({ DATABASE_URL: 'mysql://root:hunter2@db/x' }));
    expect(message).toContain('DATABASE_URL');
    expect(message).not.toContain('hunter2');
  });
});

describe('the command-line sections', () => {
  it('needs no DATABASE_URL until a command does, and refuses a bad one', () => {
    expect(loadDatabaseCliConfig({})).toEqual({});
    expect(loadDatabaseCliConfig({ DATABASE_URL: DB })).toEqual({ databaseUrl: DB });
    expect(problemOf(() => loadDatabaseCliConfig({ DATABASE_URL: 'localhost' }))).toContain('DATABASE_URL 必须是 postgres://');
  });

  it('tells the token tool where its secret comes from', () => {
    expect(loadTokenCliConfig({}, '/srv')).toEqual({ gongkaiHome: '/srv/.gongkai', jwksConfigured: false });
    expect(loadTokenCliConfig({ AUTH_JWKS_URL: 'https://sso/jwks' }, '/srv').jwksConfigured).toBe(true);
    expect(problemOf(() => loadTokenCliConfig({ AUTH_JWT_SECRET: 'hunter2' }))).toContain('AUTH_JWT_SECRET 至少需要 32 个字符');
  });
});

describe('childProcessEnv', () => {
  it('hands a child this environment with the overrides on top', () => {
    const env = childProcessEnv({ LC_ALL: 'C' });
    expect(env.LC_ALL).toBe('C');
    expect(env.PATH).toBe(process.env.PATH);
  });
});

describe('docs/configuration.md', () => {
  it('documents every variable of every section', () => {
    const doc = fs.readFileSync(path.resolve(__dirname, '../../../docs/configuration.md'), 'utf8');
    const names = [...API_ENV_VARS, ...WORKER_ENV_VARS, ...LAUNCHER_ENV_VARS, ...ENGINE_ENV_VARS].map((v) => v.name);
    expect(names.filter((name) => !doc.includes(`\`${name}\``))).toEqual([]);
  });
});
