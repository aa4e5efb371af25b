/**
 * Python 3 rendering of a program (the standard `socket` module). Calls that
 * failed in the session are wrapped in try/except, so the program reports the
 * same errno and carries on.
 */
import { noteText, type Words } from './words';
import { LineSink, assertNeverStmt, int, type PortExpr, type Program, type Rendered, type Stmt } from './ir';
import { pyBytes, pyStr } from './literals/python';
import { commentText } from './literals/comment';
import { RUN_COMMANDS } from './commands';

const port = (p: PortExpr) => (typeof p === 'number' ? int(p) : `${p.of}_port`);
const comment = (text: string) => `# ${commentText(text)}`;
const addr = (host: string, p: PortExpr) => `(${pyStr(host)}, ${port(p)})`;

/** Wraps a call that the session saw fail: the error is printed, the program goes on. */
function attempt(fails: string | undefined, what: string, lines: string[]): string[] {
  if (!fails) return lines;
  return [
    'try:',
    ...lines.map((l) => `    ${l}`),
    `except OSError as e:  ${comment(fails)}`,
    `    print("${what}:", e)`,
  ];
}

function stmtLines(p: Program, s: Stmt, w: Words): string[] {
  switch (s.op) {
    case 'lookup':
      return [
        comment(w.lookup),
        `for family, _, _, _, address in socket.getaddrinfo(${pyStr(s.host)}, None, proto=socket.IPPROTO_TCP):`,
        `    print(${pyStr(s.host)}, "->", address[0])`,
      ];
    case 'service':
      return [
        `print(${pyStr(`${s.name}/${s.proto} -> port`)}, socket.getservbyname(${pyStr(s.name)}, ${pyStr(s.proto)}))`,
      ];
    case 'socket': {
      const d = p.sockets[s.v];
      const family = d?.family === 6 ? 'socket.AF_INET6' : 'socket.AF_INET';
      const type = d?.proto === 'udp' ? 'socket.SOCK_DGRAM' : 'socket.SOCK_STREAM';
      return [`${s.v} = socket.socket(${family}, ${type})`];
    }
    case 'bind': {
      const lines = attempt(s.fails, 'bind', [`${s.v}.bind(${addr(s.address, s.port)})`]);
      if (s.savePort) lines.push(`${s.v}_port = ${s.v}.getsockname()[1]`, `print("${s.v}: port", ${s.v}_port)`);
      return lines;
    }
    case 'listen':
      return [`${s.v}.listen(${int(s.backlog)})`];
    case 'connect':
      return attempt(s.fails, 'connect', [`${s.v}.connect(${addr(s.host, s.port)})`]);
    case 'accept':
      return [`${s.v}, _ = ${s.listener}.accept()`];
    case 'send': {
      const data = pyBytes(s.bytes);
      if (s.to) return [`${s.v}.sendto(${data}, ${addr(s.to.host, s.to.port)})`];
      return [`${s.v}.send(${data})`];
    }
    case 'recv': {
      const udp = p.sockets[s.v]?.proto === 'udp';
      if (s.eof)
        return [`data = ${s.v}.recv(65536)`, `print("${s.v} recv:", len(data), "(0: the other side said goodbye)")`];
      const call = udp
        ? `data, _ = ${s.v}.recvfrom(65536)`
        : s.bytes !== undefined
          ? `data = ${s.v}.recv(${int(s.bytes)}, socket.MSG_WAITALL)`
          : `data = ${s.v}.recv(65536)`;
      return attempt(s.fails, 'recv', [call, `print("${s.v} recv:", len(data), "bytes:", data)`]);
    }
    case 'shutdown':
      return [`${s.v}.shutdown(socket.SHUT_WR)  ${comment(w.fin)}`];
    case 'close':
      return [`${s.v}.close()${s.why ? `  ${comment(w.closedBy[s.why])}` : ''}`];
    case 'reset':
      return [
        `${s.v}.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  ${comment(w.rst)}`,
        `${s.v}.close()`,
      ];
    case 'verbatim':
      return [...(s.lines.python ?? s.fallback.flatMap((f) => stmtLines(p, f, w)))];
    case 'note':
      return [comment(noteText(s.text, w))];
    default:
      return assertNeverStmt(s);
  }
}

/** Renders the program as one Python 3 file. */
export function renderPython(p: Program, title: string, w: Words): Rendered {
  const out = new LineSink();
  out.add(
    '#!/usr/bin/env python3',
    // Line 2 is where Python reads a source encoding ("coding: utf-7" would decode a title as code): ours is fixed.
    '# -*- coding: utf-8 -*-',
    comment(title),
    comment(`${w.generated} ${w.run}: ${RUN_COMMANDS.python}`),
    'import socket',
    'import struct',
    '',
  );
  for (const s of p.stmts) out.stmt(s.step, stmtLines(p, s, w));
  return out.done();
}
