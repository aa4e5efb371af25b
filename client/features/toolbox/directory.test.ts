import { describe, expect, it } from 'vitest';
import { checkServiceName, DIRECTORY } from './directory';
import { directoryPreview } from './preview';

describe('the directory actions of the toolbox', () => {
  it('look up a host name with getaddrinfo() and a service with getservbyname(), as the code view writes them', () => {
    expect(DIRECTORY.lookup.toCommand({ name: 'localhost', proto: 'tcp' })).toEqual({
      op: 'lookup',
      host: 'localhost',
    });
    expect(DIRECTORY.service.toCommand({ name: 'echo', proto: 'udp' })).toEqual({
      op: 'service',
      name: 'echo',
      proto: 'udp',
    });
    expect(directoryPreview('lookup', { name: 'localhost', proto: 'tcp' }, [], 'en').join('\n')).toContain(
      'print_addresses("localhost");',
    );
    expect(directoryPreview('service', { name: 'echo', proto: 'udp' }, [], 'en').join('\n')).toContain(
      'print_service("echo", "udp");',
    );
  });

  it('a service name is one word and not a number (getservbyname() takes a name)', () => {
    expect(checkServiceName(' http ')).toEqual({ ok: true, value: 'http' });
    expect(checkServiceName('')).toMatchObject({ ok: false, problem: { key: 'problem.serviceRequired' } });
    expect(checkServiceName('80')).toMatchObject({ ok: false, problem: { key: 'problem.serviceNumber' } });
    expect(checkServiceName('a b')).toMatchObject({ ok: false, problem: { key: 'problem.serviceInvalid' } });
  });
});
