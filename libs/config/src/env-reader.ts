import { isIP } from 'node:net';

/**
 * Reads typed values out of an environment map and collects one readable
 * problem per bad variable instead of stopping at the first, so a misconfigured
 * deployment is fixed in one round.
 *
 * An unset or blank variable takes its default. Values that may carry secrets
 * (connection strings) are shown redacted in messages.
 */
export type Env = Readonly<Record<string, string | undefined>>;

export class EnvReader {
  readonly problems: string[] = [];

  constructor(private readonly env: Env) {}

  raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value ? value : undefined;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const parsed = /^\d+$/.test(value) ? Number(value) : NaN;
    if (Number.isSafeInteger(parsed) && parsed >= min && parsed <= max) return parsed;
    return this.fail(`${name} 必须是 ${min}–${max} 的整数（当前值 ${quote(value)}）`, fallback);
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const lower = value.toLowerCase() as T;
    if (allowed.includes(lower)) return lower;
    return this.fail(`${name} 必须是 ${allowed.join('、')} 之一（当前值 ${quote(value)}）`, fallback);
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.raw(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (['true', '1', 'yes', 'on'].includes(value)) return true;
    if (['false', '0', 'no', 'off'].includes(value)) return false;
    return this.fail(`${name} 必须是 true 或 false（当前值 ${quote(value)}）`, fallback);
  }

  /** A decimal share in (0, 1], e.g. `0.5`. */
  fraction(name: string, fallback: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const parsed = /^(?:\d+(?:\.\d+)?|\.\d+)$/.test(value) ? Number(value) : NaN;
    if (parsed > 0 && parsed <= 1) return parsed;
    return this.fail(`${name} 必须是大于 0、不超过 1 的小数，例如 0.5（当前值 ${quote(value)}）`, fallback);
  }

  /** A host name, IPv4 or IPv6 address to bind or connect to. */
  host(name: string, fallback: string): string {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (/^[A-Za-z0-9._:-]+$/.test(value)) return value;
    return this.fail(`${name} 必须是主机名或 IP 地址（当前值 ${quote(value)}）`, fallback);
  }

  /** `host:port` (IPv6 as `[::1]:7233`), as gRPC and the Temporal CLI take it. */
  hostPort(name: string, fallback: string): string {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const match = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+):(\d{1,5})$/.exec(value);
    const port = match ? Number(match[2]) : 0;
    if (match && port >= 1 && port <= 65535) return value;
    return this.fail(`${name} 必须是 主机:端口 形式，例如 127.0.0.1:7233（当前值 ${quote(value)}）`, fallback);
  }

  /** A PostgreSQL connection string; `example` is shown when it is missing. */
  postgresUrl(name: string, example: string): string {
    if (this.raw(name) === undefined) return this.fail(`${name} 未设置：需要 PostgreSQL 连接串，例如 ${example}`, '');
    return this.optionalPostgresUrl(name) ?? '';
  }

  /** A PostgreSQL connection string, or undefined when unset (the caller has a default, or needs none yet). */
  optionalPostgresUrl(name: string): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
    if (url && (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname) return value;
    return this.fail(
      `${name} 必须是 postgres:// 或 postgresql:// 开头、带主机名的连接串（当前值 ${quote(redactUrl(value))}）`,
      undefined,
    );
  }

  /** An http(s) URL, or undefined when unset. */
  httpUrl(name: string): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
    if (url && (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname) return value;
    return this.fail(`${name} 必须是 http:// 或 https:// 开头的地址（当前值 ${quote(redactUrl(value))}）`, undefined);
  }

  /** Comma-separated IP addresses and CIDR networks (`10.0.0.5, 192.168.1.0/24, fd00::/8`); empty when unset. */
  addressList(name: string): string[] {
    const entries = (this.raw(name) ?? '').split(',').map((e) => e.trim()).filter((e) => e !== '');
    const bad = entries.filter((e) => !isAddressOrNetwork(e));
    if (bad.length === 0) return entries;
    return this.fail(`${name} 必须是逗号分隔的 IP 地址或 CIDR 网段，例如 10.0.0.5,192.168.1.0/24（无效：${bad.map(quote).join('、')}）`, []);
  }

  /** A namespace-like identifier: letters, digits, `.`, `_`, `-`. */
  identifier(name: string, fallback: string): string {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (/^[A-Za-z0-9._-]{1,255}$/.test(value)) return value;
    return this.fail(`${name} 只能包含字母、数字、点、下划线和连字符（当前值 ${quote(value)}）`, fallback);
  }

  fail<T>(problem: string, placeholder: T): T {
    this.problems.push(problem);
    return placeholder;
  }
}

function isAddressOrNetwork(entry: string): boolean {
  const [address, prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

function quote(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
}

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`. */
export function redactUrl(value: string): string {
  return value.replace(/(\/\/[^/:@]*:)[^@/]*@/, '$1***@');
}
