import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys look like `odk_<key id>_<secret>`. The key id is public and indexes the stored record;
 * the secret is 32 random bytes, of which only a SHA-256 digest is stored. A fast digest is enough
 * because the secret carries 256 bits of entropy (nothing to brute-force, unlike a password).
 */
const PREFIX = 'odk';
const KEY_ID_PATTERN = /^[a-z0-9]{20}$/;
const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface ParsedApiKey {
  readonly keyId: string;
  readonly secret: string;
}

/** Creates a new key id and secret; the full key is shown to the caller once. */
export function generateApiKey(): { keyId: string; secret: string; apiKey: string; secretHash: string } {
  const keyId = randomBytes(16).toString('hex').slice(0, 20);
  const secret = randomBytes(32).toString('base64url');
  return { keyId, secret, apiKey: formatApiKey(keyId, secret), secretHash: hashSecret(secret) };
}

export const formatApiKey = (keyId: string, secret: string): string => `${PREFIX}_${keyId}_${secret}`;

/** Splits a presented key into id and secret, or returns null if it is not shaped like one. */
export function parseApiKey(presented: string): ParsedApiKey | null {
  const [prefix, keyId, ...rest] = presented.split('_');
  const secret = rest.join('_');
  if (prefix !== PREFIX || !keyId || !KEY_ID_PATTERN.test(keyId) || !SECRET_PATTERN.test(secret)) return null;
  return { keyId, secret };
}

export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/** Compares a presented secret with a stored digest in constant time. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

/** Builds a syntactically valid key from an operator-chosen value (OPSDECK_ADMIN_KEY), or null. */
export function adoptApiKey(value: string): { keyId: string; secretHash: string } | null {
  const parsed = parseApiKey(value);
  return parsed ? { keyId: parsed.keyId, secretHash: hashSecret(parsed.secret) } : null;
}
