/**
 * Node.js rendering of a program (ESM, top-level await). Node's sockets are
 * asynchronous; a short prelude gives them blocking-style helpers (listen,
 * accept, connect, recv…) so the program reads in the same order as the C one.
 */
import { noteText, type Words } from './words';
import { LineSink, assertNeverStmt, int, type PortExpr, type Program, type Rendered, type Stmt } from './ir';
import { jsBuffer, jsStr } from './literals/js';
import { commentText } from './literals/comment';
import { RUN_COMMANDS } from './commands';

const port = (p: PortExpr) => (typeof p === 'number' ? int(p) : `${p.of}_port`);
const comment = (text: string) => `// ${commentText(text)}`;

const prelude = (h: Words['helpers']) =>
  `import dgram from 'node:dgram';
import dns from 'node:dns/promises';
import { readFileSync } from 'node:fs';
import net from 'node:net';

// ${h.helpers}
/** ${h.track} */
function track(sock) {
  Object.assign(sock, { inbox: [], eof: false, failure: null, waiters: [] });
  const wake = () => sock.waiters.splice(0).forEach((w) => w());
  sock.on(sock instanceof net.Socket ? 'data' : 'message', (chunk) => { sock.inbox.push(chunk); wake(); });
  sock.on('end', () => { sock.eof = true; wake(); });
  sock.on('error', (err) => { sock.failure = err; wake(); });
  sock.on('close', () => { sock.eof = true; wake(); });
  return sock;
}
async function until(sock, test) {
  while (!test()) await new Promise((resolve) => sock.waiters.push(resolve));
}
const tcpSocket = () => track(new net.Socket({ allowHalfOpen: true }));
const udpSocket = (family) => track(dgram.createSocket(family === 6 ? 'udp6' : 'udp4'));
function tcpServer() {
  const srv = Object.assign(net.createServer({ allowHalfOpen: true }), { inbox: [], waiters: [] });
  srv.on('connection', (c) => { srv.inbox.push(track(c)); srv.waiters.splice(0).forEach((w) => w()); });
  return srv;
}
/** ${h.listen} */
async function listen(srv, host, port, backlog) {
  try {
    await new Promise((ok, ko) => { srv.once('error', ko); srv.listen({ host, port, backlog }, ok); });
    return srv.address().port;
  } catch (err) { console.log('listen:', err.code); }
}
async function accept(srv) {
  await until(srv, () => srv.inbox.length > 0);
  return srv.inbox.shift();
}
async function connect(sock, host, port) {
  try {
    await new Promise((ok, ko) => { sock.once('error', ko); sock.connect({ host, port }, () => { sock.off('error', ko); ok(); }); });
  } catch (err) { console.log('connect:', err.code); }
}
async function bindUdp(u, host, port) {
  await new Promise((ok, ko) => { u.once('error', ko); u.bind(port, host, () => { u.off('error', ko); ok(); }); });
  return u.address().port;
}
const connectUdp = (u, host, port) => new Promise((ok) => u.connect(port, host, ok));
const send = (sock, bytes) => new Promise((ok) => sock.write(bytes, ok));
const sendUdp = (u, bytes) => new Promise((ok) => u.send(bytes, () => ok()));
const sendto = (u, bytes, host, port) => new Promise((ok) => u.send(bytes, port, host, () => ok()));
/** ${h.recv} */
async function recv(sock, n) {
  const size = () => sock.inbox.reduce((sum, b) => sum + b.length, 0);
  await until(sock, () => sock.failure || sock.eof || size() >= (n ?? 1));
  if (size() === 0 && sock.failure) throw sock.failure;
  const all = Buffer.concat(sock.inbox);
  const take = all.subarray(0, n ?? all.length);
  sock.inbox = take.length < all.length ? [all.subarray(take.length)] : [];
  return take;
}
async function recvfrom(u) {
  await until(u, () => u.inbox.length > 0 || u.failure);
  if (u.inbox.length === 0) { const err = u.failure; u.failure = null; throw err; }
  return u.inbox.shift();
}
/** ${h.nodeServices} */
function getservbyname(name, proto) {
  for (const line of readFileSync('/etc/services', 'utf8').split('\\n')) {
    const [n, pp, ...aliases] = line.split('#')[0].trim().split(/\\s+/);
    if ((n === name || aliases.includes(name)) && pp?.endsWith('/' + proto)) return Number(pp.split('/')[0]);
  }
}
// ${h.template}
let data;
`.split('\n');

