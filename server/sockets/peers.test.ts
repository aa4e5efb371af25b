/**
 * Real peers outside the session: Node net/dgram sockets in this process, and
 * external programs (python3's socket module, curl). Exact bytes on both sides.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { python, start } from '../testing/processes';
import { listener, loopback, openSocket, streamOf } from '../testing/scenarios';
import { eventually } from '../testing/wait';
import { startTestServer, type TestServer } from '../testing/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe.each([4, 6] as const)('Node peers over IPv%i', (family) => {
  const lo = loopback(family);

  it('a net client calls a session listener; both sides half-close and keep talking', async () => {
    const c = await server.client();
    const { socket: l, local } = await listener(c, family);
    const peer = net.connect({ host: lo, port: local.port, allowHalfOpen: true });
    const peerPort = new Promise<number>((r) => peer.once('connect', () => r(peer.localPort!)));
    const got: Buffer[] = [];
    let peerSawFin = false;
    peer.on('data', (d) => got.push(d));
    peer.on('end', () => (peerSawFin = true));
    peer.on('error', () => {});
    const acc = await c.waitFor('accepted', (e) => e.socket === l);
    expect(acc.remote.port).toBe(await peerPort);

    peer.write(Buffer.from([1, 2, 3, 0xfe]));
    peer.end(); // the peer says bye…
    await c.waitFor('peer-ended', (e) => e.socket === acc.child);
    expect(streamOf(c, 'received', acc.child)).toEqual(Buffer.from([1, 2, 3, 0xfe]));
    // …but still listens: the session keeps talking to it.
    await c.ok({ op: 'send', socket: acc.child, data: { text: 'tu es encore là ?' } });
    await eventually(() => Buffer.concat(got).toString() === 'tu es encore là ?', 'peer to hear the session');

    // The other way round: the session's FIN, and a peer that keeps sending after it.
    const d = await openSocket(c, 'tcp', family);
    const srv = net.createServer({ allowHalfOpen: true });
    const afterFin: Buffer[] = [];
    srv.on('connection', (s) => {
      s.on('error', () => {});
      s.on('data', (x) => afterFin.push(x));
      s.on('end', () => {
        s.write('après ton FIN, ');
        s.write('je parle encore');
        s.end();
      });
    });
    await new Promise<void>((r) => srv.listen(0, lo, r));
    await c.ok({ op: 'connect', socket: d, host: lo, port: (srv.address() as net.AddressInfo).port });
    await c.waitFor('connected', (e) => e.socket === d);
    await c.ok({ op: 'send', socket: d, data: { text: 'bye' } });
    await c.ok({ op: 'end', socket: d });
    await c.waitFor('peer-ended', (e) => e.socket === d);
    expect(streamOf(c, 'received', d).toString()).toBe('après ton FIN, je parle encore');
    expect(Buffer.concat(afterFin).toString()).toBe('bye');
    expect(c.kindsOf(d).indexOf('ended')).toBeLessThan(c.kindsOf(d).indexOf('received'));
    await c.waitFor('closed', (e) => e.socket === d);
    expect(peerSawFin).toBe(false);
    peer.destroy();
    srv.close();
  });

  it('a peer that resets: ECONNRESET on the session side', async () => {
    const c = await server.client();
    const { socket: l, local } = await listener(c, family);
    const peer = net.connect({ host: lo, port: local.port });
    const peerUp = new Promise((r) => peer.once('connect', r));
    peer.on('error', () => {});
    const acc = await c.waitFor('accepted', (e) => e.socket === l);
    await c.waitFor('created', (e) => e.socket === acc.child);
    await peerUp;
    peer.resetAndDestroy();
    expect(await c.waitFor('error', (e) => e.socket === acc.child)).toMatchObject({ code: 'ECONNRESET' });
    expect((await c.waitFor('closed', (e) => e.socket === acc.child)).hadError).toBe(true);
  });

  it('dgram peers: postcards both ways with exact bytes', async () => {
    const c = await server.client();
    const u = await openSocket(c, 'udp', family);
    const { local } = await c.ok({ op: 'bind', socket: u, port: 0 });
    const peer = dgram.createSocket(family === 6 ? 'udp6' : 'udp4');
    peer.on('error', () => {});
    await new Promise<void>((r) => peer.bind(0, lo, r));
    const heard = new Promise<Buffer>((r) => peer.once('message', (m) => r(m)));
    peer.send(Buffer.from([0, 1, 2, 250]), local.port, lo);
    const rx = await c.waitFor('received', (e) => e.socket === u);
    expect(Buffer.from(rx.data.base64, 'base64')).toEqual(Buffer.from([0, 1, 2, 250]));
    expect(rx.from).toEqual({ address: lo, port: peer.address().port, family });
    await c.ok({ op: 'send', socket: u, data: { text: 'reçu' }, to: { host: lo, port: peer.address().port } });
    expect((await heard).toString()).toBe('reçu');
    peer.close();
  });
});

describe('python3 as a peer', () => {
  it('is a client of a session listener', async () => {
    const c = await server.client();
    const { socket: l, local } = await listener(c, 4);
    const py = python(
      `import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"hello from python\\x00\\xff")
s.shutdown(socket.SHUT_WR)
data = b""
while True:
    chunk = s.recv(4096)
    if not chunk: break
    data += chunk
sys.stdout.write(data.hex())`,
      [String(local.port)],
    );
    const acc = await c.waitFor('accepted', (e) => e.socket === l);
    await c.waitFor('peer-ended', (e) => e.socket === acc.child);
    expect(streamOf(c, 'received', acc.child)).toEqual(Buffer.from('hello from python\x00\xff', 'latin1'));
    await c.ok({ op: 'send', socket: acc.child, data: { text: 'bonjour, Python ✓' } });
    await c.ok({ op: 'close', socket: acc.child });
    const result = await py.done;
    expect(result.stderr).toBe('');
    expect(Buffer.from(result.stdout.toString(), 'hex').toString()).toBe('bonjour, Python ✓');
  });

  it('is a server for a session client', async () => {
    const c = await server.client();
    const py = python(`import socket, sys
srv = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
srv.bind(("::1", 0))
srv.listen(1)
print(srv.getsockname()[1], flush=True)
conn, _ = srv.accept()
data = b""
while True:
    chunk = conn.recv(4096)
    if not chunk: break
    data += chunk
conn.sendall(b"python heard " + str(len(data)).encode() + b" bytes: " + data)
conn.close()
sys.stdout.write(data.hex())`);
    const port = Number(await py.firstLine);
    const d = await openSocket(c, 'tcp', 6);
    await c.ok({ op: 'connect', socket: d, host: '::1', port });
    await c.waitFor('connected', (e) => e.socket === d);
    await c.ok({ op: 'send', socket: d, data: { base64: Buffer.from([0xde, 0xad, 0xbe, 0xef]).toString('base64') } });
    await c.ok({ op: 'end', socket: d });
    await c.waitFor('closed', (e) => e.socket === d);
    expect(streamOf(c, 'received', d)).toEqual(
      Buffer.concat([Buffer.from('python heard 4 bytes: '), Buffer.from([0xde, 0xad, 0xbe, 0xef])]),
    );
    const result = await py.done;
    expect(result.stdout.toString().split('\n')[1]).toBe('deadbeef');
  });
});

describe.each([4, 6] as const)('curl as a client over IPv%i', (family) => {
  it('sends exactly the HTTP request we expect, and gets our answer', async () => {
    const version = (await start('curl', ['--version']).done).stdout.toString().split(' ')[1];
    const c = await server.client();
    const { socket: l, local } = await listener(c, family);
    const host = family === 6 ? `[::1]:${local.port}` : `127.0.0.1:${local.port}`;
    const curl = start('curl', ['-sS', '--max-time', '8', '-H', 'X-Allo: bonjour', `http://${host}/lecon?n=1`]);
    const acc = await c.waitFor('accepted', (e) => e.socket === l);
    const request = `GET /lecon?n=1 HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: curl/${version}\r\nAccept: */*\r\nX-Allo: bonjour\r\n\r\n`;
    await c.until(
      () => c.eventsOf('received', acc.child).reduce((n, e) => n + e.bytes, 0) >= request.length,
      'the request',
    );
    expect(streamOf(c, 'received', acc.child).toString('latin1')).toBe(request);
    await c.ok({
      op: 'send',
      socket: acc.child,
      data: {
        text: 'HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 6\r\nConnection: close\r\n\r\nAllô!',
      },
    });
    await c.ok({ op: 'end', socket: acc.child });
    const result = await curl.done;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.toString()).toBe('Allô!');
  });
});
