/**
 * The one place gongkai reads `process.env` (lint-enforced: eslint.config.mjs).
 * Everything else takes an `Env` it is handed, so tests pass their own.
 */
import type { Env } from './env-reader';

/** This process's environment, for a `load…Config(env)` at start. */
export function readProcessEnv(): Env {
  return process.env;
}

/** The environment for a child process: this process's own, with `overrides` on top. */
export function childProcessEnv(overrides: Env = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}
