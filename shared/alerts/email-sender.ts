import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { sesClient } from '../aws/ses';
import type { AlertNotificationPayload } from './alert-contract';

/** The e-mail of one alert notification: subject, plain text and HTML built from the payload. */
export interface AlertEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

const EVENT_WORDS: Record<AlertNotificationPayload['event'], string> = {
  triggered: 'Triggered',
  renotify: 'Still firing',
  escalated: 'Escalated',
  resolved: 'Resolved',
  test: 'Test',
};

const escapeHtml = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** Builds the e-mail for a payload (pure). */
export function buildAlertEmail(payload: AlertNotificationPayload, notificationId: string): AlertEmail {
  const severity = payload.severity.toUpperCase();
  const subject = `[${severity}] ${EVENT_WORDS[payload.event]}: ${payload.title}`.slice(0, 200);
  const facts: [string, string][] = [
    ['Alert', payload.alert_id],
    ['Type', payload.alert_type],
    ['Tenant', payload.tenant_id],
    ['Severity', payload.severity],
    ['Event', payload.event],
    ['Time', payload.timestamp],
    ['Notification', notificationId],
  ];
  const details = JSON.stringify(payload.details, null, 2);
  const text = [
    payload.message,
    '',
    ...facts.map(([name, value]) => `${name}: ${value}`),
    '',
    'Details:',
    details,
  ].join('\n');
  const html = [
    `<h2>${escapeHtml(payload.title)}</h2>`,
    `<p>${escapeHtml(payload.message)}</p>`,
    '<table>',
    ...facts.map(([name, value]) => `<tr><th align="left">${name}</th><td>${escapeHtml(value)}</td></tr>`),
    '</table>',
    `<pre>${escapeHtml(details)}</pre>`,
  ].join('\n');
  return { subject, text, html };
}

export interface EmailResult {
  readonly ok: boolean;
  readonly message_id?: string;
  readonly error?: string;
  readonly latency_ms: number;
}

/** Sends an alert e-mail through SES v2 SendEmail; a refusal or error is a failed result. */
export async function sendAlertEmail(
  from: string,
  addresses: readonly string[],
  payload: AlertNotificationPayload,
  notificationId: string,
): Promise<EmailResult> {
  const started = performance.now();
  const email = buildAlertEmail(payload, notificationId);
  try {
    const result = await sesClient.send(
      new SendEmailCommand({
        FromEmailAddress: from,
        Destination: { ToAddresses: [...addresses] },
        Content: {
          Simple: {
            Subject: { Data: email.subject, Charset: 'UTF-8' },
            Body: {
              Text: { Data: email.text, Charset: 'UTF-8' },
              Html: { Data: email.html, Charset: 'UTF-8' },
            },
          },
        },
      }),
    );
    return {
      ok: true,
      ...(result.MessageId ? { message_id: result.MessageId } : {}),
      latency_ms: Math.round(performance.now() - started),
    };
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      error: `SES ${name}: ${message}`.slice(0, 500),
      latency_ms: Math.round(performance.now() - started),
    };
  }
}
