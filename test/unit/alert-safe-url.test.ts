import { describe, expect, it } from 'vitest';
import {
  checkWebhookUrl,
  classifyAddress,
  parseWebhookUrl,
  type HostResolver,
} from '../../shared/alerts/safe-url';

const resolverOf =
  (table: Record<string, string[]>): HostResolver =>
  async (hostname) => {
    const addresses = table[hostname];
    if (!addresses) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

const policy = (resolve: HostResolver, allowHttpHosts: string[] = []) => ({ allowHttpHosts, resolve });
const noDns: HostResolver = async () => {
  throw new Error('DNS must not be asked for an IP literal');
};

describe('classifyAddress', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['93.184.216.34', 'public'],
    ['2606:4700:4700::1111', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['10.1.2.3', 'forbidden'],
    ['172.16.0.1', 'forbidden'],
    ['172.31.255.255', 'forbidden'],
    ['192.168.1.1', 'forbidden'],
    ['100.64.0.1', 'forbidden'],
    ['169.254.169.254', 'forbidden'],
    ['0.0.0.0', 'forbidden'],
    ['0.1.2.3', 'forbidden'],
    ['224.0.0.1', 'forbidden'],
    ['255.255.255.255', 'forbidden'],
    ['240.0.0.1', 'forbidden'],
    ['192.0.2.10', 'forbidden'],
    ['::', 'forbidden'],
    ['fe80::1', 'forbidden'],
    ['fd00::1', 'forbidden'],
    ['fc00::1', 'forbidden'],
    ['ff02::1', 'forbidden'],
    ['::ffff:169.254.169.254', 'forbidden'],
    ['::ffff:10.0.0.1', 'forbidden'],
    ['::ffff:8.8.8.8', 'forbidden'],
    ['::a9fe:a9fe', 'forbidden'],
    ['64:ff9b::a9fe:a9fe', 'forbidden'],
    ['64:ff9b:1::a9fe:a9fe', 'forbidden'],
    ['2002:a9fe:a9fe::1', 'forbidden'],
    ['2001:db8::1', 'forbidden'],
    ['not-an-ip', 'forbidden'],
  ])('%s is %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });
});

describe('parseWebhookUrl', () => {
  it('accepts https and refuses other schemes, user-info and plain http unless allow-listed', () => {
    expect(parseWebhookUrl('https://hooks.example.com/a', []).ok).toBe(true);
    expect(parseWebhookUrl('http://hooks.example.com/a', [])).toMatchObject({ ok: false });
    expect(parseWebhookUrl('http://127.0.0.1:8080/a', ['127.0.0.1'])).toMatchObject({
      ok: true,
      allowListed: true,
    });
    expect(parseWebhookUrl('ftp://hooks.example.com/', [])).toMatchObject({ ok: false });
    expect(parseWebhookUrl('file:///etc/passwd', [])).toMatchObject({ ok: false });
    expect(parseWebhookUrl('https://user:pw@hooks.example.com/', [])).toMatchObject({
      ok: false,
      problem: expect.stringContaining('user-info'),
    });
    expect(parseWebhookUrl('https://user@hooks.example.com/', [])).toMatchObject({ ok: false });
    expect(parseWebhookUrl('not a url', [])).toMatchObject({ ok: false });
  });
});

describe('checkWebhookUrl', () => {
  it.each([
    'https://2852039166/',
    'https://0251.0376.0251.0376/',
    'https://0xa9fea9fe/',
    'https://0xa9.0xfe.0xa9.0xfe/',
    'https://169.254.169.254/latest/meta-data/',
    'https://[::ffff:169.254.169.254]/',
    'https://[::ffff:a9fe:a9fe]/',
    'https://[::1]/',
    'https://[fd00::1]/',
    'https://[fe80::1]/',
    'https://[64:ff9b::a9fe:a9fe]/',
    'https://100.64.0.1/',
    'https://0.0.0.0/',
    'https://0/',
    'https://127.1/',
    'https://2130706433/',
    'https://10.0.0.1/',
    'https://192.168.0.1:8443/',
  ])('refuses %s without asking DNS', async (url) => {
    const check = await checkWebhookUrl(url, policy(noDns));
    expect(check).toMatchObject({ ok: false, problem: expect.stringMatching(/must not point to/) });
  });

  it('refuses a name when any of its addresses is not public', async () => {
    const resolve = resolverOf({
      'internal.example.com': ['10.0.0.5'],
      'mixed.example.com': ['93.184.216.34', '192.168.1.1'],
      'v6.example.com': ['2606:4700::1', 'fd12::1'],
      'metadata.example.com': ['169.254.169.254'],
      localhost: ['127.0.0.1', '::1'],
    });
    for (const host of [
      'internal.example.com',
      'mixed.example.com',
      'v6.example.com',
      'metadata.example.com',
      'localhost',
    ]) {
      const check = await checkWebhookUrl(`https://${host}/hook`, policy(resolve));
      expect(check, host).toMatchObject({
        ok: false,
        problem: expect.stringContaining('must not resolve to'),
      });
    }
  });

  it('accepts a public name and pins the first vetted address', async () => {
    const check = await checkWebhookUrl(
      'https://Hooks.Example.com/path?q=1',
      policy(resolverOf({ 'hooks.example.com': ['93.184.216.34', '2606:4700::1'] })),
    );
    expect(check).toEqual({
      ok: true,
      url: 'https://hooks.example.com/path?q=1',
      hostname: 'hooks.example.com',
      address: '93.184.216.34',
      family: 4,
      allowListed: false,
    });
  });

  it('refuses a name that does not resolve', async () => {
    const check = await checkWebhookUrl('https://nowhere.example.com/', policy(resolverOf({})));
    expect(check).toMatchObject({ ok: false, problem: expect.stringContaining('does not resolve') });
  });

  it('lets only allow-listed hosts use http and loopback', async () => {
    const resolve = resolverOf({ localhost: ['127.0.0.1'] });
    expect(await checkWebhookUrl('http://127.0.0.1:9/x', policy(resolve, ['127.0.0.1']))).toMatchObject({
      ok: true,
      address: '127.0.0.1',
    });
    expect(await checkWebhookUrl('http://localhost:9/x', policy(resolve, ['127.0.0.1']))).toMatchObject({
      ok: false,
    });
    expect(await checkWebhookUrl('https://localhost:9/x', policy(resolve, ['127.0.0.1']))).toMatchObject({
      ok: false,
    });
    // Another spelling normalises to the allow-listed host, so it is that host.
    expect(await checkWebhookUrl('http://2130706433:9/x', policy(resolve, ['127.0.0.1']))).toMatchObject({
      ok: true,
    });
    // A different loopback address is not on the list.
    expect(await checkWebhookUrl('http://127.0.0.2:9/x', policy(resolve, ['127.0.0.1']))).toMatchObject({
      ok: false,
    });
  });
});
