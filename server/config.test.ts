import { describe, expect, it } from 'vitest';
import { parseConfig } from './config';

describe('parseConfig', () => {
  it('defaults: localhost:3000, nothing allowed beyond loopback', () => {
    expect(parseConfig([], {})).toEqual({
      port: 3000,
      host: 'localhost',
      allow: [],
      allowPorts: [],
      dev: false,
      limits: {},
      allowedHosts: [],
      logLevel: 'info',
      capture: { enabled: true },
    });
  });

  it('reads allowed host names from ALLO_ALLOWED_HOSTS and --allowed-host (repeatable, comma lists)', () => {
    const c = parseConfig(['--allowed-host', 'allo.lan,.class.example', '--allowed-host=Prof.Local.'], {
      ALLO_ALLOWED_HOSTS: 'proxy.example',
    });
    expect(c.allowedHosts).toEqual(['proxy.example', 'allo.lan', '.class.example', 'Prof.Local.']);
    expect(() => parseConfig(['--allowed-host', 'evil.example:3000'], {})).toThrow(/not a host name/);
    expect(() => parseConfig(['--allowed-host', 'a b'], {})).toThrow(/not a host name/);
  });

  it('reads the log level from --log-level or ALLO_LOG_LEVEL, and refuses an unknown one', () => {
    expect(parseConfig(['--log-level', 'debug'], { ALLO_LOG_LEVEL: 'warn' }).logLevel).toBe('debug');
    expect(parseConfig([], { ALLO_LOG_LEVEL: 'warn' }).logLevel).toBe('warn');
    expect(() => parseConfig(['--log-level', 'chatty'], {})).toThrow(/not one of/);
  });

  it('reads PORT, HOST and ALLO_ALLOW; flags win over the environment', () => {
    const env = { PORT: '8080', HOST: '0.0.0.0', ALLO_ALLOW: '10.0.0.0/8, lab.example ' };
    expect(parseConfig([], env)).toMatchObject({ port: 8080, host: '0.0.0.0', allow: ['10.0.0.0/8', 'lab.example'] });
    const flags = parseConfig(
      ['--port', '0', '--host', '::1', '--allow', '192.168.1.0/24,fd00::/8', '--allow=printer.lan', '--dev'],
      env,
    );
    expect(flags).toMatchObject({ port: 0, host: '::1', dev: true });
    expect(flags.allow).toEqual(['10.0.0.0/8', 'lab.example', '192.168.1.0/24', 'fd00::/8', 'printer.lan']);
  });

  it('takes named limits', () => {
    expect(parseConfig(['--limit', 'resumeGraceMs=500', '--limit', 'maxSessions=4'], {}).limits).toEqual({
      resumeGraceMs: 500,
      maxSessions: 4,
    });
  });

  it('refuses what it does not understand, with a reason', () => {
    expect(() => parseConfig(['--port', '70000'], {})).toThrow(/not a port/);
    expect(() => parseConfig([], { PORT: 'web' })).toThrow(/PORT/);
    expect(() => parseConfig(['--limit', 'maxFun=1'], {})).toThrow(/unknown limit/);
    expect(() => parseConfig(['--capture', 'maybe'], {})).toThrow(/--capture/);
    expect(() => parseConfig(['--limit', 'maxSessions=lots'], {})).toThrow(/not a number/);
    expect(() => parseConfig(['--verbose'], {})).toThrow();
  });

  it('turns packet capture on by default, off with --capture off or ALLO_CAPTURE=off', () => {
    expect(parseConfig(['--capture', 'off'], {}).capture).toEqual({ enabled: false });
    expect(parseConfig([], { ALLO_CAPTURE: 'off' }).capture).toEqual({ enabled: false });
    expect(parseConfig(['--capture', 'on'], { ALLO_CAPTURE: 'off' }).capture).toEqual({ enabled: true });
  });
});

describe('class mode', () => {
  it('is off by default, on with --class or ALLO_CLASS=1, with --class-address chosen', () => {
    expect(parseConfig([], {}).class).toBeUndefined();
    expect(parseConfig(['--class'], {}).class).toEqual({ addresses: [] });
    expect(parseConfig([], { ALLO_CLASS: '1' }).class).toEqual({ addresses: [] });
    expect(parseConfig(['--class', '--class-address', '127.0.0.2', '--class-address', '127.0.0.3'], {}).class).toEqual({
      addresses: ['127.0.0.2', '127.0.0.3'],
    });
    expect(() => parseConfig([], { ALLO_CLASS: 'maybe' })).toThrow(/ALLO_CLASS/);
  });
});
