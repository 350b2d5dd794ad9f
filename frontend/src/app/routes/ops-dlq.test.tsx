import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { jsonResponse, pendingResponse, problemResponse, type StubHandler } from '../../testing/fetch-stub';
import { page, superAdmin, tenantViewer } from '../../testing/fixtures';
import { makeDlqDetail, makeDlqStats, makeDlqSummary, tenantOperator } from '../../testing/ops-fixtures';
import { renderApp } from '../../testing/render-app';
import { stubConsole } from '../../testing/stub-console';
import type { Principal } from '../../types/api';
import type { DlqBatch } from '../../types/ops';

const FIRST = 'dlq_01JN0000000000000000000001';
const SECOND = 'dlq_01JN0000000000000000000002';

function stubDlq(list: StubHandler, { principal = tenantOperator }: { principal?: Principal } = {}) {
  return stubConsole(principal, {
    '/api/ops/dlq': list,
    '/api/ops/dlq/stats': () => jsonResponse(makeDlqStats()),
    [`/api/ops/dlq/${FIRST}`]: () => jsonResponse(makeDlqDetail()),
  });
}

const twoEntries = () =>
  jsonResponse(
    page([
      makeDlqSummary(),
      makeDlqSummary({ dlq_id: SECOND, event_type: 'ToolInvoked', event_id: 'evt_2' }),
    ]),
  );

function makeBatch(overrides: Partial<DlqBatch> = {}): DlqBatch {
  return {
    batch_id: 'dlqb_01JN0000000000000000000009',
    status: 'running',
    total: 2,
    done: 0,
    failed: 0,
    skipped: 0,
    remaining: 2,
    not_found: [],
    created_at: '2025-03-01T12:00:00.000Z',
    created_by: { key_id: 'key_acme_op', name: 'Otto Operator', role: 'operator' },
    ...overrides,
  };
}

