import { describe, expect, it } from 'vitest';
import {
  checkDestinationAddress,
  classifyHost,
  normalizeDestinationAddress,
} from '../../shared/registry/destination-address';

const strict = { allowLoopback: false };
const local = { allowLoopback: true };

describe('sqs destination addresses', () => {
  it('accepts SQS queue URLs, standard and FIFO', () => {
    for (const address of [
      'https://sqs.eu-west-1.amazonaws.com/123456789012/orders',
      'https://sqs.us-gov-west-1.amazonaws.com/123456789012/orders-dlq_2',
      'https://sqs.ap-southeast-2.amazonaws.com/123456789012/orders.fifo',
    ]) {
      expect(checkDestinationAddress('sqs', address, strict), address).toEqual({ ok: true, address });
    }
  });

  it('normalises the host case', () => {
    expect(
      checkDestinationAddress('sqs', 'https://SQS.eu-west-1.amazonaws.com/123456789012/orders', strict),
    ).toEqual({
      ok: true,
      address: 'https://sqs.eu-west-1.amazonaws.com/123456789012/orders',
    });
  });

  it('refuses anything else', () => {
    for (const address of [
      'http://sqs.eu-west-1.amazonaws.com/123456789012/orders',
      'https://sqs.eu-west-1.amazonaws.com.evil.example/123456789012/orders',
      'https://sqs.eu-west-1.amazonaws.com/12345/orders',
      'https://sqs.eu-west-1.amazonaws.com/123456789012/orders/extra',
      'https://sqs.eu-west-1.amazonaws.com/123456789012/orders?Action=Purge',
      'https://sqs.eu-west-1.amazonaws.com:8443/123456789012/orders',
      'https://user:pw@sqs.eu-west-1.amazonaws.com/123456789012/orders',
      'https://example.com/123456789012/orders',
      'arn:aws:sqs:eu-west-1:123456789012:orders',
      ' https://sqs.eu-west-1.amazonaws.com/123456789012/orders',
      'not a url',
    ]) {
      expect(checkDestinationAddress('sqs', address, strict).ok, address).toBe(false);
    }
  });

  it('accepts loopback queue URLs only when loopback is allowed (the local stack)', () => {
    const address = 'http://127.0.0.1:4566/000000000000/opsdeck-local-fleet-triage';
    expect(checkDestinationAddress('sqs', address, strict)).toEqual({
      ok: false,
      problem: 'must not be a loopback address',
    });
    expect(checkDestinationAddress('sqs', address, local)).toEqual({ ok: true, address });
    expect(checkDestinationAddress('sqs', 'http://localhost:4566/000000000000/q', local).ok).toBe(true);
    expect(checkDestinationAddress('sqs', 'http://127.0.0.1:4566/', local).ok).toBe(false);
    expect(checkDestinationAddress('sqs', 'http://10.0.0.5:4566/000000000000/q', local).ok).toBe(false);
  });
});

describe('eventbridge destination addresses', () => {
  it('accepts event bus ARNs', () => {
    for (const address of [
      'arn:aws:events:eu-west-1:123456789012:event-bus/default',
      'arn:aws:events:us-east-1:123456789012:event-bus/orders.bus_1',
      'arn:aws-us-gov:events:us-gov-east-1:123456789012:event-bus/aws.partner/vendor/x',
    ]) {
      expect(checkDestinationAddress('eventbridge', address, strict), address).toEqual({ ok: true, address });
    }
  });

  it('refuses other ARNs and URLs', () => {
    for (const address of [
      'arn:aws:events:eu-west-1:123456789012:rule/orders',
      'arn:aws:sqs:eu-west-1:123456789012:orders',
      'arn:aws:events:eu-west-1:1234:event-bus/default',
      'arn:aws:events:eu-west-1:123456789012:event-bus/',
      'https://events.eu-west-1.amazonaws.com/',
    ]) {
      expect(checkDestinationAddress('eventbridge', address, strict).ok, address).toBe(false);
    }
  });
});

