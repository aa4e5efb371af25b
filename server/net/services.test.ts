import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createServiceDirectory, lookupService, parseServices } from './services';

const dir = mkdtempSync(join(tmpdir(), 'allo-services-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SAMPLE = `# Network services, Internet style
#
tcpmux		1/tcp				# TCP port service multiplexer
echo		7/tcp
echo		7/udp
http		80/tcp		www		# WorldWideWeb HTTP
Kerberos	88/tcp		kerberos5 krb5	# Kerberos v5
garbage line without a port
broken		99999/tcp
  allo-demo	4242/udp	allo  	# a teacher's own entry
dup		5000/tcp
dup		5001/tcp
`;

function sampleDirectory() {
  const path = join(dir, 'services');
  writeFileSync(path, SAMPLE);
  return createServiceDirectory(path);
}

describe('parseServices', () => {
  it('reads names, aliases and protocols, skipping comments and malformed lines', () => {
    const table = parseServices(SAMPLE);
    expect(table.get('echo/tcp')).toBe(7);
    expect(table.get('echo/udp')).toBe(7);
    expect(table.get('www/tcp')).toBe(80);
    expect(table.get('krb5/tcp')).toBe(88);
    expect(table.get('allo/udp')).toBe(4242);
    expect(table.get('http/udp')).toBeUndefined();
    expect(table.get('broken/tcp')).toBeUndefined();
    expect(table.get('garbage/tcp')).toBeUndefined();
    expect(table.get('dup/tcp')).toBe(5000);
  });
});

describe('createServiceDirectory', () => {
  it('answers from the file, case-insensitively, with aliases', () => {
    const lookup = sampleDirectory();
    expect(lookup('http', 'tcp')).toEqual({ port: 80, source: 'etc-services' });
    expect(lookup('WWW', 'tcp')).toEqual({ port: 80, source: 'etc-services' });
    expect(lookup('kerberos', 'tcp')).toEqual({ port: 88, source: 'etc-services' });
    expect(lookup('allo-demo', 'udp')).toEqual({ port: 4242, source: 'etc-services' });
    expect(lookup('allo-demo', 'tcp')).toBeUndefined();
  });

  it('falls back to the built-in table for names the file lacks', () => {
    const lookup = sampleDirectory();
    expect(lookup('ssh', 'tcp')).toEqual({ port: 22, source: 'builtin' });
    expect(lookup('domain', 'udp')).toEqual({ port: 53, source: 'builtin' });
    expect(lookup('no-such-service', 'tcp')).toBeUndefined();
  });

  it('uses only the built-in table when the file is missing', () => {
    const lookup = createServiceDirectory(join(dir, 'missing'));
    expect(lookup('http', 'tcp')).toEqual({ port: 80, source: 'builtin' });
    expect(lookup('https', 'tcp')).toEqual({ port: 443, source: 'builtin' });
    expect(lookup('ntp', 'udp')).toEqual({ port: 123, source: 'builtin' });
    expect(lookup('tftp', 'tcp')).toBeUndefined();
  });

  it('reads the file once', () => {
    const path = join(dir, 'once');
    writeFileSync(path, 'first 1111/tcp\n');
    const lookup = createServiceDirectory(path);
    expect(lookup('first', 'tcp')?.port).toBe(1111);
    writeFileSync(path, 'first 2222/tcp\n');
    expect(lookup('first', 'tcp')?.port).toBe(1111);
  });
});

describe('lookupService', () => {
  it('finds http/tcp on this machine (from /etc/services when present)', () => {
    expect(lookupService('http', 'tcp')?.port).toBe(80);
    expect(lookupService('echo', 'udp')?.port).toBe(7);
  });

  it('treats a number as no service name, as getservbyname() does', () => {
    expect(lookupService('80', 'tcp')).toBeUndefined();
  });
});
