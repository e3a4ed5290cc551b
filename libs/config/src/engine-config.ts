/**
 * The standalone engine (`npm run engine`, libs/embedded-temporal/src/main.ts).
 * Kept apart from the API's section so the compiled engine pulls in no more
 * than the reader: it runs under plain node (see compiled-engine.ts).
 */
import * as path from 'node:path';
import { ConfigError } from './config-error';
import { EnvReader, type Env } from './env-reader';

export interface EngineConfig {
  /** Absolute GONGKAI_HOME: the embedded PostgreSQL and the engine's API key file live here. */
  gongkaiHome: string;
  /** DATABASE_URL: where engine state is kept unless --database-url says otherwise; unset = an embedded PostgreSQL. */
  databaseUrl?: string;
  /** GONGKAI_ENGINE_API_KEY: the key clients must send; unset = the one kept in GONGKAI_HOME/engine-api-key. */
  apiKey?: string;
  /** GONGKAI_ENGINE_PARENT_PID, set by engineCommand(): stop when this parent is gone. */
  parentPid?: number;
}

/** The engine's own variables; docs/configuration.md lists the same. */
export const ENGINE_ENV_VARS = [
  { name: 'GONGKAI_ENGINE_API_KEY', default: '（自动生成，存于 GONGKAI_HOME/engine-api-key）', meaning: '独立引擎要求客户端携带的 API 密钥' },
  { name: 'GONGKAI_ENGINE_PARENT_PID', default: '（不设）', meaning: '内部使用：父进程号，父进程退出后引擎自行停止' },
] as const;

export function loadEngineConfig(env: Env, cwd = process.cwd()): EngineConfig {
  const read = new EnvReader(env);
  const databaseUrl = read.optionalPostgresUrl('DATABASE_URL');
  const apiKey = read.raw('GONGKAI_ENGINE_API_KEY');
  const parentPid = read.integer('GONGKAI_ENGINE_PARENT_PID', 0, 0, 2 ** 31 - 1);
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return {
    gongkaiHome: path.resolve(cwd, read.raw('GONGKAI_HOME') ?? '.gongkai'),
    ...(databaseUrl !== undefined ? { databaseUrl } : {}),
    ...(apiKey !== undefined ? { apiKey } : {}),
    ...(parentPid > 0 ? { parentPid } : {}),
  };
}
