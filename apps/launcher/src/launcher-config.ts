/**
 * What `npm start` reads from the environment. Every value is validated before
 * anything starts, so a bad value stops the start with one line naming it.
 */
import * as path from 'node:path';
import { ConfigError } from '../../api/src/config/config-error';
import { loadApiConfig, type ApiConfig } from '../../api/src/config/api-config';
import { EnvReader, type Env } from '../../api/src/config/env-reader';

export interface LauncherConfig {
  /** The API's settings; databaseUrl/temporal.address are filled in once the embedded parts run. */
  api: ApiConfig;
  /** Given by the operator: use this Postgres and start none. */
  externalDatabaseUrl?: string;
  /** Given by the operator: use this Temporal and start no engine. */
  externalTemporalAddress?: string;
  enginePort: number;
  gongkaiHome: string;
}

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
  problems.push(...read.problems);
  if (problems.length || !api) throw new ConfigError(problems);
  return {
    api,
    externalDatabaseUrl: env.DATABASE_URL || undefined,
    externalTemporalAddress: env.TEMPORAL_ADDRESS || undefined,
    enginePort,
    gongkaiHome: path.resolve(cwd, api.gongkaiHome),
  };
}
