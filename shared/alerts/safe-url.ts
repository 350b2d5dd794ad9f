import { lookup as dnsLookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

/**
 * SSRF-safe webhook URLs. A webhook URL is typed by a tenant and then fetched from inside
 * Opsdeck's network, so before every save and every send it must point to the public internet
 * only: https (plain http only for hosts on an explicit allow-list), no user-info, and a host
 * whose every address — the literal one, or every address its name resolves to — is public
 * unicast. WHATWG URL parsing first normalises the spellings attackers use (decimal `2852039166`,
 * octal `0251.0376.0251.0376`, hex `0xa9fea9fe`, short `127.1`), and ipaddr.js then classifies the
 * address; IPv4-mapped, IPv4-compatible, NAT64, 6to4 and Teredo IPv6 forms, which embed an IPv4
 * address, are refused outright. The sender then connects to the address checked here
 * (webhook-sender.ts), so a DNS answer that changes between check and connect cannot redirect it.
 */

export type AddressClass = 'public' | 'loopback' | 'forbidden';

/** The ranges ipaddr.js names that are public unicast; everything else is not the internet. */
const PUBLIC_RANGE = 'unicast';
/** IPv4-compatible IPv6 (::a.b.c.d, deprecated) is "unicast" to ipaddr.js but embeds IPv4. */
const IPV4_COMPATIBLE = ipaddr.parseCIDR('::/96');

/** Classifies one IP address (IPv4 dotted quad or IPv6, without brackets). */
export function classifyAddress(address: string): AddressClass {
  if (!ipaddr.isValid(address)) return 'forbidden';
  const parsed = ipaddr.parse(address);
  const range = parsed.range();
  if (range === 'loopback') return 'loopback';
  if (parsed.kind() === 'ipv6') {
    const ipv6 = parsed as ipaddr.IPv6;
    if (ipv6.isIPv4MappedAddress()) {
      // ::ffff:127.0.0.1 is loopback (said so, for a clear message); any other mapped form is refused.
      return ipv6.toIPv4Address().range() === 'loopback' ? 'loopback' : 'forbidden';
    }
    if (ipv6.match(IPV4_COMPATIBLE)) return 'forbidden';
  }
  return range === PUBLIC_RANGE ? 'public' : 'forbidden';
}

/** Resolves a host name to every address it has (the injected resolver makes tests hermetic). */
export type HostResolver = (hostname: string) => Promise<{ address: string; family: 4 | 6 }[]>;

export const systemResolver: HostResolver = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((entry) => ({
    address: entry.address,
    family: entry.family === 6 ? 6 : 4,
  }));

export interface WebhookUrlPolicy {
  /** Host names (as the URL normalises them) that may use plain http and skip the address check. */
  readonly allowHttpHosts: readonly string[];
  readonly resolve?: HostResolver;
}

export type VettedWebhookUrl = {
  readonly ok: true;
  /** The normalised URL (WHATWG serialisation). */
  readonly url: string;
  /** The host name as the URL carries it (no brackets for IPv6). */
  readonly hostname: string;
  /** The address to connect to: checked here, used as is by the sender. */
  readonly address: string;
  readonly family: 4 | 6;
  readonly allowListed: boolean;
};
export type RejectedWebhookUrl = { readonly ok: false; readonly problem: string };
export type WebhookUrlCheck = VettedWebhookUrl | RejectedWebhookUrl;

const reject = (problem: string): RejectedWebhookUrl => ({ ok: false, problem });

/** The URL's host without IPv6 brackets. */
const bareHost = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

/**
 * Checks the parts of a webhook URL that need no DNS: scheme, user-info, host form. Returns the
 * parsed URL or the problem.
 */
export function parseWebhookUrl(
  raw: string,
  allowHttpHosts: readonly string[],
): { ok: true; url: URL; allowListed: boolean } | RejectedWebhookUrl {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return reject('must be an absolute URL');
  }
  const allowListed = allowHttpHosts.includes(url.hostname) || allowHttpHosts.includes(bareHost(url));
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && allowListed)) {
    return reject(
      url.protocol === 'http:'
        ? 'must use https (plain http only for allow-listed hosts)'
        : 'must be an https URL',
    );
  }
  if (url.username !== '' || url.password !== '') return reject('must not carry user-info (user:password@)');
  if (url.hostname === '') return reject('must name a host');
  return { ok: true, url, allowListed };
}

function describeForbidden(address: string, hostname: string, addressClass: AddressClass): string {
  const what =
    addressClass === 'loopback' ? 'a loopback address' : 'a private, reserved or non-public address';
  return address === hostname
    ? `must not point to ${what} (${address})`
    : `must not resolve to ${what} (${hostname} → ${address})`;
}

/**
 * Vets a webhook URL for saving or sending: the DNS-free checks, then every address of the host
 * must be public (allow-listed hosts skip the address check). The first acceptable address is
 * the one to connect to.
 */
export async function checkWebhookUrl(raw: string, policy: WebhookUrlPolicy): Promise<WebhookUrlCheck> {
  const parsed = parseWebhookUrl(raw, policy.allowHttpHosts);
  if (!parsed.ok) return parsed;
  const { url, allowListed } = parsed;
  const host = bareHost(url);
  let addresses: { address: string; family: 4 | 6 }[];
  if (ipaddr.isValid(host)) {
    addresses = [{ address: host, family: ipaddr.parse(host).kind() === 'ipv6' ? 6 : 4 }];
  } else {
    try {
      addresses = await (policy.resolve ?? systemResolver)(host);
    } catch {
      return reject(`host ${host} does not resolve`);
    }
    if (addresses.length === 0) return reject(`host ${host} does not resolve`);
  }
  if (!allowListed) {
    for (const { address } of addresses) {
      const addressClass = classifyAddress(address);
      if (addressClass !== 'public') return reject(describeForbidden(address, host, addressClass));
    }
  }
  const chosen = addresses[0]!;
  return {
    ok: true,
    url: url.toString(),
    hostname: host,
    address: chosen.address,
    family: chosen.family,
    allowListed,
  };
}
