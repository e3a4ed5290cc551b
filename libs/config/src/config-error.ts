/**
 * A configuration value a process cannot start with. `message` is one line that
 * names every bad variable, so a launcher can print it as-is and exit 1.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(readonly problems: readonly string[]) {
    super(`配置错误: ${problems.join('；')}`);
  }
}
