import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../shared/errors/typed-errors';
import type { Principal } from '../../shared/access/principal';
import type { DeclaredWorker, HeartbeatRegistration } from '../../shared/registry/worker-repository';
import {
  declareWorkerBodySchema,
  heartbeatSchema,
  workerPathSchema,
} from '../../shared/registry/worker-schemas';
import { recordHeartbeats, toRegisteredWorker } from '../../shared/registry/worker-service';

const declared: DeclaredWorker = {
  worker_type: 'triage',
  instance_id: 'triage-1',
  base_url: 'http://127.0.0.1:9002',
  metrics_url: 'http://127.0.0.1:9002/metrics',
  criticality: 'high',
  created_at: '2025-01-01T00:00:00.000Z',
  updated_at: '2025-01-02T00:00:00.000Z',
};

const heartbeat: HeartbeatRegistration = {
  worker_type: 'triage',
  instance_id: 'triage-1',
  base_url: 'http://10.0.0.7:9002',
  metrics_url: null,
  criticality: 'medium',
  last_heartbeat_at: '2025-01-03T10:00:00.000Z',
  expires_at: Date.parse('2025-01-03T10:01:00.000Z') / 1000,
};

describe('the registry view of a worker', () => {
  it('shows a heartbeat-only worker with its expiry', () => {
    expect(toRegisteredWorker({ declared: null, heartbeat })).toEqual({
      worker_type: 'triage',
      instance_id: 'triage-1',
      base_url: 'http://10.0.0.7:9002',
      metrics_url: null,
      criticality: 'medium',
      source: 'heartbeat',
      last_heartbeat_at: '2025-01-03T10:00:00.000Z',
      expires_at: '2025-01-03T10:01:00.000Z',
      updated_at: '2025-01-03T10:00:00.000Z',
    });
  });

  it('lets a declaration win over a heartbeat and never expire', () => {
    expect(toRegisteredWorker({ declared, heartbeat })).toEqual({
      worker_type: 'triage',
      instance_id: 'triage-1',
      base_url: 'http://127.0.0.1:9002',
      metrics_url: 'http://127.0.0.1:9002/metrics',
      criticality: 'high',
      source: 'declared',
      last_heartbeat_at: '2025-01-03T10:00:00.000Z',
      expires_at: null,
      updated_at: '2025-01-02T00:00:00.000Z',
    });
    expect(toRegisteredWorker({ declared, heartbeat: null }).last_heartbeat_at).toBeNull();
  });
});

describe('worker schemas', () => {
  it('accepts the seven worker types and path-safe instance ids', () => {
    expect(
      workerPathSchema.safeParse({ worker_type: 'sla_monitor', instance_id: 'sla-1:pod@a.b' }).success,
    ).toBe(true);
    expect(workerPathSchema.safeParse({ worker_type: 'router', instance_id: 'x' }).success).toBe(false);
    expect(workerPathSchema.safeParse({ worker_type: 'tool', instance_id: 'a/b' }).success).toBe(false);
    expect(workerPathSchema.safeParse({ worker_type: 'tool', instance_id: 'a#b' }).success).toBe(false);
  });

  it('requires http(s) URLs without credentials and a known criticality', () => {
    const ok = { base_url: 'https://triage.internal:8443', criticality: 'critical' };
    expect(declareWorkerBodySchema.safeParse(ok).success).toBe(true);
    for (const bad of [
      { ...ok, base_url: 'ftp://triage' },
      { ...ok, base_url: 'triage:9001' },
      { ...ok, base_url: 'http://u:p@triage:9001' },
      { ...ok, metrics_url: 'file:///etc/passwd' },
      { ...ok, metrics_url: 'nope' },
      { ...ok, criticality: 'urgent' },
      { base_url: ok.base_url },
      { ...ok, extra: 1 },
    ]) {
      expect(declareWorkerBodySchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('makes criticality optional in heartbeats', () => {
    const parsed = heartbeatSchema.parse({
      worker_type: 'intake',
      instance_id: 'intake-1',
      base_url: 'http://127.0.0.1:9001',
    });
    expect(parsed.criticality).toBeUndefined();
  });
});

describe('heartbeat authorisation', () => {
  const principal = (role: Principal['role'], tenantId: string | null = null): Principal => ({
    keyId: 'k'.repeat(20),
    name: 'test',
    role,
    tenantId,
  });

  it('accepts heartbeats from ingest keys only', async () => {
    for (const caller of [principal('super_admin'), principal('admin'), principal('admin', 'acme')]) {
      await expect(recordHeartbeats(caller, [])).rejects.toBeInstanceOf(ForbiddenError);
    }
  });
});
