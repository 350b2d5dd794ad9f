import { describe, expect, it } from 'vitest';
import { handleControlRequest, type ControllableInstance } from '../../infra/local/fleet/control-api';
import { describeFaults, mergeFaults, NO_FAULTS, type Faults } from '../../infra/local/fleet/faults';
import type { InstanceDescription } from '../../infra/local/fleet/worker-process';

describe('fault merging', () => {
  it('replaces only the fields a patch names; {} changes nothing', () => {
    const current: Faults = { ...NO_FAULTS, slow_ms: 200 };
    expect(mergeFaults(current, {})).toEqual(current);
    expect(mergeFaults(current, { error_rate: 0.5 })).toEqual({
      ...NO_FAULTS,
      slow_ms: 200,
      error_rate: 0.5,
    });
    expect(mergeFaults(current, { slow_ms: 0, unhealthy: true })).toEqual({ ...NO_FAULTS, unhealthy: true });
    expect(mergeFaults(current, { not_ready: undefined })).toEqual(current);
    expect(current).toEqual({ ...NO_FAULTS, slow_ms: 200 });
  });

  it('describes the active faults for the log', () => {
    expect(describeFaults(NO_FAULTS)).toBe('none');
    expect(describeFaults({ ...NO_FAULTS, unhealthy: true, error_rate: 0.2 })).toBe(
      'unhealthy, error_rate=0.2',
    );
  });
});

class StubInstance implements ControllableInstance {
  faults: Faults = { ...NO_FAULTS };
  alive = true;
  failStart: Error | undefined;
  constructor(readonly instanceId: string) {}
  describe(): InstanceDescription {
    return {
      worker_type: 'triage',
      instance_id: this.instanceId,
      base_url: 'http://127.0.0.1:9002',
      metrics_url: 'http://127.0.0.1:9002/metrics',
      port: 9002,
      pid: this.alive ? 1234 : null,
      alive: this.alive,
      faults: { ...this.faults },
    };
  }
  async setFaults(faults: Faults) {
    this.faults = faults;
    return faults;
  }
  async start() {
    if (this.failStart) throw this.failStart;
    this.alive = true;
  }
  async stop() {
    this.alive = false;
  }
}

function setup() {
  const instance = new StubInstance('triage-1');
  const instances = new Map<string, ControllableInstance>([[instance.instanceId, instance]]);
  const call = (method: string, path: string, body = '') =>
    handleControlRequest(instances, method, path, body);
  return { instance, call };
}

describe('control API', () => {
  it('lists the instances', async () => {
    const { call } = setup();
    const response = await call('GET', '/instances');
    expect(response).toMatchObject({
      status: 200,
      body: { items: [{ instance_id: 'triage-1', alive: true, pid: 1234 }] },
    });
  });

  it('merges faults with PUT and clears them all with DELETE', async () => {
    const { instance, call } = setup();
    await call('PUT', '/instances/triage-1/faults', '{"error_rate": 1, "slow_ms": 100}');
    const response = await call('PUT', '/instances/triage-1/faults', '{"unhealthy": true}');
    expect(response).toMatchObject({
      status: 200,
      body: { faults: { error_rate: 1, slow_ms: 100, unhealthy: true, not_ready: false } },
    });
    expect((await call('PUT', '/instances/triage-1/faults', '{}')).status).toBe(200);
    expect(instance.faults).toEqual({ error_rate: 1, slow_ms: 100, unhealthy: true, not_ready: false });
    await call('DELETE', '/instances/triage-1/faults');
    expect(instance.faults).toEqual(NO_FAULTS);
  });

  it('refuses invalid faults with a validation problem', async () => {
    const { instance, call } = setup();
    for (const body of [
      '{"error_rate": 1.5}',
      '{"slow_ms": -1}',
      '{"unhealthy": "yes"}',
      '{"explode": true}',
      '[]',
    ]) {
      const response = await call('PUT', '/instances/triage-1/faults', body);
      expect(response).toMatchObject({ status: 400, problem: { slug: 'validation-error' } });
    }
    expect(await call('PUT', '/instances/triage-1/faults', '{oops')).toMatchObject({
      status: 400,
      problem: { slug: 'malformed-json' },
    });
    expect(instance.faults).toEqual(NO_FAULTS);
  });

  it('stops and starts an instance', async () => {
    const { instance, call } = setup();
    expect(await call('POST', '/instances/triage-1/stop')).toMatchObject({
      status: 200,
      body: { alive: false, pid: null },
    });
    expect(instance.alive).toBe(false);
    expect(await call('POST', '/instances/triage-1/start')).toMatchObject({
      status: 200,
      body: { alive: true },
    });
    instance.failStart = new Error('boom');
    expect(await call('POST', '/instances/triage-1/start')).toMatchObject({
      status: 500,
      problem: { slug: 'fleet-instance-start-failed', detail: 'boom' },
    });
  });

  it('answers unknown instances, routes and methods with problems', async () => {
    const { call } = setup();
    expect(await call('GET', '/instances/nope-1')).toMatchObject({
      status: 404,
      problem: { slug: 'fleet-instance-not-found' },
    });
    expect(await call('GET', '/elsewhere')).toMatchObject({ status: 404, problem: { slug: 'not-found' } });
    expect(await call('GET', '/instances/triage-1/stop')).toMatchObject({
      status: 405,
      headers: { allow: 'POST' },
    });
    expect(await call('POST', '/instances')).toMatchObject({ status: 405 });
    expect(await call('GET', '/instances/triage-1/faults')).toMatchObject({
      status: 405,
      headers: { allow: 'PUT, DELETE' },
    });
  });
});