function stmtLines(
  p: Program,
  s: Stmt,
  binds: Map<string, { address: string; port: PortExpr; savePort: boolean }>,
  w: Words,
): string[] {
  const role = (v: string) => p.sockets[v]?.role;
  switch (s.op) {
    case 'lookup':
      return [
        comment(w.lookup),
        `for (const a of await dns.lookup(${jsStr(s.host)}, { all: true })) console.log(${jsStr(s.host)}, "->", a.address);`,
      ];
    case 'service':
      return [
        `console.log(${jsStr(`${s.name}/${s.proto} -> port`)}, getservbyname(${jsStr(s.name)}, ${jsStr(s.proto)}));`,
      ];
    case 'socket': {
      const r = role(s.v);
      if (r === 'listener') return [`const ${s.v} = tcpServer();`];
      if (r === 'udp') return [`const ${s.v} = udpSocket(${p.sockets[s.v]?.family === 6 ? 6 : 4});`];
      return [`const ${s.v} = tcpSocket();`];
    }
    case 'bind': {
      if (role(s.v) === 'udp') {
        const call = `await bindUdp(${s.v}, ${jsStr(s.address)}, ${port(s.port)})`;
        return s.fails
          ? [`try { ${call}; } catch (err) { console.log("bind:", err.code); } ${comment(s.fails)}`]
          : s.savePort
            ? [`const ${s.v}_port = ${call};`, `console.log(\`${s.v}: port \${${s.v}_port}\`);`]
            : [`${call};`];
      }
      binds.set(s.v, s);
      return [
        comment(
          `bind(${s.address}, ${port(s.port)}): ${w.bindsIn(role(s.v) === 'listener' ? 'listen()' : 'connect()')}`,
        ),
      ];
    }
    case 'listen': {
      const b = binds.get(s.v) ?? { address: '127.0.0.1', port: 0, savePort: true };
      const call = `await listen(${s.v}, ${jsStr(b.address)}, ${port(b.port)}, ${int(s.backlog)})`;
      return b.savePort
        ? [`const ${s.v}_port = ${call};`, `console.log(\`${s.v}: port \${${s.v}_port}\`);`]
        : [`${call};`];
    }
    case 'connect':
      if (role(s.v) === 'udp') return [`await connectUdp(${s.v}, ${jsStr(s.host)}, ${port(s.port)});`];
      return [`await connect(${s.v}, ${jsStr(s.host)}, ${port(s.port)});${s.fails ? ` ${comment(s.fails)}` : ''}`];
    case 'accept':
      return [`const ${s.v} = await accept(${s.listener});`];
    case 'send': {
      const data = jsBuffer(s.bytes);
      if (s.to) return [`await sendto(${s.v}, ${data}, ${jsStr(s.to.host)}, ${port(s.to.port)});`];
      return [role(s.v) === 'udp' ? `await sendUdp(${s.v}, ${data});` : `await send(${s.v}, ${data});`];
    }
    case 'recv': {
      if (s.eof)
        return [
          `data = await recv(${s.v});`,
          `console.log(\`${s.v} recv: \${data.length} (0: the other side said goodbye)\`);`,
        ];
      const call =
        role(s.v) === 'udp'
          ? `data = await recvfrom(${s.v});`
          : `data = await recv(${s.v}${s.bytes !== undefined ? `, ${int(s.bytes)}` : ''});`;
      const lines = [call, `console.log(\`${s.v} recv: \${data.length} bytes: \${data}\`);`];
      return s.fails
        ? [
            'try {',
            ...lines.map((l) => `  ${l}`),
            `} catch (err) { console.log("recv:", err.code); } ${comment(s.fails)}`,
          ]
        : lines;
    }
    case 'shutdown':
      return [`${s.v}.end(); ${comment(w.fin)}`];
    case 'close':
      return [
        `${role(s.v) === 'listener' || role(s.v) === 'udp' ? `${s.v}.close();` : `${s.v}.destroy();`}${s.why ? ` ${comment(w.closedBy[s.why])}` : ''}`,
      ];
    case 'reset':
      return [`${s.v}.resetAndDestroy(); ${comment(w.rst)}`];
    case 'verbatim':
      return [...(s.lines.node ?? s.fallback.flatMap((f) => stmtLines(p, f, binds, w)))];
    case 'note':
      return [comment(noteText(s.text, w))];
    default:
      return assertNeverStmt(s);
  }
}

/** Renders the program as one Node.js ES module. */
export function renderNode(p: Program, title: string, w: Words): Rendered {
  const out = new LineSink();
  out.add(comment(title), comment(`${w.generated} ${w.run}: ${RUN_COMMANDS.node}`), ...prelude(w.helpers));
  const binds = new Map<string, { address: string; port: PortExpr; savePort: boolean }>();
  for (const s of p.stmts) out.stmt(s.step, stmtLines(p, s, binds, w));
  out.add('', comment(w.nodeExit), 'process.exit(0);');
  return out.done();
}
