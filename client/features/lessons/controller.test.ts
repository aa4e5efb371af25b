/**
 * The page's lesson controller over the real store, wired to an in-process
 * Allô server: commands go out through the store's transport and the events
 * come back into the store, as in the browser (without the per-frame buffer).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../server/testing/server';
import { BUILTIN_LESSONS } from '../../../shared/lessons/builtin';
import { openLessonSockets } from '../../../shared/lessons/runner';
import { createAlloStore } from '../../store';
import { createLessonController } from './controller';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

async function wiredStore() {
  const client = await server.client();
  const store = createAlloStore();
  store.getState().setTransport(async (command) => {
    const r = await client.send(command);
    return (r.ok ? { ok: true, result: r.result } : { ok: false, error: r.error }) as never;
  });
  // Feed the store with the session's events as they come.
  const timer = setInterval(() => store.getState().appendEvents(client.events), 5);
  return { store, client, stop: () => clearInterval(timer) };
}

describe('lesson controller', () => {
  it('runs a step only when asked, advances, goes back, and restart closes the lesson sockets', async () => {
    const { store, client, stop } = await wiredStore();
    const lessons = createLessonController(store);
    const appel = BUILTIN_LESSONS.find((l) => l.id === 'appel')!;
    await lessons.start(appel);
    const run = () => store.getState().lessonRun!;
    expect([run().index, run().status]).toEqual([0, 'ready']);
    expect(client.events).toHaveLength(0); // nothing happens before the person asks

    for (let i = 0; i < 4; i++) {
      await lessons.next(); // run
      expect([run().index, run().status, run().failure]).toEqual([i, 'done', undefined]);
      await lessons.next(); // advance
      expect([run().index, run().status]).toEqual([i + 1, 'ready']);
    }
    lessons.previous();
    expect([run().index, run().status]).toEqual([3, 'done']);

    const before = run();
    expect(openLessonSockets(before, store.getState().events)).toHaveLength(3);
    await lessons.restart();
    expect([run().index, run().status]).toEqual([0, 'ready']);
    await client.until(() => openLessonSockets(before, client.events).length === 0, 'the lesson sockets closed');

    await lessons.leave();
    expect(store.getState().lessonRun).toBeNull();
    stop();
    await client.close();
  });

  it('a failed step offers a way on: retry runs it again, skip moves past it', async () => {
    const { store, client, stop } = await wiredStore();
    const lessons = createLessonController(store);
    // Somebody else holds the port the teacher's lesson asks for.
    const holder = await client.ok({ op: 'socket', proto: 'tcp', family: 4 });
    const held = await client.ok({ op: 'listen', socket: holder.socket, address: '127.0.0.1', port: 0 });
    const base = BUILTIN_LESSONS.find((l) => l.id === 'occupe')!;
    const lesson = {
      ...base,
      steps: [
        {
          ...base.steps[2]!,
          actions: [
            { op: 'socket' as const, proto: 'tcp' as const, family: 4 as const, as: 'first' },
            {
              op: 'listen' as const,
              socket: { $ref: 'first.socket' },
              address: '127.0.0.1',
              port: held.local.port,
              as: 'first',
            },
          ],
        },
        base.steps[2]!,
      ],
    };
    await lessons.start(lesson);
    await lessons.next();
    const run = () => store.getState().lessonRun!;
    expect(run().status).toBe('failed');
    expect(run().failure).toMatchObject({ reason: 'port-taken', code: 'EADDRINUSE' });
    await lessons.retry();
    expect(run().failure?.reason).toBe('port-taken');
    lessons.skip();
    expect([run().index, run().status, run().outcomes[0]]).toEqual([1, 'ready', 'skipped']);
    await lessons.leave();
    stop();
    await client.close();
  });
});
