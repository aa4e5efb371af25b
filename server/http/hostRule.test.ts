/** The Host header parser and allow-list, as pure functions (the real-server table is in ws/gate.test.ts). */
import { describe, expect, it } from 'vitest';
import { createHostRule, hostRefusal, normaliseAllowedName, parseHostHeader } from './hostRule';

describe('parseHostHeader', () => {
  it.each([
    ['localhost', { kind: 'name', name: 'localhost', port: undefined }],
    ['LocalHost:3000', { kind: 'name', name: 'localhost', port: 3000 }],
    ['localhost.:3000', { kind: 'name', name: 'localhost', port: 3000 }],
    ['allo.localhost', { kind: 'name', name: 'allo.localhost', port: undefined }],
    ['127.0.0.1:8080', { kind: 'ip', address: '127.0.0.1', port: 8080 }],
    ['[::1]:3000', { kind: 'ip', address: '::1', port: 3000 }],
    ['[::1]', { kind: 'ip', address: '::1', port: undefined }],
    ['  evil.example:3000 ', { kind: 'name', name: 'evil.example', port: 3000 }],
    ['my_host.lan', { kind: 'name', name: 'my_host.lan', port: undefined }],
  ])('%j → %j', (raw, parsed) => {
    expect(parseHostHeader(raw)).toEqual(parsed);
  });

  it.each([
    '',
    ':3000',
    '::1', // IPv6 without brackets
    '[::1',
    '[::1]x',
    '[127.0.0.1]',
    '[fe80::1%25eth0]:80',
    'localhost:',
    'localhost:99999',
    'localhost:-1',
    'localhost:80:80',
    'local host',
    'user@localhost',
    'localhost/x',
    'a..b',
    '.localhost',
    'localhost..',
    '-bad.example',
    '2130706433', // 127.0.0.1 in another spelling: never a name
    '127.1',
    `${'a'.repeat(64)}.example`,
    'évil.example', // a browser sends punycode
  ])('%j is malformed', (raw) => {
    expect(parseHostHeader(raw)).toBeUndefined();
  });
});

describe('createHostRule', () => {
  const rule = createHostRule('localhost', ['allo.lan', '.class.example', 'Prof.Local.']);

  it.each([
    'localhost:3000',
    'allo.localhost:3000',
    'a.b.localhost',
    '127.0.0.1:3000',
    '10.1.2.3:3000',
    '[::1]:3000',
    'allo.lan:3000',
    'ALLO.LAN.',
    'class.example',
    'pc12.class.example:3000',
    'prof.local',
  ])('allows %j', (host) => {
    expect(rule.check(host).ok).toBe(true);
  });

  it.each([
    ['evil.example:3000', 'not-allowed'],
    ['localhost.evil.example', 'not-allowed'],
    ['evil-localhost', 'not-allowed'],
    ['allo.lan.evil.example', 'not-allowed'],
    ['notclass.example', 'not-allowed'],
    ['127.0.0.1.nip.io', 'not-allowed'],
    [undefined, 'missing'],
    ['', 'missing'],
    ['[::1', 'malformed'],
  ])('refuses %j (%s)', (host, reason) => {
    expect(rule.check(host)).toMatchObject({ ok: false, reason });
  });

  it('allows the configured --host when it is a name, and ignores it when it is an address', () => {
    expect(createHostRule('allo.school', []).check('allo.school:3000').ok).toBe(true);
    expect(createHostRule('0.0.0.0', []).check('evil.example').ok).toBe(false);
    expect(createHostRule('::', []).names).toEqual(['localhost', '.localhost']);
  });

  it('refuses an allow-list entry that is not a name', () => {
    expect(() => createHostRule('localhost', ['evil.example:3000'])).toThrow(/not a host name/);
    expect(normaliseAllowedName('.Class.Example.')).toBe('.class.example');
    expect(normaliseAllowedName('::1')).toBe('::1');
  });

  it('says how to allow a refused name', () => {
    const verdict = rule.check('evil.example:3000');
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(hostRefusal(verdict)).toMatch(/--allowed-host evil\.example\b/);
  });
});
