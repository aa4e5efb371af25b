/**
 * A command's reply and the events produced before it (a `send`'s `sent`)
 * leave the server in one write to the WebSocket's TCP socket, not one write
 * each: every write is a system call and, on loopback, a wake-up of the
 * browser. Observed on the server's real socket (each `_write`/`_writev` is
 * one write to the kernel), with a real TCP call on loopback.
 */
import type net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tcpCall } from '../testing/scenarios';
import { startTestServer, type TestServer } from '../testing/server';

let server: TestServer;
/** What each write of the server's WebSocket sockets carried, as text. */
const writes: string[] = [];

beforeAll(async () => {
  server = await startTestServer({ kernelPollMs: 0 });
  // The upgrade's socket is the one ws writes its frames to.
  server.httpServer.prependListener('upgrade', (_req, socket: net.Socket) => {
    const s = socket as net.Socket & {
      _write(chunk: Buffer, enc: string, cb: () => void): void;
      _writev(chunks: { chunk: Buffer | string }[], cb: () => void): void;
    };
    const write = s._write.bind(s);
    const writev = s._writev.bind(s);
    s._write = (chunk, enc, cb) => {
      writes.push(Buffer.from(chunk).toString('latin1'));
      write(chunk, enc, cb);
    };
    s._writev = (chunks, cb) => {
      writes.push(chunks.map((c) => Buffer.from(c.chunk).toString('latin1')).join(''));
      writev(chunks, cb);
    };
  });
});
afterAll(() => server.close());

describe('one write for a reply and the events before it', () => {
  it("a send's `sent` event and its reply share one write to the WebSocket", async () => {
    const c = await server.client();
    const call = await tcpCall(c, 4);
    for (let i = 0; i < 5; i++) {
      writes.length = 0;
      await c.ok({ op: 'send', socket: call.dialler, data: { text: `allô ${i}` } });
      const withSent = writes.filter((w) => w.includes('"kind":"sent"'));
      const withReply = writes.filter((w) => w.includes('"type":"reply"'));
      expect(withSent).toHaveLength(1);
      expect(withReply).toHaveLength(1);
      expect(withSent[0]).toBe(withReply[0]);
      // Causes before answers, inside the write too.
      expect(withSent[0]!.indexOf('"kind":"sent"')).toBeLessThan(withSent[0]!.indexOf('"type":"reply"'));
    }
    await c.close();
  });
});
