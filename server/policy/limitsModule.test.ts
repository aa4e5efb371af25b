/**
 * Issue 16 point 5: every limit in one module (shared/limits.ts), reported in
 * `welcome`, overridable with `--limit` (validated at start-up), and honoured —
 * the compare limits included, which used to live apart and could not be changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNTOUCHED_LINK } from '../../shared/compare/link';
import { COMPARE_LIMITS } from '../../shared/compare/limits';
import { DEFAULT_LIMITS, checkLimit } from '../../shared/limits';
import { parseConfig } from '../config';
import { startTestServer, type TestServer } from '../testing/server';
import { resolveLimits } from './limits';

describe('the one limits module', () => {
  it('holds the compare limits too, under names of their own', () => {
    expect(DEFAULT_LIMITS).toMatchObject({ compareMaxCount: 500, compareMaxSize: 1400, compareMaxRunMs: 120_000 });
    expect(COMPARE_LIMITS.maxCount).toBe(DEFAULT_LIMITS.compareMaxCount);
    expect(COMPARE_LIMITS.drainMs).toBe(DEFAULT_LIMITS.compareDrainMs);
  });

  it.each([
    [['--limit', 'maxSockets=3'], /unknown limit "maxSockets"/],
    [['--limit', 'maxSessions'], /"" is not a number/],
    [['--limit', 'maxSessions=2.5'], /not a number/],
    [['--limit', 'maxSessions=-1'], /not a number/],
    [['--limit', 'maxSessions=0'], /maxSessions must be at least 1/],
    [['--limit', 'maxSendBytes=1e9'], /not a number/],
    [['--limit', 'compareMaxCount=501'], /compareMaxCount may be lowered, not raised above 500/],
    [['--limit', 'compareMinIntervalMs=1'], /compareMinIntervalMs may be raised, not lowered below 5/],
    [
      ['--limit', 'compareMinSize=1000', '--limit', 'compareMaxSize=500'],
      /compareMinSize \(1000\) is above compareMaxSize \(500\)/,
    ],
  ])('refuses %j at start-up with %s', (argv, message) => {
    expect(() => parseConfig(argv, {})).toThrow(message);
  });

  it('accepts 0 only where it means something', () => {
    expect(parseConfig(['--limit', 'previewBytes=0', '--limit', 'resumeGraceMs=0'], {}).limits).toEqual({
      previewBytes: 0,
      resumeGraceMs: 0,
    });
    expect(checkLimit('heartbeatMs', 0)).toMatch(/at least 1/);
  });

  it('in-process overrides are validated the same way', () => {
    expect(() => resolveLimits({ maxSessions: 0 })).toThrow(/maxSessions must be at least 1/);
    expect(() => resolveLimits({ compareMaxDelayMs: 5000 })).toThrow(/compareMaxDelayMs/);
    expect(() => resolveLimits({ nope: 1 } as never)).toThrow(/unknown limit "nope"/);
  });
});

describe('a server with tightened compare limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ limits: { compareMaxCount: 10, compareMaxRunMs: 2000, maxSessions: 7 } });
  });
  afterAll(() => server.close());

  it('reports every limit in welcome, with the overrides', async () => {
    const c = await server.client();
    expect(c.welcome?.server.policy.limits).toEqual({
      ...DEFAULT_LIMITS,
      resumeGraceMs: 300, // the test server's short grace
      maxSessionsPerClient: 10_000, // and its lifted per-client caps (all of loopback is one client)
      maxUpgradesPerSecondPerClient: 10_000,
      compareMaxCount: 10,
      compareMaxRunMs: 2000,
      maxSessions: 7,
    });
  });

  it('refuses a run past a tightened limit with LIMIT naming it, and runs one within', async () => {
    const c = await server.client({ timeoutMs: 10_000 });
    const tooMany = await c.fail({
      op: 'compare',
      script: { count: 11, size: 16, intervalMs: 5 },
      link: UNTOUCHED_LINK,
    });
    expect(tooMany).toMatchObject({
      code: 'LIMIT',
      limit: 'compareMaxCount',
      message: expect.stringMatching(/at most 10/),
    });
    const tooLong = await c.fail({
      op: 'compare',
      script: { count: 10, size: 16, intervalMs: 250 },
      link: UNTOUCHED_LINK,
    });
    expect(tooLong).toMatchObject({ code: 'LIMIT', limit: 'compareMaxRunMs' });
    const run = await c.ok({ op: 'compare', script: { count: 10, size: 16, intervalMs: 5 }, link: UNTOUCHED_LINK });
    expect((await c.waitFor('compare-ended', (e) => e.run === run.run)).reason).toBe('done');
  });
});
