/**
 * Which addresses may reach the host over the intranet: a list of IPv4 subnets in CIDR form
 * ("10.12.0.0/16", "192.168.1.20/32" or a bare address). Loopback is always let in (the host's own
 * browser); IPv6 peers other than loopback are refused (an intranet desk reaches the host over IPv4).
 * With no list set, the host allows its own subnets: the networks its interfaces are on — a district
 * office's LAN — and nothing routed from beyond them.
 */
import os from 'node:os';

export interface Cidr {
  readonly text: string;
  readonly base: number;
  readonly bits: number;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** An IPv4 address as an unsigned 32-bit number, or null. */
export function ipv4ToNumber(address: string): number | null {
  const m = IPV4.exec(address);
  if (!m) return null;
  let n = 0;
  for (let i = 1; i <= 4; i += 1) {
    const part = Number(m[i]);
    if (part > 255 || (m[i]!.length > 1 && m[i]!.startsWith('0'))) return null;
    n = n * 256 + part;
  }
  return n;
}

const maskOf = (bits: number): number => (bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0);

/** One CIDR entry, or a message naming what is wrong with it. */
export function parseCidr(text: string): Cidr | string {
  const trimmed = text.trim();
  const [addr, bitsText, extra] = trimmed.split('/');
  if (extra !== undefined || !addr) return `「${trimmed.slice(0, 60)}」不是 IPv4 地址或网段（例：192.168.1.0/24）`;
  const ip = ipv4ToNumber(addr);
  const bits = bitsText === undefined ? 32 : /^\d{1,2}$/.test(bitsText) ? Number(bitsText) : NaN;
  if (ip === null || !(bits >= 0 && bits <= 32)) return `「${trimmed.slice(0, 60)}」不是 IPv4 地址或网段（例：192.168.1.0/24）`;
  const base = (ip & maskOf(bits)) >>> 0;
  return { text: `${numberToIpv4(base)}/${bits}`, base, bits };
}

export function numberToIpv4(n: number): string {
  return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
}

/** Parses a whole list; every problem is named (nothing is saved while one remains). */
export function parseAllowList(lines: readonly string[]): { entries: Cidr[]; problems: string[] } {
  const entries: Cidr[] = [];
  const problems: string[] = [];
  for (const line of lines) {
    if (line.trim() === '') continue;
    const parsed = parseCidr(line);
    if (typeof parsed === 'string') problems.push(parsed);
    else if (!entries.some((e) => e.text === parsed.text)) entries.push(parsed);
  }
  return { entries, problems };
}

/** The peer address as the allow-list and the logs name it: IPv4-mapped IPv6 ("::ffff:10.0.0.5") as IPv4. */
export function normalizeAddress(address: string | undefined): string {
  if (!address) return 'unknown';
  const lower = address.toLowerCase();
  return lower.startsWith('::ffff:') && IPV4.test(lower.slice(7)) ? lower.slice(7) : lower;
}

export function isLoopback(address: string | undefined): boolean {
  const a = normalizeAddress(address);
  if (a === '::1') return true;
  const n = ipv4ToNumber(a);
  return n !== null && n >>> 24 === 127;
}

/** Whether a peer may connect: loopback always; an IPv4 address inside one of the entries. */
export function isAllowed(address: string | undefined, entries: readonly Cidr[]): boolean {
  if (isLoopback(address)) return true;
  const n = ipv4ToNumber(normalizeAddress(address));
  if (n === null) return false;
  return entries.some((e) => ((n & maskOf(e.bits)) >>> 0) === e.base);
}

type Interfaces = ReturnType<typeof os.networkInterfaces>;

/** The IPv4 subnets this PC's own interfaces are on (loopback left out): the default allow-list. */
export function ownSubnets(interfaces: Interfaces = os.networkInterfaces()): Cidr[] {
  const out: Cidr[] = [];
  for (const list of Object.values(interfaces)) {
    for (const iface of list ?? []) {
      if (iface.family !== 'IPv4' || iface.internal) continue;
      const cidr = iface.cidr ? parseCidr(iface.cidr) : null;
      if (cidr && typeof cidr !== 'string' && !out.some((e) => e.text === cidr.text)) out.push(cidr);
    }
  }
  return out;
}

/** This PC's IPv4 addresses on the intranet (for the addresses a desk can open). */
export function ownAddresses(interfaces: Interfaces = os.networkInterfaces()): string[] {
  const out: string[] = [];
  for (const list of Object.values(interfaces)) for (const iface of list ?? []) if (iface.family === 'IPv4' && !iface.internal) out.push(iface.address);
  return out;
}
