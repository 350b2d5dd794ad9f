import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IngestReporter, ingestUrl, postIngestBatch } from '../../infra/local/fleet/ingest-client';

interface Call {
  url: string;
  authorization: string | null;
  items: unknown[];
}

/** A stand-in for fetch that records calls and answers from a script (then 200). */
function stubFetch(script: (call: Call, index: number) => Response | Error | undefined) {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      const call = {
        url,
        authorization: new Headers(init.headers).get('authorization'),
        items: (JSON.parse(String(init.body)) as { items: unknown[] }).items,
      };
      calls.push(call);
      const scripted = script(call, calls.length - 1);
      if (scripted instanceof Error) throw scripted;
      return scripted ?? json(200, { accepted: call.items.length, duplicates: 0, rejected: [] });
    }),
  );
  return calls;
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

const target = { apiUrl: 'http://opsdeck.test', key: 'odk_test' };

describe('ingest reporter', () => {
  let lines: string[];
  beforeEach(() => {
    lines = [];
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-02T10:00:00Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });
  const reporter = () => new IngestReporter({ target, log: (line) => lines.push(line), name: 'intake-1' });

  it('sends what is buffered in batches of at most 500, with the ingest key', async () => {
    // Prepare
    const calls = stubFetch(() => undefined);
    const subject = reporter();
    subject.add(
      'processing-events',
      Array.from({ length: 1_201 }, (_, index) => ({ index })),
    );
    subject.add('exceptions', [{ id: 1 }]);
    // Act
    await subject.flush();
    // Assess
    expect(calls.map((call) => [call.url, call.items.length])).toEqual([
      ['http://opsdeck.test/api/ingest/processing-events', 500],
      ['http://opsdeck.test/api/ingest/processing-events', 500],
      ['http://opsdeck.test/api/ingest/processing-events', 201],
      ['http://opsdeck.test/api/ingest/exceptions', 1],
    ]);
    expect(calls.every((call) => call.authorization === 'Bearer odk_test')).toBe(true);
    expect(subject.stats).toEqual({ sent: 1_202, rejected: 0, dropped: 0, pending: 0 });
  });

  it('keeps reports through 5xx and network errors and retries them after a backoff', async () => {
    const calls = stubFetch((_, index) =>
      index === 0 ? json(503, { title: 'down' }) : index === 1 ? new TypeError('fetch failed') : undefined,
    );
    const subject = reporter();
    subject.add('exceptions', [{ id: 1 }, { id: 2 }]);

    await subject.flush();
    expect(subject.stats.pending).toBe(2);
    await subject.flush(); // still backing off: nothing sent
    expect(calls).toHaveLength(1);

    vi.setSystemTime(Date.now() + 1_000);
    await subject.flush(); // network error: longer backoff
    expect(calls).toHaveLength(2);
    vi.setSystemTime(Date.now() + 1_000);
    await subject.flush();
    expect(calls).toHaveLength(2);
    vi.setSystemTime(Date.now() + 1_000);
    await subject.flush();

    expect(calls).toHaveLength(3);
    expect(calls[2]!.items).toEqual([{ id: 1 }, { id: 2 }]);
    expect(subject.stats).toMatchObject({ sent: 2, pending: 0 });
    expect(lines.join('\n')).toMatch(/503 down.*retrying in 1 s/);
  });

  it('drops reports an endpoint that is not there (404) refuses, and says so once', async () => {
    const calls = stubFetch(() => json(404, { title: 'Not found' }));
    const subject = reporter();
    for (let round = 0; round < 5; round += 1) {
      subject.add('tool-executions', [{ round }]);
      await subject.flush();
    }
    expect(calls).toHaveLength(5);
    expect(subject.stats).toMatchObject({ dropped: 5, pending: 0 });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/tool-executions answered 404/);
  });

  it('counts items Opsdeck rejects in a 207', async () => {
    stubFetch(() =>
      json(207, {
        accepted: 1,
        duplicates: 0,
        rejected: [{ index: 1, type: 'validation-error', detail: 'bad' }],
      }),
    );
    const subject = reporter();
    subject.add('policy-decisions', [{ ok: true }, { ok: false }]);
    await subject.flush();
    expect(subject.stats).toMatchObject({ sent: 1, rejected: 1, pending: 0 });
    expect(lines[0]).toMatch(/rejected 1 of 2 items, e\.g\. #1 validation-error: bad/);
  });

  it('caps the buffer, dropping the oldest reports', () => {
    const subject = new IngestReporter({
      target,
      log: (line) => lines.push(line),
      name: 'x',
      maxBuffered: 10,
    });
    subject.add(
      'exceptions',
      Array.from({ length: 15 }, (_, index) => index),
    );
    expect(subject.stats).toMatchObject({ pending: 10, dropped: 5 });
  });
});

describe('ingest calls', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('build the URL from the base URL with or without /api', () => {
    expect(ingestUrl('http://127.0.0.1:3000', 'dlq')).toBe('http://127.0.0.1:3000/api/ingest/dlq');
    expect(ingestUrl('http://127.0.0.1:3000/api/', 'heartbeat')).toBe(
      'http://127.0.0.1:3000/api/ingest/heartbeat',
    );
  });

  it('classify answers: 2xx applied, 429 and 5xx retryable (with Retry-After), other 4xx refused', async () => {
    const answers = [
      json(200, { accepted: 1, duplicates: 0, rejected: [] }),
      new Response('', { status: 429, headers: { 'retry-after': '7' } }),
      json(502, {}),
      json(401, { title: 'Authentication is required', detail: 'no key' }),
      json(200, { unexpected: true }),
    ];
    stubFetch((_, index) => answers[index]);
    const outcomes = [];
    for (let index = 0; index < answers.length; index += 1)
      outcomes.push(await postIngestBatch(target, 'exceptions', [{}]));
    expect(outcomes).toMatchObject([
      { kind: 'applied', status: 200, result: { accepted: 1 } },
      { kind: 'retryable', status: 429, retryAfterMs: 7_000 },
      { kind: 'retryable', status: 502 },
      { kind: 'refused', status: 401, detail: '401 no key' },
      { kind: 'applied', status: 200, result: undefined },
    ]);
  });
});