describe('http destination addresses', () => {
  it('accepts public https URLs, normalised', () => {
    expect(checkDestinationAddress('http', 'https://Hooks.Example.com:443/in?team=ops', strict)).toEqual({
      ok: true,
      address: 'https://hooks.example.com/in?team=ops',
    });
    expect(checkDestinationAddress('http', 'https://93.184.215.14/hook', strict).ok).toBe(true);
  });

  it('refuses plain http, credentials and fragments', () => {
    expect(checkDestinationAddress('http', 'http://hooks.example.com/in', strict)).toEqual({
      ok: false,
      problem: 'must be an https URL',
    });
    expect(checkDestinationAddress('http', 'https://u:p@hooks.example.com/in', strict).ok).toBe(false);
    expect(checkDestinationAddress('http', 'https://hooks.example.com/in#x', strict).ok).toBe(false);
    expect(checkDestinationAddress('http', 'ftp://hooks.example.com/in', strict).ok).toBe(false);
  });

  it('refuses private, link-local and metadata IP literals, however they are written', () => {
    for (const address of [
      'https://10.1.2.3/',
      'https://172.16.0.1/',
      'https://192.168.1.1/',
      'https://169.254.169.254/latest/meta-data/',
      'https://100.64.0.1/',
      'https://0.0.0.0/',
      'https://[fd00:ec2::254]/',
      'https://[fe80::1]/',
      'https://[::ffff:169.254.169.254]/',
      'https://[::ffff:a9fe:a9fe]/',
      'https://2852039166/', // 169.254.169.254 as one number
      'https://0xa9.0xfe.0xa9.0xfe/',
      'https://metadata.google.internal/computeMetadata/v1/',
    ]) {
      expect(checkDestinationAddress('http', address, local), address).toEqual({
        ok: false,
        problem: 'must not point at a private, link-local or metadata address',
      });
    }
  });

  it('accepts loopback (http or https) only when loopback is allowed', () => {
    for (const address of [
      'http://127.0.0.1:9001/hook',
      'https://localhost:8443/hook',
      'http://[::1]:9001/x',
    ]) {
      expect(checkDestinationAddress('http', address, strict).ok, address).toBe(false);
      expect(checkDestinationAddress('http', address, local).ok, address).toBe(true);
    }
    expect(checkDestinationAddress('http', 'http://2130706433:9001/hook', strict).ok).toBe(false);
  });
});

describe('host classification and normalisation', () => {
  it('classifies hosts as URL parsing leaves them', () => {
    expect(classifyHost('127.0.0.1')).toBe('loopback');
    expect(classifyHost('[::1]')).toBe('loopback');
    expect(classifyHost('[::ffff:7f00:1]')).toBe('loopback');
    expect(classifyHost('api.localhost')).toBe('loopback');
    expect(classifyHost('LOCALHOST.')).toBe('loopback');
    expect(classifyHost('192.168.0.10')).toBe('forbidden');
    expect(classifyHost('[ff02::1]')).toBe('forbidden');
    expect(classifyHost('example.com')).toBe('public');
    expect(classifyHost('8.8.8.8')).toBe('public');
    expect(classifyHost('[2606:4700:4700::1111]')).toBe('public');
  });

  it('normalises addresses the same way for declaring and looking up', () => {
    expect(normalizeDestinationAddress('sqs', 'https://SQS.eu-west-1.amazonaws.com/123456789012/q')).toBe(
      'https://sqs.eu-west-1.amazonaws.com/123456789012/q',
    );
    expect(normalizeDestinationAddress('http', 'HTTPS://Example.com:443/a')).toBe('https://example.com/a');
    expect(
      normalizeDestinationAddress('eventbridge', 'arn:aws:events:eu-west-1:123456789012:event-bus/b'),
    ).toBe('arn:aws:events:eu-west-1:123456789012:event-bus/b');
    expect(normalizeDestinationAddress('http', 'nonsense')).toBeNull();
    expect(normalizeDestinationAddress('sqs', '')).toBeNull();
  });
});
