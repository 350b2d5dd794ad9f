import type { DestinationKind } from '../platform/platform-vocabulary';
import { BlockList, isIPv4, isIPv6 } from 'node:net';

/**
 * Destination addresses, checked per kind before they are declared (pure; no DNS). A declared
 * destination is where a DLQ redrive may send a tenant's events, so an address must be what its
 * kind says it is and never point inside the network Opsdeck runs in. Resolving host names and
 * checking the resolved addresses comes with alert webhooks.
 */

export type AddressCheck = { ok: true; address: string } | { ok: false; problem: string };

const REGION = '[a-z]{2}(?:-[a-z]+)+-\\d{1,2}';
const SQS_HOST = new RegExp(`^sqs\\.${REGION}\\.amazonaws\\.com$`);
const SQS_PATH = /^\/\d{12}\/(?:[A-Za-z0-9_-]{1,75}\.fifo|[A-Za-z0-9_-]{1,80})$/;
/** The emulator's queue paths: `/<account>/<queue name>`. */
const LOOPBACK_SQS_PATH = /^\/[A-Za-z0-9]{1,64}\/(?:[A-Za-z0-9_-]{1,75}\.fifo|[A-Za-z0-9_-]{1,80})$/;
const EVENT_BUS_ARN = new RegExp(
  `^arn:aws(?:-cn|-us-gov)?:events:${REGION}:\\d{12}:event-bus/[A-Za-z0-9._/-]{1,256}$`,
);

/** Host names that reach cloud instance metadata services. */
const METADATA_HOSTS = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
]);

const loopbackRanges = new BlockList();
loopbackRanges.addSubnet('127.0.0.0', 8, 'ipv4');
loopbackRanges.addAddress('::1', 'ipv6');

/** Private, shared, link-local (cloud metadata), multicast, documentation and reserved ranges. */
const forbiddenRanges = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  forbiddenRanges.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  forbiddenRanges.addSubnet(network, prefix, 'ipv6');
}

/** The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:7f00:1` → `127.0.0.1`). */
function mappedIpv4(address: string): string | null {
  const match = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!match) return /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] ?? null;
  const high = parseInt(match[1]!, 16);
  const low = parseInt(match[2]!, 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

type HostClass = 'loopback' | 'forbidden' | 'public';

/** Classifies a URL's host name (as `URL` normalises it: dotted IPv4, bracketed IPv6, lower case). */
export function classifyHost(hostname: string): HostClass {
  const host = hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return 'loopback';
  if (METADATA_HOSTS.has(host)) return 'forbidden';
  const ipv4 = isIPv4(host) ? host : isIPv6(host) ? mappedIpv4(host) : null;
  if (ipv4) {
    if (loopbackRanges.check(ipv4, 'ipv4')) return 'loopback';
    return forbiddenRanges.check(ipv4, 'ipv4') ? 'forbidden' : 'public';
  }
  if (isIPv6(host)) {
    if (loopbackRanges.check(host, 'ipv6')) return 'loopback';
    return forbiddenRanges.check(host, 'ipv6') ? 'forbidden' : 'public';
  }
  return 'public';
}

function parseUrl(address: string): URL | null {
  try {
    return new URL(address);
  } catch {
    return null;
  }
}

/**
 * The canonical form of an address, used to store it and to look it up, or null when it is not
 * even shaped like its kind (URLs parsed and re-serialised; ARNs as given).
 */
export function normalizeDestinationAddress(kind: DestinationKind, address: string): string | null {
  if (address.trim() !== address || address.length === 0 || address.length > 2048) return null;
  if (kind === 'eventbridge') return address;
  const url = parseUrl(address);
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) return null;
  if (kind === 'sqs') return `${url.protocol}//${url.host}${url.pathname}`;
  return url.href;
}

/**
 * Checks an address for its kind: sqs — an SQS queue URL (`https://sqs.<region>.amazonaws.com/
 * <account>/<queue>`); eventbridge — an event bus ARN; http — an https URL whose host is no
 * private, link-local or metadata address. Loopback URLs (http or https) are accepted for sqs and
 * http only when `allowLoopback` is set (the local stack).
 */
export function checkDestinationAddress(
  kind: DestinationKind,
  address: string,
  options: { allowLoopback: boolean },
): AddressCheck {
  const normalized = normalizeDestinationAddress(kind, address);
  if (kind === 'eventbridge') {
    return normalized && EVENT_BUS_ARN.test(normalized)
      ? { ok: true, address: normalized }
      : {
          ok: false,
          problem: 'must be an event bus ARN (arn:aws:events:<region>:<account>:event-bus/<name>)',
        };
  }
  const url = parseUrl(address);
  if (!normalized || !url) return { ok: false, problem: 'must be an http(s) URL' };
  if (url.username || url.password) return { ok: false, problem: 'must not carry credentials' };
  if (url.hash) return { ok: false, problem: 'must not have a fragment' };
  const host = classifyHost(url.hostname);
  if (host === 'loopback') {
    if (!options.allowLoopback) return { ok: false, problem: 'must not be a loopback address' };
    if (kind === 'sqs' && (url.search || !LOOPBACK_SQS_PATH.test(url.pathname))) {
      return { ok: false, problem: 'must be a queue URL (http://127.0.0.1:<port>/<account>/<queue>)' };
    }
    return { ok: true, address: normalized };
  }
  if (kind === 'sqs') {
    const isQueueUrl =
      url.protocol === 'https:' &&
      url.port === '' &&
      !url.search &&
      SQS_HOST.test(url.hostname) &&
      SQS_PATH.test(url.pathname);
    return isQueueUrl
      ? { ok: true, address: normalized }
      : {
          ok: false,
          problem: 'must be an SQS queue URL (https://sqs.<region>.amazonaws.com/<account>/<queue>)',
        };
  }
  if (url.protocol !== 'https:') return { ok: false, problem: 'must be an https URL' };
  if (host === 'forbidden') {
    return { ok: false, problem: 'must not point at a private, link-local or metadata address' };
  }
  return { ok: true, address: normalized };
}
