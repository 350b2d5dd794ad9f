import { describe, expect, it } from 'vitest';
import {
  adoptApiKey,
  generateApiKey,
  hashSecret,
  parseApiKey,
  secretMatches,
} from '../../shared/identity/api-key-secret';

describe('API key secrets', () => {
  it('generates keys that parse back into id and secret', () => {
    const key = generateApiKey();
    expect(key.apiKey).toMatch(/^odk_[a-z0-9]{20}_[A-Za-z0-9_-]{43}$/);
    expect(parseApiKey(key.apiKey)).toEqual({ keyId: key.keyId, secret: key.secret });
    expect(key.secretHash).toBe(hashSecret(key.secret));
    expect(key.secretHash).not.toContain(key.secret);
  });

  it('keeps secrets containing underscores intact', () => {
    const secret = `${'_'.repeat(3)}${'a'.repeat(40)}`;
    expect(parseApiKey(`odk_${'b'.repeat(20)}_${secret}`)).toEqual({ keyId: 'b'.repeat(20), secret });
  });

  it('rejects anything not shaped like a key', () => {
    for (const value of [
      '',
      'odk',
      'odk__',
      'abc_12345678901234567890_x',
      `odk_${'A'.repeat(20)}_${'a'.repeat(43)}`,
      `odk_${'a'.repeat(20)}_short`,
    ]) {
      expect(parseApiKey(value)).toBeNull();
    }
  });

  it('compares secrets against the stored digest', () => {
    const key = generateApiKey();
    expect(secretMatches(key.secret, key.secretHash)).toBe(true);
    expect(secretMatches(`${key.secret.slice(1)}x`, key.secretHash)).toBe(false);
    expect(secretMatches(key.secret, 'abcd')).toBe(false);
  });

  it('adopts an operator-chosen key only when it is well formed', () => {
    const key = generateApiKey();
    expect(adoptApiKey(key.apiKey)).toEqual({ keyId: key.keyId, secretHash: key.secretHash });
    expect(adoptApiKey('letmein')).toBeNull();
  });
});
