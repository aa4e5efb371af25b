/**
 * It stays so (issue 11 point 6): 20,000+ generated hostile frames across every
 * op and field, from a small seeded generator (the same frames every run), sent
 * one at a time to one session on a real server. Each gets exactly one reply,
 * a clean error (a stable code or an errno name, never INTERNAL, with a
 * sentence); the server never crashes; and the session's sockets, made before
 * the storm, still carry a TCP echo and a UDP postcard after it. Bounded by
 * count, not by time.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LINK } from '../shared/compare/link';
import { ErrorCodes, OPS, type ReplyFrame } from '../shared/protocol';
import type { AlloTestClient } from './testing/client';
import { openSocket } from './testing/scenarios';
import { startTestServer, type TestServer } from './testing/server';

const FRAMES = 20_000;
const SEED = 0x5eed_a110;

/** mulberry32: a tiny PRNG, enough to pick among hostile values reproducibly. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
/** What a generated frame is and which reply it must get. */
interface Hostile {
  raw: string;
  /** The id the reply must carry: null when the frame's id cannot be read. */
  id: number | string | null;
  why: string;
}

/** A plausible command of each op, on a socket that does not exist: even unmutated, it cannot change anything. */
const BASES: Record<string, Record<string, Json>> = {
  hello: { protocol: 1 },
  lookup: { host: 'localhost' },
  service: { name: 'http', proto: 'tcp' },
  socket: { proto: 'udp', family: 4, label: 'x' },
  bind: { socket: 's9999', port: 0, address: '127.0.0.1' },
  listen: { socket: 's9999', port: 0, backlog: 5 },
  connect: { socket: 's9999', host: '127.0.0.1', port: 7000 },
  send: { socket: 's9999', data: { text: 'x' }, to: { host: '127.0.0.1', port: 7000 } },
  end: { socket: 's9999' },
  close: { socket: 's9999' },
  reset: { socket: 's9999' },
  pause: { socket: 's9999' },
  resume: { socket: 's9999' },
  compare: {
    script: { count: 2, size: 16, intervalMs: 5 },
    link: { ...DEFAULT_LINK },
    family: 4,
  },
  'compare-stop': { run: 'c9999' },
};

