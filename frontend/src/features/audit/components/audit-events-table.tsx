import { Fragment, useState } from 'react';
import { Badge } from '../../../components/ui/badge';
import { DateTime } from '../../../components/ui/date-time';
import { roleLabel } from '../../../lib/authorization';
import type { AuditEvent } from '../../../types/api';

/** Audit events, newest first; each row expands to the resource before and after the change. */
export function AuditEventsTable({ events }: { events: AuditEvent[] }) {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());

  const toggle = (eventId: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(eventId)) next.delete(eventId);
      else next.add(eventId);
      return next;
    });

  return (
    <div className="table-scroll">
      <table className="table table-expandable">
        <thead>
          <tr>
            <th scope="col" className="cell-toggle">
              <span className="visually-hidden">Details</span>
            </th>
            <th scope="col">Occurred</th>
            <th scope="col">Actor</th>
            <th scope="col">Action</th>
            <th scope="col">Resource</th>
            <th scope="col">Request id</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => {
            const isExpanded = expanded.has(event.event_id);
            const detailsId = `audit-details-${event.event_id}`;
            return (
              <Fragment key={event.event_id}>
                <tr className={isExpanded ? 'row-expanded' : undefined}>
                  <td className="cell-toggle">
                    <button
                      type="button"
                      className="btn btn-ghost btn-icon"
                      aria-expanded={isExpanded}
                      aria-controls={detailsId}
                      aria-label={`${isExpanded ? 'Hide' : 'Show'} changes of event ${event.seq} (${event.action})`}
                      onClick={() => toggle(event.event_id)}
                    >
                      <span className={`chevron${isExpanded ? ' chevron-open' : ''}`} aria-hidden="true" />
                    </button>
                  </td>
                  <td className="cell-nowrap">
                    <DateTime value={event.occurred_at} />
                  </td>
                  <td>
                    {event.actor.name} <Badge tone="neutral">{roleLabel(event.actor.role)}</Badge>
                  </td>
                  <td className="mono">{event.action}</td>
                  <td>
                    <span className="muted">{event.resource.type}</span>{' '}
                    <span className="mono">{event.resource.id}</span>
                  </td>
                  <td className="mono">{event.request_id}</td>
                </tr>
                <tr id={detailsId} className="row-details" hidden={!isExpanded}>
                  <td colSpan={6}>{isExpanded ? <AuditEventDetails event={event} /> : null}</td>
                </tr>
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function AuditEventDetails({ event }: { event: AuditEvent }) {
  return (
    <div className="audit-details">
      <div className="json-compare">
        <JsonBlock label="Before" value={event.before} />
        <JsonBlock label="After" value={event.after} />
      </div>
      <dl className="details details-inline">
        <div>
          <dt>Sequence</dt>
          <dd className="mono">{event.seq}</dd>
        </div>
        <div>
          <dt>Event id</dt>
          <dd className="mono">{event.event_id}</dd>
        </div>
        <div>
          <dt>Actor key</dt>
          <dd className="mono">{event.actor.key_id}</dd>
        </div>
        <div>
          <dt>Hash</dt>
          <dd className="mono hash">{event.hash}</dd>
        </div>
        <div>
          <dt>Previous hash</dt>
          <dd className="mono hash">{event.prev_hash}</dd>
        </div>
      </dl>
    </div>
  );
}

function JsonBlock({ label, value }: { label: string; value: Record<string, unknown> | null }) {
  return (
    <figure className="json-block">
      <figcaption>{label}</figcaption>
      {value === null ? (
        <p className="muted">None</p>
      ) : (
        <pre tabIndex={0} aria-label={`${label} (JSON)`}>
          {JSON.stringify(value, null, 2)}
        </pre>
      )}
    </figure>
  );
}
