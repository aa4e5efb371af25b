/**
 * The toolbox and the code view cannot disagree: every toolbox action is run
 * for real (its own toCommand, against an in-process server, real sockets on
 * loopback), and the C preview the toolbox showed just before is found, line
 * for line, in the program the code view generates from the session's events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../../shared/codegen';
import { emptyWorld, reduceWorld, type SocketState } from '../../../shared/world';
import type { CommandInput, Event } from '../../../shared/protocol';
import { startTestServer, type TestServer } from '../../../server/testing/server';
import type { AlloTestClient } from '../../../server/testing/client';
import { ACTIONS, ALL_ACTIONS, actionsFor, type ActionValues, type SocketAction } from './actions';
import { previewLines, previewSocket } from './preview';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const world = (events: readonly Event[]) => events.reduce(reduceWorld, emptyWorld());
const values = (v: Partial<ActionValues>): ActionValues => ({
  host: '127.0.0.1',
  port: 0,
  backlog: 16,
  payload: { text: 'x' },
  ...v,
});

/** Is `part` a run of consecutive lines of `whole`? */
function contains(whole: readonly string[], part: readonly string[]): boolean {
  for (let i = 0; i + part.length <= whole.length; i++) if (part.every((l, k) => whole[i + k] === l)) return true;
  return false;
}

describe('every toolbox action: its C preview is what the code view then shows', () => {
  it('TCP and UDP, from socket() to close(), with named and unnamed sockets', async () => {
    const c: AlloTestClient = await server.client();
    const previews: Array<{ action: string; lines: string[] }> = [];
    const seen = new Set<SocketAction>();

    const create = async (proto: 'tcp' | 'udp', label: string) => {
      previews.push({ action: 'socket', lines: previewSocket(c.events, proto, 4, label, 'en') });
      const { socket } = await c.ok({ op: 'socket', proto, family: 4, ...(label ? { label } : {}) });
      return socket;
    };
    /** Runs an action the way the form does; resolves once the events it causes have arrived. */
    const act = async (action: SocketAction, id: string, v: Partial<ActionValues>, until: Event['kind'][]) => {
      const s: SocketState = world(c.events).sockets[id]!;
      expect(actionsFor(s), `${action} offered on ${id}`).toContain(action);
      const vals = values(v);
      previews.push({ action: `${action} ${id}`, lines: previewLines(action, s, vals, c.events, 'en') });
      const before = c.events.length;
      const command: CommandInput = ACTIONS[action].toCommand(s, vals);
      await c.ok(command);
      for (const kind of until)
        await c.until(() => c.events.slice(before).some((e) => e.kind === kind), `${kind} after ${action}`);
      seen.add(action);
    };
    const port = (id: string) => world(c.events).sockets[id]!.local!.port;

    const l = await create('tcp', 'server');
    await act('bind', l, { port: 0 }, []);
    await act('listen', l, { backlog: 8 }, ['listening']);
    const k = await create('tcp', 'client');
    await act('connect', k, { port: port(l) }, ['connected', 'accepted']);
    const a = world(c.events).sockets[l]!.children[0]!;
    await act('send', k, { payload: { text: 'Allô ?' } }, ['received']);
    await act('pause', a, {}, ['paused']);
    await act('resume', a, {}, ['resumed']);
    await act('send', a, { payload: { base64: Buffer.from([0, 1, 2]).toString('base64') } }, ['received']);
    await act('end', k, {}, ['peer-ended']);
    await act('close', a, {}, ['closed']);
    const r = await create('tcp', '');
    await act('connect', r, { port: port(l) }, ['connected']);
    await act('reset', r, {}, ['reset']);
    const box = await create('udp', 'boîte');
    await act('bind', box, { port: 0 }, ['bound']);
    const post = await create('udp', '');
    await act('send', post, { port: port(box), payload: { text: 'carte 1' } }, ['received']);
    await act('connect', post, { port: port(box) }, []);
    await act('send', post, { payload: { text: 'carte 2' } }, ['received']);
    await act('close', post, {}, ['closed']);
    await act('close', l, {}, ['closed']);

    expect([...seen].sort()).toEqual([...ALL_ACTIONS].sort());
    const program = generate(c.events, 'c', 't').lines.map((line) => line.replace(/^ {4}/, ''));
    for (const p of previews) {
      if (p.action.startsWith('pause') || p.action.startsWith('resume')) {
        expect(p.lines, p.action).toHaveLength(1);
        continue;
      }
      expect(contains(program, p.lines), `${p.action}:\n${p.lines.join('\n')}`).toBe(true);
    }
    // The previews used the teacher's names and the kernel's ports, as the program does.
    expect(previews.find((p) => p.action === `connect ${k}`)?.lines[0]).toBe(
      'len = make_addr(&addr, "127.0.0.1", server_port);',
    );
    expect(previews.find((p) => p.action === `send ${post}`)?.lines.at(-1)).toMatch(/^if \(sendto\(s\d+, "carte 1", 7/);
    await c.close();
  }, 60_000);
});