function generator(seed: number, udp: string, serverPort: number) {
  const r = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const int = (n: number) => Math.floor(r() * n);
  const junkString = () =>
    pick([
      '',
      ' ',
      '\u0000',
      '\u202e',
      '\ud800',
      '💥'.repeat(1 + int(50)),
      'A'.repeat(int(3000)),
      '../../etc/passwd',
      '<script>',
      "'; DROP TABLE",
      '%s%n',
      'NaN',
      '1e309',
    ]);
  /** A value no field of any command accepts (commands are strict objects; nothing is nullable or an array). */
  const neverValid = (): Json =>
    pick<() => Json>([
      () => null,
      () => [],
      () => [1, 'two', null],
      () => ({ [`k${int(1000)}`]: junkString() }),
      () => ({ __proto__x: { polluted: true } }),
      () => pick([true, false]),
    ])();
  /** A value of some type for a field; may or may not fit, used only where the frame is invalid anyway. */
  const anyValue = (): Json =>
    pick<() => Json>([
      () => junkString(),
      () => pick([-1, 0, 1.5, 65536, 2 ** 53, -0, 1e308, Number.MAX_SAFE_INTEGER]),
      neverValid,
    ])();
  const extraKeys = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'x', 'ID', 'Op', 'socket ', 'data2'];
  let nextId = 1;

  return (): Hostile => {
    const kind = int(100);
    // Frames whose id cannot be read: the reply's id is null.
    if (kind < 15) {
      const raw = pick<() => string>([
        () => junkString() || '{',
        () => '{"id": 1, "op": "lookup", "host": "localhost"',
        () => JSON.stringify(anyValue()).replace(/./, ''),
        () => '['.repeat(1 + int(5000)) + ']'.repeat(int(3)),
        () => JSON.stringify(pick([1, 'hello', true, null, [], [{ id: 1, op: 'lookup' }]])),
        () => JSON.stringify({ op: pick(OPS), ...BASES[pick(OPS)] }),
        () => JSON.stringify({ id: pick<Json>([null, {}, [], true, -1, 1.5, '', 'x'.repeat(65)]), op: pick(OPS) }),
        () => `{"id": ${int(100)}, "id": {}, "op": "lookup", "host": "localhost"}`,
        () => '\ufeff' + JSON.stringify({ id: 1, op: 'lookup', host: 'localhost' }),
      ])();
      return { raw, id: null, why: 'unreadable id' };
    }
    const id = r() < 0.8 ? nextId++ : `fuzz-${nextId++}`;
    // Hostile targets on a real UDP socket of the session: refused by policy or by the kernel's rules.
    if (kind < 30) {
      const host = pick([
        '10.0.0.1',
        '255.255.255.255',
        '127.255.255.255',
        '224.0.0.1',
        '0.0.0.0',
        '::1',
        '::ffff:10.0.0.1',
        '169.254.169.254',
        '0x7f.1',
        'nowhere.invalid',
      ]);
      const port = pick([22, 53, 80, 1023, serverPort]);
      // 0x7f.1 is 127.0.0.1, ::1 is of the other family: each refused for its own reason at these ports.
      const useHost = host;
      const safePort = host === '0x7f.1' ? pick([22, serverPort]) : port;
      const frame = {
        id,
        op: 'send',
        socket: udp,
        data: { text: junkString() || 'x' },
        to: { host: useHost, port: safePort },
      };
      return { raw: JSON.stringify(frame), id, why: `sendto ${useHost}:${safePort}` };
    }
    const op = kind < 35 ? `${pick(OPS)}${pick(['', 'x', ' ', '\u0000'])}X` : pick(OPS);
    const base: Record<string, Json> = { ...(BASES[op] ?? {}) };
    const frame: Record<string, Json> = { id, op, ...base };
    const fields = Object.keys(base);
    const mutation = int(3);
    if (!(op in BASES)) {
      // unknown op: INVALID with its id
    } else if (mutation === 0 || fields.length === 0) {
      // defineProperty: `frame.__proto__ = v` would set the prototype, not send a key.
      Object.defineProperty(frame, pick(extraKeys), {
        value: anyValue(),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else if (mutation === 1) {
      frame[pick(fields)] = neverValid();
    } else {
      // Break a field deep down (nested objects are strict too), or drop a required one.
      const f = pick(fields);
      const v = frame[f];
      if (v && typeof v === 'object' && !Array.isArray(v)) frame[f] = { ...v, [`${pick(extraKeys)}2`]: anyValue() };
      else frame[f] = neverValid();
    }
    return { raw: JSON.stringify(frame), id, why: `${op} ${JSON.stringify(frame).slice(0, 120)}` };
  };
}

const CLEAN_CODES = new Set<string>(ErrorCodes.filter((c) => c !== 'INTERNAL'));

let server: TestServer;
let c: AlloTestClient;
let echo: net.Server;
beforeAll(async () => {
  server = await startTestServer({ limits: { maxCommandsPerSecond: 1_000_000 } });
  c = await server.client({ timeoutMs: 20_000 });
  echo = net.createServer((s) => {
    s.on('error', () => {});
    s.pipe(s);
  });
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
});
afterAll(async () => {
  echo.close();
  await server.close();
});

describe('a storm of hostile frames', () => {
  it(`${FRAMES} frames: each answered once with a clean error; the session and its sockets carry on`, async () => {
    // Sockets made before the storm: a TCP call to a real echo peer, and two UDP sockets.
    const t = await openSocket(c, 'tcp', 4);
    await c.ok({ op: 'connect', socket: t, host: '127.0.0.1', port: (echo.address() as net.AddressInfo).port });
    await c.waitFor('connected', (e) => e.socket === t);
    const u = await openSocket(c, 'udp', 4);
    const v = await openSocket(c, 'udp', 4);
    const { local: vLocal } = await c.ok({ op: 'bind', socket: v, port: 0 });

    const next = generator(SEED, u, server.port);
    // Replies so far, collected incrementally (c.frames only grows).
    const collected: ReplyFrame[] = [];
    let scanned = 0;
    const replies = () => {
      for (; scanned < c.frames.length; scanned++) {
        const f = c.frames[scanned]!;
        if (f.type === 'reply') collected.push(f);
      }
      return collected;
    };
    let seen = replies().length;
    const codes = new Map<string, number>();
    for (let i = 0; i < FRAMES; i++) {
      const h = next();
      c.sendRaw(h.raw);
      await c.until(() => replies().length > seen, `a reply to #${i} (${h.why})`);
      const all = replies();
      expect(all.length, `one reply to #${i} (${h.why})`).toBe(seen + 1);
      const reply = all[seen]!;
      seen++;
      if (reply.ok) throw new Error(`#${i} (${h.why}) succeeded: ${JSON.stringify(reply.result)}`);
      expect(reply.id, h.why).toEqual(h.id);
      const clean = CLEAN_CODES.has(reply.error.code) || /^E[A-Z]+$/.test(reply.error.code);
      if (!clean) throw new Error(`#${i} (${h.why}) → ${JSON.stringify(reply.error)}`);
      expect(reply.error.message.length, h.why).toBeGreaterThan(10);
      codes.set(reply.error.code, (codes.get(reply.error.code) ?? 0) + 1);
    }
    // Many kinds of refusal, not one path taken 20,000 times.
    expect([...codes.keys()]).toEqual(expect.arrayContaining(['INVALID', 'NOT_FOUND', 'POLICY_DENIED', 'PROTOCOL']));

    // The session carries on: its TCP call still echoes, its UDP sockets still exchange.
    await c.ok({ op: 'send', socket: t, data: { text: 'still there?' } });
    await c.until(
      () =>
        Buffer.concat(c.eventsOf('received', t).map((e) => Buffer.from(e.data.base64, 'base64'))).toString() ===
        'still there?',
      'the echo',
    );
    await c.ok({ op: 'send', socket: u, data: { text: 'postcard' }, to: { host: '127.0.0.1', port: vLocal.port } });
    expect((await c.waitFor('received', (e) => e.socket === v)).data.text).toBe('postcard');
    // No extra reply came late, and the server is whole.
    expect(replies().length).toBe(seen + 2);
    expect(server.stats().sessions).toBe(1);
    const other = await server.client();
    await other.ok({ op: 'socket', proto: 'udp', family: 4 });
  }, 240_000);
});
