/**
 * The lessons on the wire (poignee-de-main, fenetre, raccrocher) run by the
 * real driver with the capture on: every check on segments is judged, on the
 * real packets, and passes. With the capture off the same lessons still run
 * their calls, and say which checks they could not judge.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeCapture } from '../../server/capture/tcpdump';
import type { AlloTestClient } from '../../server/testing/client';
import { startTestServer, type TestServer } from '../../server/testing/server';
import { BUILTIN_LESSONS } from './builtin';
import type { AssertionResult } from './checks';
import { runStep, type LessonIo } from './driver';
import { advance, isFinished, startLesson, type RunnerState } from './runner';

const WIRE_LESSONS = ['poignee-de-main', 'fenetre', 'raccrocher'];
const lessons = BUILTIN_LESSONS.filter((l) => WIRE_LESSONS.includes(l.id));
const capability = await probeCapture();
if (!capability.available)
  console.log(`[wire lesson tests skipped] ${capability.reason} To enable: ${capability.enable}`);

function io(c: AlloTestClient): LessonIo {
  return {
    send: (command) => c.request(command),
    events: () => c.events,
    changed: (ms) => {
      const n = c.events.length;
      return c.until(() => c.events.length > n, 'events', ms).catch(() => undefined);
    },
  };
}

/** Runs every step; returns every check result of the run. */
async function run(id: string, c: AlloTestClient): Promise<AssertionResult[]> {
  const lesson = lessons.find((l) => l.id === id)!;
  let s: RunnerState = startLesson(lesson, c.events.at(-1)?.seq ?? 0);
  const all: AssertionResult[] = [];
  for (let i = 0; i < lesson.steps.length; i++) {
    s = await runStep(s, io(c));
    expect(
      s.status,
      `${id} step ${i}: ${JSON.stringify({ failure: s.failure, checks: s.checks?.filter((x) => !x.ok) })}`,
    ).toBe('done');
    all.push(...(s.checks ?? []));
    if (!isFinished(s)) s = advance(s);
  }
  return all;
}

const onSegments = (checks: AssertionResult[]) =>
  checks.filter((c) => 'kind' in c.assertion && c.assertion.kind === 'segment');

describe.skipIf(!capability.available)('wire lessons with the capture on', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ capture: { enabled: true } });
  });
  afterAll(() => server?.close());

  it.each(WIRE_LESSONS)('%s: every check on segments is judged on the real packets and passes', async (id) => {
    const c = await server.client();
    await c.waitFor('capture', (e) => e.state === 'on');
    const checks = await run(id, c);
    const wire = onSegments(checks);
    expect(wire.length).toBeGreaterThan(0);
    for (const w of wire) {
      expect(w.skipped).toBeUndefined();
      expect(w.ok).toBe(true);
      expect(w.found).toBeGreaterThan(0);
    }
    await c.close();
  });

  it('the handshake step saw the SYN, SYN-ACK and ACK with the numbers the capture decoded', async () => {
    const c = await server.client();
    await c.waitFor('capture', (e) => e.state === 'on');
    await run('poignee-de-main', c);
    const hs = c
      .eventsOf('segment')
      .slice(0, 3)
      .map((e) => `${[...e.flags].sort().join('+')} ${e.tcpSeq} ${e.tcpAck}`);
    expect(hs).toEqual(['SYN 0 0', 'ACK+SYN 0 1', 'ACK 1 1']);
    await c.close();
  });
});

describe('wire lessons with the capture off', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it.each(WIRE_LESSONS)('%s still runs its calls, and marks its checks on segments as not judged', async (id) => {
    const c = await server.client();
    const checks = await run(id, c);
    const wire = onSegments(checks);
    expect(wire.length).toBeGreaterThan(0);
    for (const w of wire) expect(w.skipped).toBe('capture-off');
    expect(checks.some((x) => x.skipped === undefined)).toBe(true);
    await c.close();
  });
});
