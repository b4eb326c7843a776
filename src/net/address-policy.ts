/**
 * Which IP addresses newsbot may connect to when it fetches a page: public unicast addresses only. Everything that
 * reaches this machine, the local network, the provider's network or a cloud metadata service is refused, in IPv4 and
 * IPv6 alike, including IPv6 forms that carry an IPv4 address (IPv4-mapped, NAT64, 6to4).
 */
import { isIPv4, isIPv6 } from 'node:net';

export type AddressKind =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link_local'
  | 'unique_local'
  | 'cgnat'
  | 'multicast'
  | 'unspecified'
  | 'metadata'
  | 'reserved'
  | 'invalid';

interface Range {
  readonly base: bigint;
  readonly bits: number;
  readonly kind: AddressKind;
}

function v4(text: string): bigint {
  return text.split('.').reduce((value, part) => (value << 8n) | BigInt(Number(part)), 0n);
}

function range4(cidr: string, kind: AddressKind): Range {
  const [base = '', bits = '32'] = cidr.split('/');
  return { base: v4(base), bits: Number(bits), kind };
}

/** The first matching range wins, so the narrow ranges come before the wide ones that contain them. */
const IPV4_RANGES: readonly Range[] = [
  range4('169.254.169.254/32', 'metadata'), // AWS, GCP, Azure, OpenStack…
  range4('100.100.100.200/32', 'metadata'), // Alibaba Cloud
  range4('0.0.0.0/8', 'unspecified'),
  range4('10.0.0.0/8', 'private'),
  range4('100.64.0.0/10', 'cgnat'),
  range4('127.0.0.0/8', 'loopback'),
  range4('169.254.0.0/16', 'link_local'),
  range4('172.16.0.0/12', 'private'),
  range4('192.0.0.0/24', 'reserved'), // IETF protocol assignments (includes 192.0.0.192, Oracle's metadata)
  range4('192.0.2.0/24', 'reserved'), // documentation
  range4('192.88.99.0/24', 'reserved'), // 6to4 relay anycast
  range4('192.168.0.0/16', 'private'),
  range4('198.18.0.0/15', 'reserved'), // benchmarking
  range4('198.51.100.0/24', 'reserved'), // documentation
  range4('203.0.113.0/24', 'reserved'), // documentation
  range4('224.0.0.0/4', 'multicast'),
  range4('240.0.0.0/4', 'reserved'), // future use and the broadcast address
];

function inRange(value: bigint, width: number, range: Range): boolean {
  const shift = BigInt(width - range.bits);
  return value >> shift === range.base >> shift;
}

function classify4(value: bigint): AddressKind {
  return IPV4_RANGES.find((range) => inRange(value, 32, range))?.kind ?? 'public';
}

/** The 128-bit value of a valid IPv6 address (a trailing dotted IPv4 part allowed). */
function v6(text: string): bigint {
  let address = text;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (dotted?.[1] !== undefined) {
    const value = v4(dotted[1]);
    address = `${address.slice(0, -dotted[1].length)}${(value >> 16n).toString(16)}:${(value & 0xffffn).toString(16)}`;
  }
  const [head = '', tail] = address.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...tailGroups];
  return groups.reduce((value, group) => (value << 16n) | BigInt(parseInt(group, 16)), 0n);
}

function range6(cidr: string, kind: AddressKind): Range {
  const [base = '', bits = '128'] = cidr.split('/');
  return { base: v6(base), bits: Number(bits), kind };
}

const IPV6_METADATA = [range6('fd00:ec2::254/128', 'metadata')]; // AWS over IPv6
const IPV6_RANGES: readonly Range[] = [
  range6('::/128', 'unspecified'),
  range6('::1/128', 'loopback'),
  range6('::/96', 'reserved'), // deprecated IPv4-compatible addresses
  range6('64:ff9b:1::/48', 'private'), // local-use NAT64
  range6('100::/64', 'reserved'), // discard-only
  range6('2001::/23', 'reserved'), // IETF protocol assignments: Teredo, ORCHID, benchmarking…
  range6('2001:db8::/32', 'reserved'), // documentation
  range6('3fff::/20', 'reserved'), // documentation
  range6('5f00::/16', 'reserved'), // segment routing
  range6('fc00::/7', 'unique_local'),
  range6('fe80::/10', 'link_local'),
  range6('fec0::/10', 'private'), // deprecated site-local
  range6('ff00::/8', 'multicast'),
];
const IPV6_GLOBAL_UNICAST = range6('2000::/3', 'public');
const IPV4_MAPPED = range6('::ffff:0:0/96', 'public');
const NAT64 = range6('64:ff9b::/96', 'public');
const SIX_TO_FOUR = range6('2002::/16', 'public');

function classify6(value: bigint): AddressKind {
  // Forms that carry an IPv4 address reach that address: they are judged by it.
  if (inRange(value, 128, IPV4_MAPPED) || inRange(value, 128, NAT64)) return classify4(value & 0xffffffffn);
  if (inRange(value, 128, SIX_TO_FOUR)) return classify4((value >> 80n) & 0xffffffffn);
  const special = [...IPV6_METADATA, ...IPV6_RANGES].find((range) => inRange(value, 128, range));
  if (special !== undefined) return special.kind;
  // Anything outside global unicast is unassigned or special today.
  return inRange(value, 128, IPV6_GLOBAL_UNICAST) ? 'public' : 'reserved';
}

/** What kind of address an IP literal is (brackets around IPv6 allowed); `invalid` when it is not an IP address. */
export function classifyAddress(address: string): AddressKind {
  const text = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  if (isIPv4(text)) return classify4(v4(text));
  if (isIPv6(text) && !text.includes('%')) return classify6(v6(text.toLowerCase()));
  return 'invalid';
}

/**
 * Whether newsbot may connect to the address. `allowLoopback` (for tests against a local server) lets loopback
 * addresses (127.0.0.0/8, ::1 and their IPv4-mapped forms) through and nothing else that is not public.
 */
export function isAllowedAddress(address: string, options: { allowLoopback?: boolean } = {}): boolean {
  const kind = classifyAddress(address);
  return kind === 'public' || (kind === 'loopback' && options.allowLoopback === true);
}
