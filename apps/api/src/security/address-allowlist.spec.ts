import { AddressAllowlist } from './address-allowlist';

describe('AddressAllowlist', () => {
  const allow = new AddressAllowlist(['10.0.0.5', '192.168.10.0/24', 'fd00::/8']);

  it('matches single addresses and networks of both families', () => {
    expect(allow.has('10.0.0.5')).toBe(true);
    expect(allow.has('192.168.10.77')).toBe(true);
    expect(allow.has('fd12:3456::1')).toBe(true);
  });

  it('matches an IPv4-mapped IPv6 caller against IPv4 entries', () => {
    expect(allow.has('::ffff:10.0.0.5')).toBe(true);
    expect(allow.has('::ffff:192.168.10.1')).toBe(true);
  });

  it('refuses everything else, including non-addresses', () => {
    expect(allow.has('10.0.0.6')).toBe(false);
    expect(allow.has('192.168.11.1')).toBe(false);
    expect(allow.has('2001:db8::1')).toBe(false);
    expect(allow.has('')).toBe(false);
    expect(allow.has('portal')).toBe(false);
    expect(new AddressAllowlist([]).has('10.0.0.5')).toBe(false);
  });
});
