import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import {
  generateWebhookSecret,
  signWebhookPayload,
  verifyWebhookSignature,
  webhookHeaders,
} from '../../shared/alerts/webhook-signature';

/** An independent reading of Standard Webhooks 1.0, written from the spec for this test. */
function handVerify(secret: string, headers: Record<string, string>, body: string): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const content = `${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`;
  const expected = createHmac('sha256', key).update(content, 'utf8').digest('base64');
  return headers['webhook-signature']!.split(' ').some((part) => {
    const [version, signature] = part.split(',');
    return version === 'v1' && signature === expected;
  });
}

describe('webhook signing', () => {
  const body = JSON.stringify({ alert_id: 'A1', title: 'Ünïcode ✓', details: { n: 1 } });
  const now = Math.floor(Date.now() / 1000);

  it('generates whsec_ secrets of 32 random bytes', () => {
    const first = generateWebhookSecret();
    expect(first).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(first.slice(6), 'base64')).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(first);
  });

  it('is accepted by the standardwebhooks library and by a hand-written verifier', () => {
    const secret = generateWebhookSecret();
    const headers = webhookHeaders([secret], 'msg_1', now, body);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(handVerify(secret, headers, body)).toBe(true);
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
  });

  it('matches the library signature byte for byte', () => {
    const secret = generateWebhookSecret();
    expect(signWebhookPayload(secret, 'msg_2', now, body)).toBe(
      new Webhook(secret).sign('msg_2', new Date(now * 1000), body),
    );
  });

  it('signs with every secret during a rotation; each side verifies', () => {
    const [oldSecret, newSecret] = [generateWebhookSecret(), generateWebhookSecret()];
    const headers = webhookHeaders([newSecret, oldSecret], 'msg_3', now, body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    for (const secret of [oldSecret, newSecret]) {
      expect(() => new Webhook(secret).verify(body, headers)).not.toThrow();
      expect(handVerify(secret, headers, body)).toBe(true);
    }
    expect(() => new Webhook(generateWebhookSecret()).verify(body, headers)).toThrow();
  });

  it('fails verification for a tampered body, id or timestamp, and outside the tolerance', () => {
    const secret = generateWebhookSecret();
    const headers = webhookHeaders([secret], 'msg_4', now, body);
    const parts = {
      id: headers['webhook-id'],
      timestamp: headers['webhook-timestamp'],
      signature: headers['webhook-signature'],
    };
    expect(verifyWebhookSignature(secret, parts, body)).toBe(true);
    expect(verifyWebhookSignature(secret, parts, `${body} `)).toBe(false);
    expect(verifyWebhookSignature(secret, { ...parts, id: 'msg_5' }, body)).toBe(false);
    expect(verifyWebhookSignature(secret, { ...parts, timestamp: String(now + 1) }, body)).toBe(false);
    expect(verifyWebhookSignature(secret, parts, body, { now: (now + 301) * 1000 })).toBe(false);
    expect(handVerify(secret, { ...headers, 'webhook-id': 'other' }, body)).toBe(false);
  });

  it('refuses to sign without a secret', () => {
    expect(() => webhookHeaders([], 'msg_6', now, body)).toThrow(/secret/);
  });
});
