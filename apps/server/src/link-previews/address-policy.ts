import { BlockList, isIP } from 'node:net';

// Which addresses the server may connect to on a person's behalf (bookmark previews): public
// unicast only. Everything that reaches the server's own machine, its private network, or a
// special-purpose range is refused, in IPv4 and IPv6 alike (SSRF: a link must never be a way to
// read http://169.254.169.254/ or an internal admin port).

const REFUSED_V4: readonly [string, number][] = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata services live here)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and 255.255.255.255 broadcast
];

const REFUSED_V6: readonly [string, number][] = [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  // IPv4-compatible (::a.b.c.d), deprecated. IPv4-mapped (::ffff:a.b.c.d) is refused apart (below).
  ['::', 96],
  ['64:ff9b::', 96], // NAT64: reaches whatever IPv4 address is embedded
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard-only
  ['2001::', 23], // IETF protocol assignments (Teredo 2001::/32 included)
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4: embeds an IPv4 address
  ['fc00::', 7], // unique local (private)
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
];

const LOOPBACK_V4: [string, number] = ['127.0.0.0', 8];

export interface AddressPolicyOptions {
  // Test suites only: lets a fetcher reach the test's own servers on 127.0.0.1 / ::1 so that its
  // other limits (redirects, size, time) can be tested. Never set from configuration.
  allowLoopback?: boolean;
}

export class AddressPolicy {
  private readonly refused = new BlockList();
  // IPv4-mapped IPv6 (::ffff:a.b.c.d, in any spelling): an IPv4 address in IPv6 clothes, refused
  // outright — a public site has no reason to publish one. Kept apart because BlockList matches
  // every IPv4 address against an IPv6 rule for the mapped range.
  private readonly mapped = new BlockList();

  constructor(options: AddressPolicyOptions = {}) {
    this.mapped.addSubnet('::ffff:0:0', 96, 'ipv6');
    for (const [net, prefix] of REFUSED_V4) {
      if (options.allowLoopback && net === LOOPBACK_V4[0]) continue;
      this.refused.addSubnet(net, prefix, 'ipv4');
    }
    for (const [net, prefix] of REFUSED_V6) {
      if (options.allowLoopback && net === '::1') continue;
      this.refused.addSubnet(net, prefix, 'ipv6');
    }
  }

  /** True when the server may connect to this IP address (a literal, not a host name). */
  allows(address: string): boolean {
    const family = isIP(address);
    if (family === 0) return false;
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (type === 'ipv6' && this.mapped.check(address, 'ipv6')) return false;
    return !this.refused.check(address, type);
  }
}
