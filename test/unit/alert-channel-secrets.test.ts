import { describe, expect, it } from 'vitest';
import { signingSecrets, toPublicChannel, type StoredChannel } from '../../shared/alerts/channel-repository';
import { buildAlertEmail } from '../../shared/alerts/email-sender';

const now = new Date('2026-11-28T12:00:00.000Z');
const webhook: StoredChannel = {
  channel_id: '01JD9V7N6F8Q0Z3M2W4X5Y6K7A',
  tenant_id: 'acme',
  channel_type: 'webhook',
  name: 'hook',
  enabled: true,
  disabled_reason: null,
  verified: false,
  verified_at: null,
  last_verification: null,
  url: 'https://hooks.example.com/',
  secrets: [
    { secret: 'whsec_new', created_at: '2026-11-28T11:00:00.000Z' },
    { secret: 'whsec_old', created_at: '2026-11-01T00:00:00.000Z', expires_at: '2026-11-28T13:00:00.000Z' },
  ],
  created_at: '2026-11-01T00:00:00.000Z',
  updated_at: '2026-11-28T11:00:00.000Z',
  created_by: 'admin',
};

describe('channel secrets', () => {
  it('signs with the current secret and a previous one only until it expires', () => {
    expect(signingSecrets(webhook, now)).toEqual(['whsec_new', 'whsec_old']);
    expect(signingSecrets(webhook, new Date('2026-11-28T13:00:00.000Z'))).toEqual(['whsec_new']);
  });

  it('never shows a secret in the public view, only when the rotation ends', () => {
    const view = toPublicChannel(webhook, now);
    expect(JSON.stringify(view)).not.toContain('whsec_');
    expect(view).not.toHaveProperty('secrets');
    expect(view.secret_rotation).toEqual({ previous_secret_expires_at: '2026-11-28T13:00:00.000Z' });
    expect(toPublicChannel(webhook, new Date('2026-11-29T00:00:00.000Z')).secret_rotation).toBeNull();
  });
});

describe('alert e-mail', () => {
  it('builds subject, text and escaped HTML from the payload', () => {
    const email = buildAlertEmail(
      {
        alert_id: 'A1',
        alert_type: 'ERROR_RATE_HIGH',
        tenant_id: 'acme',
        severity: 'CRITICAL',
        title: 'Errors <b>high</b>',
        message: 'triage & policy failing',
        timestamp: '2026-11-28T12:00:00.000Z',
        event: 'escalated',
        details: { error_rate: 0.12 },
      },
      'ntf_1',
    );
    expect(email.subject).toBe('[CRITICAL] Escalated: Errors <b>high</b>');
    expect(email.text).toContain('triage & policy failing');
    expect(email.text).toContain('Notification: ntf_1');
    expect(email.text).toContain('"error_rate": 0.12');
    expect(email.html).toContain('<h2>Errors &lt;b&gt;high&lt;/b&gt;</h2>');
    expect(email.html).toContain('triage &amp; policy failing');
    expect(email.html).not.toContain('<b>high</b>');
  });
});
