/**
 * The command-line tools: `npm run calendar`, `npm run typeorm` (DATABASE_URL
 * only, needed by some commands) and `npm run token`.
 */
import * as path from 'node:path';
import { MIN_AUTH_SECRET_LENGTH } from './api-config';
import { ConfigError } from './config-error';
import { EnvReader, type Env } from './env-reader';

export interface DatabaseCliConfig {
  /** DATABASE_URL, validated when set; a command that needs it says so when it is not. */
  databaseUrl?: string;
}

export function loadDatabaseCliConfig(env: Env): DatabaseCliConfig {
  const read = new EnvReader(env);
  const databaseUrl = read.optionalPostgresUrl('DATABASE_URL');
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return databaseUrl !== undefined ? { databaseUrl } : {};
}

export interface TokenCliConfig extends DatabaseCliConfig {
  /** Absolute GONGKAI_HOME, where the embedded default keeps its token secret. */
  gongkaiHome: string;
  /** AUTH_JWKS_URL is set: tokens come from the government SSO, not from this tool. */
  jwksConfigured: boolean;
  /** AUTH_JWT_SECRET, when set; else the secret kept in GONGKAI_HOME/auth-secret. */
  jwtSecret?: string;
}

export function loadTokenCliConfig(env: Env, cwd = process.cwd()): TokenCliConfig {
  const read = new EnvReader(env);
  const databaseUrl = read.optionalPostgresUrl('DATABASE_URL');
  const jwtSecret = read.raw('AUTH_JWT_SECRET');
  if (jwtSecret !== undefined && jwtSecret.length < MIN_AUTH_SECRET_LENGTH) {
    read.fail(`AUTH_JWT_SECRET 至少需要 ${MIN_AUTH_SECRET_LENGTH} 个字符（当前 ${jwtSecret.length} 个）`, undefined);
  }
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return {
    ...(databaseUrl !== undefined ? { databaseUrl } : {}),
    gongkaiHome: path.resolve(cwd, read.raw('GONGKAI_HOME') ?? '.gongkai'),
    jwksConfigured: read.raw('AUTH_JWKS_URL') !== undefined,
    ...(jwtSecret !== undefined ? { jwtSecret } : {}),
  };
}

export interface PasswordCliConfig extends DatabaseCliConfig {
  /** Absolute GONGKAI_HOME: without DATABASE_URL the tool finds the running embedded PostgreSQL there. */
  gongkaiHome: string;
}

/** `npm run password`: DATABASE_URL, or the embedded database of a running `npm start` in GONGKAI_HOME. */
export function loadPasswordCliConfig(env: Env, cwd = process.cwd()): PasswordCliConfig {
  const read = new EnvReader(env);
  const databaseUrl = read.optionalPostgresUrl('DATABASE_URL');
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return { ...(databaseUrl !== undefined ? { databaseUrl } : {}), gongkaiHome: path.resolve(cwd, read.raw('GONGKAI_HOME') ?? '.gongkai') };
}
