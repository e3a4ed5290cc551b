import { BlockList, isIP } from 'node:net';

/**
 * The addresses exempt from rate limits (RATE_LIMIT_ALLOWLIST): single IPs
 * and CIDR networks, already validated by the config. Node's BlockList also
 * matches an IPv4-mapped IPv6 caller (`::ffff:10.0.0.5`, what a server bound
 * to `::` sees) against IPv4 entries.
 */
export class AddressAllowlist {
  private readonly list = new BlockList();
  private readonly empty: boolean;

  constructor(entries: readonly string[]) {
    this.empty = entries.length === 0;
    for (const entry of entries) {
      const [address, prefix] = entry.split('/');
      const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
      if (prefix === undefined) this.list.addAddress(address, type);
      else this.list.addSubnet(address, Number(prefix), type);
    }
  }

  has(ip: string): boolean {
    if (this.empty) return false;
    const family = isIP(ip);
    return family !== 0 && this.list.check(ip, family === 6 ? 'ipv6' : 'ipv4');
  }
}
