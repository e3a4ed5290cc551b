/**
 * The worker's environment, validated at boot with the same reader and the
 * same Temporal env-config conventions as the API, so one environment
 * configures both processes.
 */
import * as path from 'node:path';
import type { Env } from '../../api/src/config/env-reader';
import { loadApiConfig, LOG_LEVELS, type ApiConfig } from '../../api/src/config/api-config';

export interface WorkerConfig {
  databaseUrl: string;
  temporal: ApiConfig['temporal'];
  logLevel: (typeof LOG_LEVELS)[number];
  gongkaiHome: string;
  /** ACTOR_SIGNING_KEY, shared with the API (see api-config.ts). */
  actorSigningKey?: string;
}

export function loadWorkerConfig(env: Env, cwd = process.cwd()): WorkerConfig {
  // The API reader validates the shared variables; PORT/HOST do not concern the worker.
  const shared = loadApiConfig({ ...env, PORT: undefined, HOST: undefined }, cwd);
  return {
    databaseUrl: shared.databaseUrl,
    temporal: shared.temporal,
    logLevel: shared.logLevel,
    gongkaiHome: path.resolve(cwd, shared.gongkaiHome),
    actorSigningKey: shared.auth.actorSigningKey,
  };
}
