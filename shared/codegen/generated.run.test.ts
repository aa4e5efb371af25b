/**
 * Programs generated from real recorded sessions run for real: the session is
 * recorded through an in-process Allô server (real sockets on loopback), then
 * the generated C is compiled with gcc -Wall -Werror and the generated Python
 * runs under python3; both must exchange the very bytes the session did.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Event } from '../protocol';
import { startTestServer, type TestServer } from '../../server/testing/server';
import type { AlloTestClient } from '../../server/testing/client';
import { generate } from './index';
import { EventScript, ep } from '../testing/events';

const run = promisify(execFile);
let server: TestServer;
let dir: string;
beforeAll(async () => {
  server = await startTestServer();
  dir = await mkdtemp(join(tmpdir(), 'allo-codegen-'));
});
afterAll(async () => {
  await server?.close();
});

/** A real listener outside the session that keeps the bytes of each call it gets. */
async function recordingListener(): Promise<{ port: number; calls: Array<Promise<Buffer>>; close: () => void }> {
  const calls: Array<Promise<Buffer>> = [];
  const srv = net.createServer((sock) => {
    const chunks: Buffer[] = [];
    calls.push(
      new Promise((resolve) => {
        sock.on('data', (c) => chunks.push(c));
        sock.on('error', () => resolve(Buffer.concat(chunks)));
        sock.on('end', () => {
          sock.end();
          resolve(Buffer.concat(chunks));
        });
      }),
    );
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return { port: (srv.address() as net.AddressInfo).port, calls, close: () => srv.close() };
}

/** A client session dialling an outside listener and sending three chunks, then hanging up. */
async function recordClientSession(c: AlloTestClient, port: number): Promise<Event[]> {
  const { socket } = await c.ok({ op: 'socket', proto: 'tcp', family: 4 });
  await c.ok({ op: 'connect', socket, host: '127.0.0.1', port });
  await c.waitFor('connected', (e) => e.socket === socket);
  for (const text of ['Allô ?', ' deux', ' trois\n']) await c.ok({ op: 'send', socket, data: { text } });
  await c.ok({ op: 'send', socket, data: { base64: Buffer.from([0, 1, 2, 255]).toString('base64') } });
  await c.until(() => c.eventsOf('sent', socket).length === 4, 'four sends');
  await c.ok({ op: 'end', socket });
  await c.waitFor('peer-ended', (e) => e.socket === socket);
  // Both sides said goodbye: the server's socket closes by itself.
  await c.waitFor('closed', (e) => e.socket === socket);
  return [...c.events];
}

/** Listener, client and UDP inside the session, bytes both ways, FIN and RST. */
async function recordInsideSession(c: AlloTestClient): Promise<Event[]> {
  const { socket: l } = await c.ok({ op: 'socket', proto: 'tcp', family: 4 });
  const { local } = await c.ok({ op: 'listen', socket: l, address: '127.0.0.1', port: 0 });
  const { socket: a } = await c.ok({ op: 'socket', proto: 'tcp', family: 4 });
  await c.ok({ op: 'connect', socket: a, host: '127.0.0.1', port: local.port });
  const acc = await c.waitFor('accepted', (e) => e.socket === l);
  await c.waitFor('connected', (e) => e.socket === a);
  await c.ok({ op: 'send', socket: a, data: { text: 'Bonjour' } });
  await c.waitFor('received', (e) => e.socket === acc.child);
  await c.ok({ op: 'send', socket: acc.child, data: { text: 'Salut, ça va ?' } });
  await c.waitFor('received', (e) => e.socket === a);
  await c.ok({ op: 'end', socket: a });
  await c.waitFor('peer-ended', (e) => e.socket === acc.child);
  await c.ok({ op: 'close', socket: acc.child });
  await c.waitFor('closed', (e) => e.socket === a);
  const { socket: b } = await c.ok({ op: 'socket', proto: 'tcp', family: 4 });
  await c.ok({ op: 'connect', socket: b, host: '127.0.0.1', port: local.port });
  const acc2 = await c.waitFor('accepted', (e) => e.socket === l && e.child !== acc.child);
  await c.waitFor('connected', (e) => e.socket === b);
  await c.ok({ op: 'reset', socket: b });
  await c.waitFor('closed', (e) => e.socket === acc2.child);
  await c.ok({ op: 'close', socket: l });
  const { socket: box } = await c.ok({ op: 'socket', proto: 'udp', family: 4 });
  const bound = await c.ok({ op: 'bind', socket: box, address: '127.0.0.1', port: 0 });
  const { socket: post } = await c.ok({ op: 'socket', proto: 'udp', family: 4 });
  await c.ok({
    op: 'send',
    socket: post,
    data: { text: 'carte 1' },
    to: { host: '127.0.0.1', port: bound.local.port },
  });
  await c.ok({
    op: 'send',
    socket: post,
    data: { text: 'carte 2' },
    to: { host: '127.0.0.1', port: bound.local.port },
  });
  await c.until(() => c.eventsOf('received', box).length === 2, 'two postcards');
  await c.ok({ op: 'close', socket: box });
  await c.ok({ op: 'close', socket: post });
  await c.waitFor('closed', (e) => e.socket === post);
  return [...c.events];
}

/** What each socket received in the session, as the generated programs print it: "s3 recv: 7 bytes: Bonjour". */
function receivedLines(events: readonly Event[]): string[] {
  return events.flatMap((e) =>
    e.kind === 'received' ? [`${e.socket} recv: ${e.bytes} bytes: ${e.data.text ?? ''}`] : [],
  );
}

async function compileC(source: string, name: string): Promise<string> {
  const file = join(dir, `${name}.c`);
  await writeFile(file, source);
  await run('gcc', ['-Wall', '-Werror', '-o', join(dir, name), file], { timeout: 60_000 });
  return join(dir, name);
}

describe('generated programs replay a recorded session', () => {
  it('Python, run under python3 against a real listener, sends the same bytes', async () => {
    const peer = await recordingListener();
    const c = await server.client();
    await recordClientSession(c, peer.port);
    const sessionBytes = await peer.calls[0]!;
    const file = join(dir, 'client.py');
    await writeFile(file, generate(c.events, 'python', 'test').lines.join('\n'));
    await run('python3', [file], { timeout: 20_000 });
    expect(await peer.calls[1]!).toEqual(sessionBytes);
    expect(sessionBytes.length).toBe(Buffer.byteLength('Allô ? deux trois\n') + 4);
    peer.close();
    await c.close();
  }, 120_000);

  it('C compiles with gcc -Wall -Werror and sends the same bytes to a real listener', async () => {
    const peer = await recordingListener();
    const c = await server.client();
    await recordClientSession(c, peer.port);
    const bin = await compileC(generate(c.events, 'c', 'test').lines.join('\n'), 'client');
    await run(bin, [], { timeout: 20_000 });
    expect(await peer.calls[1]!).toEqual(await peer.calls[0]!);
    peer.close();
    await c.close();
  }, 120_000);

  it('C, Python, Node and Java replay a session with both ends inside it: both sides receive the same bytes', async () => {
    const c = await server.client();
    const events = await recordInsideSession(c);
    const expected = receivedLines(events);
    expect(expected.length).toBeGreaterThanOrEqual(4);
    const bin = await compileC(generate(events, 'c', 'test').lines.join('\n'), 'inside');
    const cOut = (await run(bin, [], { timeout: 20_000 })).stdout;
    for (const line of expected) expect(cOut).toContain(line);
    const py = join(dir, 'inside.py');
    await writeFile(py, generate(events, 'python', 'test').lines.join('\n'));
    const pyOut = (await run('python3', [py], { timeout: 20_000 })).stdout;
    expect(pyOut).toContain("recv: 7 bytes: b'Bonjour'");
    expect(pyOut).toContain("recv: 7 bytes: b'carte 2'");
    expect(pyOut).toContain('recv: 0 (0: the other side said goodbye)');
    const js = join(dir, 'inside.mjs');
    await writeFile(js, generate(events, 'node', 'test').lines.join('\n'));
    const jsOut = (await run(process.execPath, [js], { timeout: 20_000 })).stdout;
    for (const line of expected) expect(jsOut).toContain(line);
    const javaDir = join(dir, 'inside-java');
    await mkdir(javaDir, { recursive: true });
    await writeFile(join(javaDir, 'AlloSession.java'), generate(events, 'java', 'test').lines.join('\n'));
    const javaOut = (
      await run('java', ['-Dfile.encoding=UTF-8', '-Dstdout.encoding=UTF-8', join(javaDir, 'AlloSession.java')], {
        timeout: 60_000,
      })
    ).stdout;
    for (const line of expected) expect(javaOut).toContain(line);
    await c.close();
  }, 120_000);

  it('a host name: C looks it up with getaddrinfo() (never inet_pton on a name), compiles, and reaches a real listener via localhost', async () => {
    const peer = await recordingListener();
    // The session dialled "localhost": the server looked the name up, then dialled the address it checked.
    const s = new EventScript();
    s.add({ kind: 'created', socket: 's1', proto: 'tcp', family: 4, label: 'client' });
    s.add({ kind: 'lookup', host: 'localhost', addresses: [{ address: '127.0.0.1', family: 4 }] });
    s.add({ kind: 'connecting', socket: 's1', remote: ep('127.0.0.1', peer.port) });
    s.add({ kind: 'connected', socket: 's1', local: ep('127.0.0.1', 40000), remote: ep('127.0.0.1', peer.port) });
    s.sent('s1', 'par le nom', 0);
    s.add({ kind: 'ended', socket: 's1' });
    const c = generate(s.events, 'c', 'test').lines;
    expect(c).toContain(`    len = resolve_addr(&addr, "localhost", ${peer.port}, AF_INET);`);
    expect(c.join('\n')).not.toMatch(/inet_pton\(AF_INET6?, "localhost"/);
    expect(c.join('\n')).toContain('getaddrinfo(host, NULL, &hints, &res)');
    // Python, Node and Java resolve the name their usual way.
    expect(generate(s.events, 'python', 'test').lines).toContain(`client.connect(("localhost", ${peer.port}))`);
    expect(generate(s.events, 'node', 'test').lines).toContain(`await connect(client, "localhost", ${peer.port});`);
    expect(generate(s.events, 'java', 'test').lines.join('\n')).toContain(
      `client.connect(at("localhost", ${peer.port}));`,
    );
    const bin = await compileC(c.join('\n'), 'byname');
    await run(bin, [], { timeout: 20_000 });
    expect((await peer.calls[0]!).toString()).toBe('par le nom');
    peer.close();
  }, 120_000);
  it('a session that dialled "localhost" and sent a postcard to it: the generated C calls getaddrinfo() for the name, compiles and runs', async () => {
    const peer = await recordingListener();
    const c = await server.client();
    const { socket } = await c.ok({ op: 'socket', proto: 'tcp', family: 4, label: 'client' });
    await c.ok({ op: 'connect', socket, host: 'localhost', port: peer.port });
    await c.waitFor('connected', (e) => e.socket === socket);
    await c.ok({ op: 'send', socket, data: { text: 'par le nom' } });
    await c.waitFor('sent', (e) => e.socket === socket);
    await c.ok({ op: 'end', socket });
    await c.waitFor('peer-ended', (e) => e.socket === socket);
    const { socket: box } = await c.ok({ op: 'socket', proto: 'udp', family: 4, label: 'box' });
    const { local } = await c.ok({ op: 'bind', socket: box, address: '127.0.0.1', port: 0 });
    const { socket: post } = await c.ok({ op: 'socket', proto: 'udp', family: 4, label: 'post' });
    await c.ok({ op: 'send', socket: post, data: { text: 'carte' }, to: { host: 'localhost', port: local.port } });
    await c.waitFor('received', (e) => e.socket === box);
    // The server announced each lookup as the call's own step.
    expect(c.events.filter((e) => e.kind === 'lookup').map((e) => e.socket)).toEqual([socket, post]);
    const lines = generate(c.events, 'c', 'test').lines;
    const text = lines.join('\n');
    expect(lines).toContain(`    len = resolve_addr(&addr, "localhost", ${peer.port}, AF_INET);`);
    expect(text).toMatch(/len = resolve_addr\(&addr, "localhost", box_port, AF_INET\);\n\s+if \(sendto\(post/);
    expect(text).not.toMatch(/make_addr\(&addr, "localhost"/);
    expect(text).not.toMatch(/^\s+print_addresses\("localhost"\);/m);
    const bin = await compileC(text, 'recorded-byname');
    const out = (await run(bin, [], { timeout: 20_000 })).stdout;
    expect((await peer.calls[1]!).toString()).toBe('par le nom');
    expect(out).toContain('box recv: 5 bytes: carte');
    expect(generate(c.events, 'python', 'test').lines).toContain(`client.connect(("localhost", ${peer.port}))`);
    peer.close();
    await c.close();
  }, 120_000);
});
