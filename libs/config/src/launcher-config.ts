/**
 * What `npm start` reads from the environment. Every value is validated before
 * anything starts, so a bad value stops the start with one line naming it.
 */
import * as path from 'node:path';
import { loadApiConfig, type ApiConfig } from './api-config';
import { ConfigError } from './config-error';
import { EnvReader, type Env } from './env-reader';
import { readWorkerOwn, type ConsultationFeedbackConfig, type InterpretationScheduleConfig } from './worker-config';

export interface LauncherConfig {
  /** The API's settings; databaseUrl/temporal.address are filled in once the embedded parts run. */
  api: ApiConfig;
  /** Given by the operator: use this Postgres and start none. */
  externalDatabaseUrl?: string;
  /** Given by the operator: use this Temporal and start no engine. */
  externalTemporalAddress?: string;
  enginePort: number;
  gongkaiHome: string;
  /** GONGKAI_SEED_DEMO: seed the demo organisation into a database without another one. */
  seedDemo: boolean;
  /** GONGKAI_BUILD_WEB: build the web app (apps/web) at start when its sources changed since the last build. */
  buildWeb: boolean;
  /** PORTAL_WEBHOOK_URL, for the worker the launcher runs. */
  portalWebhookUrl?: string;
  /** INTERPRETATION_DUE_WORKING_DAYS / INTERPRETATION_RELEASE_LEVELS, for the worker the launcher runs. */
  interpretations: InterpretationScheduleConfig;
  /** CONSULTATION_FEEDBACK_*, for the worker the launcher runs. */
  consultationFeedback: ConsultationFeedbackConfig;
  /**
   * GONGKAI_DEV_CLOCK (the API's `devClock`): run the embedded engine on a virtual clock, locked, for drills.
   * Only with the embedded engine: a real Temporal server has no virtual clock.
   */
  devClock: boolean;
}

/** The launcher's own variables (it also reads API_ENV_VARS and WORKER_ENV_VARS); docs/configuration.md lists the same. */
export const LAUNCHER_ENV_VARS = [
  { name: 'GONGKAI_ENGINE_PORT', default: '7233', meaning: '内置引擎端口（0 = 任选空闲端口）' },
  { name: 'GONGKAI_SEED_DEMO', default: 'true', meaning: '空库时写入演示单位；false 关闭' },
  { name: 'GONGKAI_BUILD_WEB', default: 'true', meaning: '启动时若网页端源码有变则重新构建；false 跳过' },
] as const;

const PLACEHOLDER_DB = 'postgres://gongkai@127.0.0.1:5432/gongkai';

export function loadLauncherConfig(env: Env, cwd = process.cwd()): LauncherConfig {
  const problems: string[] = [];
  let api: ApiConfig | undefined;
  try {
    api = loadApiConfig({ ...env, DATABASE_URL: env.DATABASE_URL || PLACEHOLDER_DB }, cwd);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems.push(...err.problems);
  }
  const read = new EnvReader(env);
  const enginePort = read.integer('GONGKAI_ENGINE_PORT', 7233, 0, 65535);
  const seedDemo = read.boolean('GONGKAI_SEED_DEMO', true);
  const buildWeb = read.boolean('GONGKAI_BUILD_WEB', true);
  const worker = readWorkerOwn(env);
  problems.push(...read.problems, ...worker.problems);
  if (api?.devClock && env.TEMPORAL_ADDRESS?.trim()) {
    problems.push('GONGKAI_DEV_CLOCK 只能用于内置引擎：外部 Temporal（已设置 TEMPORAL_ADDRESS）没有可推进的虚拟时钟（请删除 TEMPORAL_ADDRESS 或 GONGKAI_DEV_CLOCK）');
  }
  if (problems.length || !api) throw new ConfigError(problems);
  return {
    api,
    externalDatabaseUrl: env.DATABASE_URL || undefined,
    externalTemporalAddress: env.TEMPORAL_ADDRESS || undefined,
    enginePort,
    gongkaiHome: path.resolve(cwd, api.gongkaiHome),
    seedDemo,
    buildWeb,
    ...(worker.portalWebhookUrl !== undefined ? { portalWebhookUrl: worker.portalWebhookUrl } : {}),
    interpretations: worker.interpretations,
    consultationFeedback: worker.consultationFeedback,
    devClock: api.devClock,
  };
}