describe('DLQ page: states', () => {
  it('shows that entries and statistics are loading', async () => {
    stubDlq(() => pendingResponse()).on('GET', '/api/ops/dlq/stats', () => pendingResponse());
    renderApp({ path: '/ops/dlq' });

    expect(await screen.findByText('Loading dead letters…')).toBeInTheDocument();
    expect(screen.getByText('Loading DLQ statistics…')).toBeInTheDocument();
  });

  it('says when the queue is empty, and when filters match nothing', async () => {
    stubDlq(() => jsonResponse(page([]))).on('GET', '/api/ops/dlq/stats', () =>
      jsonResponse(makeDlqStats({ total: 0, groups: [], growth: [] })),
    );
    renderApp({ path: '/ops/dlq' });
    expect(await screen.findByText('The dead-letter queue is empty')).toBeInTheDocument();
    expect(await screen.findByText('No dead letters in the last 30 days')).toBeInTheDocument();
  });

  it('says when filters match nothing', async () => {
    stubDlq(() => jsonResponse(page([])));
    renderApp({ path: '/ops/dlq?status=failed' });
    expect(await screen.findByText('No entries match these filters')).toBeInTheDocument();
  });

  it('shows the problem the API reported', async () => {
    stubDlq(() => problemResponse(500, 'DLQ store unavailable')).on('GET', '/api/ops/dlq/stats', () =>
      problemResponse(500, 'Stats unavailable'),
    );
    renderApp({ path: '/ops/dlq' });

    expect(await screen.findByText('Could not load dead letters')).toBeInTheDocument();
    expect(screen.getByText('Could not load DLQ statistics')).toBeInTheDocument();
  });

  it('lists entries with status, failure and attempts, and the growth per status', async () => {
    stubDlq(() =>
      jsonResponse(
        page([makeDlqSummary(), makeDlqSummary({ dlq_id: SECOND, status: 'retrying' })], 'cursor-2'),
      ),
    );
    renderApp({ path: '/ops/dlq' });

    const row = (await screen.findByRole('button', { name: `Open PolicyEvaluated ${FIRST}` })).closest('tr')!;
    expect(row).toHaveTextContent('pending');
    expect(row).toHaveTextContent('handler threw: timeout calling tool');
    const retrying = screen.getByRole('button', { name: `Open PolicyEvaluated ${SECOND}` }).closest('tr')!;
    expect(retrying).toHaveTextContent('retrying');
    expect(within(retrying).queryByRole('button', { name: /^Retry/ })).not.toBeInTheDocument();
    expect(
      screen.getByRole('figure', { name: 'Dead letters received per day and running total' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('navigation', { name: 'Dead-letter pages' })).toBeInTheDocument();
  });
});

describe('DLQ page: filters and detail', () => {
  it('applies filters through the URL and sends them to the API', async () => {
    const api = stubDlq(() => jsonResponse(page([makeDlqSummary()])));
    const { user, router } = renderApp({ path: '/ops/dlq' });
    await screen.findByRole('button', { name: `Open PolicyEvaluated ${FIRST}` });

    await user.type(screen.getByLabelText('Event type'), 'PolicyEvaluated');
    await user.selectOptions(screen.getByLabelText('Status'), 'pending');
    await user.type(screen.getByLabelText('Failure reason contains'), 'timeout');
    await user.click(screen.getByRole('button', { name: 'Apply' }));

    await waitFor(() =>
      expect(router.state.location.search).toEqual({
        event_type: 'PolicyEvaluated',
        status: 'pending',
        q: 'timeout',
      }),
    );
    await waitFor(() => {
      const sent = api.requestsTo('GET', '/api/ops/dlq').at(-1)!.url.searchParams;
      expect([sent.get('event_type'), sent.get('status'), sent.get('q')]).toEqual([
        'PolicyEvaluated',
        'pending',
        'timeout',
      ]);
    });
  });

  it('lets a platform principal choose the tenant', async () => {
    const api = stubDlq(() => jsonResponse(page([makeDlqSummary()])), { principal: superAdmin });
    const { user } = renderApp({ path: '/ops/dlq' });
    await screen.findByRole('option', { name: /Acme Corp/ });

    await user.selectOptions(screen.getByLabelText('Tenant'), 'acme');

    await waitFor(() =>
      expect(api.requestsTo('GET', '/api/ops/dlq').at(-1)?.url.searchParams.get('tenant_id')).toBe('acme'),
    );
    expect(api.requestsTo('GET', '/api/ops/dlq/stats').at(-1)?.url.searchParams.get('tenant_id')).toBe(
      'acme',
    );
  });

  it('opens an entry with its payload, failure, attempts and lineage', async () => {
    stubDlq(twoEntries);
    const { user, router } = renderApp({ path: '/ops/dlq' });
    await user.click(await screen.findByRole('button', { name: `Open PolicyEvaluated ${FIRST}` }));

    await waitFor(() => expect(router.state.location.search).toEqual({ entry: FIRST }));
    expect(await screen.findByLabelText('Payload (JSON)')).toHaveTextContent('"amount": 42');
    const detail = screen.getByRole('dialog', { name: 'Dead letter: PolicyEvaluated' });
    expect(within(detail).getAllByText('handler threw: timeout calling tool').length).toBeGreaterThan(0);
    expect(within(detail).getByText('received')).toBeInTheDocument();
    expect(within(detail).getByText(`${FIRST} (this entry)`)).toBeInTheDocument();
  });
});

describe('DLQ page: actions', () => {
  it('retries one entry and says so', async () => {
    const api = stubDlq(twoEntries).on('POST', `/api/ops/dlq/${FIRST}/retry`, () =>
      jsonResponse({ outcome: 'succeeded', reason: null, entry: makeDlqDetail({ status: 'succeeded' }) }),
    );
    const { user } = renderApp({ path: '/ops/dlq' });
    await user.click(await screen.findByRole('button', { name: `Retry PolicyEvaluated ${FIRST}` }));

    expect(await screen.findByText('Entry retried')).toBeInTheDocument();
    expect(api.requestsTo('POST', `/api/ops/dlq/${FIRST}/retry`)).toHaveLength(1);
  });

  it('reports a failed retry with its reason', async () => {
    stubDlq(twoEntries).on('POST', `/api/ops/dlq/${FIRST}/retry`, () =>
      jsonResponse({ outcome: 'failed', reason: 'queue does not exist', entry: makeDlqDetail() }),
    );
    const { user } = renderApp({ path: '/ops/dlq' });
    await user.click(await screen.findByRole('button', { name: `Retry PolicyEvaluated ${FIRST}` }));

    expect(await screen.findByText('queue does not exist')).toBeInTheDocument();
  });

  it('retries the selected entries as a batch and shows its progress', async () => {
    let polls = 0;
    const api = stubDlq(twoEntries)
      .on('POST', '/api/ops/dlq/retry-batch', () => jsonResponse(makeBatch(), 202))
      .on('GET', '/api/ops/dlq/batches/dlqb_01JN0000000000000000000009', () =>
        jsonResponse(
          ++polls < 2
            ? makeBatch({ done: 1, remaining: 1 })
            : makeBatch({ status: 'completed', done: 2, remaining: 0 }),
        ),
      );
    const { user } = renderApp({ path: '/ops/dlq' });
    await user.click(await screen.findByRole('checkbox', { name: `Select PolicyEvaluated ${FIRST}` }));
    await user.click(screen.getByRole('checkbox', { name: `Select ToolInvoked ${SECOND}` }));
    await user.click(screen.getByRole('button', { name: 'Retry selected (2)' }));

    expect(api.requestsTo('POST', '/api/ops/dlq/retry-batch')[0]?.body).toEqual({ ids: [FIRST, SECOND] });
    expect(await screen.findByText('Batch retry running')).toBeInTheDocument();
    expect(await screen.findByText('Batch retry finished', {}, { timeout: 3000 })).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: 'Batch retry progress' })).toHaveAttribute('value', '2');
  });

  it('discards an entry only with a reason, after confirmation', async () => {
    const api = stubDlq(twoEntries).on('POST', `/api/ops/dlq/${FIRST}/discard`, () =>
      jsonResponse(makeDlqDetail({ status: 'discarded', discard_reason: 'duplicate' })),
    );
    const { user } = renderApp({ path: `/ops/dlq?entry=${FIRST}` });
    await user.click(await screen.findByRole('button', { name: 'Discard…' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Discard this entry?' });

    await user.click(within(dialog).getByRole('button', { name: 'Discard entry' }));
    expect(within(dialog).getByText('Say why this entry is discarded.')).toBeInTheDocument();
    expect(api.requestsTo('POST', `/api/ops/dlq/${FIRST}/discard`)).toHaveLength(0);

    await user.type(within(dialog).getByLabelText('Reason'), 'duplicate');
    await user.click(within(dialog).getByRole('button', { name: 'Discard entry' }));

    expect(await screen.findByText('Entry discarded')).toBeInTheDocument();
    expect(api.requestsTo('POST', `/api/ops/dlq/${FIRST}/discard`)[0]?.body).toEqual({ reason: 'duplicate' });
  });

  it('is not available to viewers, who see neither the page nor its buttons', async () => {
    stubDlq(twoEntries, { principal: tenantViewer });
    renderApp({ path: '/ops/dlq' });

    expect(await screen.findByText('Not available for your role')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Retry/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Dead letters' })).not.toBeInTheDocument();
  });
});
