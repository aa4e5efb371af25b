/**
 * C (BSD sockets) rendering of a program. The output compiles with
 * `gcc -Wall -Werror` and runs as is on Linux: every call that can fail is
 * checked with perror(), so a refused connect is reported and the program goes on.
 */
import { noteText, type Words } from './words';
import { LineSink, assertNeverStmt, int, type PortExpr, type Program, type Rendered, type Stmt } from './ir';
import { cBytes, cString } from './literals/c';
import { commentText } from './literals/comment';
import { isIpLiteral } from '../safeValues';
import type { Family } from '../protocol';
import { RUN_COMMANDS } from './commands';

const I = '    ';

const port = (p: PortExpr) => (typeof p === 'number' ? int(p) : `${p.of}_port`);
/** `/* text *\/`, the text made safe for a comment. */
const comment = (text: string) => `/* ${commentText(text)} */`;
const fails = (code: string | undefined, suffix = '') => (code ? ` ${comment(`${code}${suffix}`)}` : '');

/**
 * The line that fills `addr`: inet_pton() for an IP literal, getaddrinfo()
 * for a host name (the directory), in the socket's family.
 */
export function cAddrLine(host: string, p: PortExpr, family: Family): string {
  if (isIpLiteral(host)) return `len = make_addr(&addr, ${cString(host)}, ${port(p)});`;
  return `len = resolve_addr(&addr, ${cString(host)}, ${port(p)}, ${family === 6 ? 'AF_INET6' : 'AF_INET'});`;
}

function stmtLines(p: Program, s: Stmt, w: Words): string[] {
  const decl = (v: string) => p.sockets[v];
  const family = (v: string): Family => decl(v)?.family ?? 4;
  switch (s.op) {
    case 'lookup':
      return [comment(`${w.lookup} ${w.lookupOld}`), `print_addresses(${cString(s.host)});`];
    case 'service':
      return [`print_service(${cString(s.name)}, ${cString(s.proto)}); /* getservbyname() */`];
    case 'socket': {
      const d = decl(s.v);
      const family = d?.family === 6 ? 'AF_INET6' : 'AF_INET';
      const type = d?.proto === 'udp' ? 'SOCK_DGRAM' : 'SOCK_STREAM';
      return [`int ${s.v} = socket(${family}, ${type}, 0);`, `if (${s.v} < 0) perror("socket");`];
    }
    case 'bind': {
      const lines = [
        cAddrLine(s.address, s.port, family(s.v)),
        `if (bind(${s.v}, (struct sockaddr *)&addr, len) < 0) perror("bind");${fails(s.fails)}`,
      ];
      if (s.savePort) lines.push(`int ${s.v}_port = local_port(${s.v});`, `printf("${s.v}: port %d\\n", ${s.v}_port);`);
      return lines;
    }
    case 'listen':
      return [`if (listen(${s.v}, ${int(s.backlog)}) < 0) perror("listen");${fails(s.fails)}`];
    case 'connect':
      return [
        cAddrLine(s.host, s.port, family(s.v)),
        `if (connect(${s.v}, (struct sockaddr *)&addr, len) < 0) perror("connect");${fails(s.fails)}`,
      ];
    case 'accept':
      return [`int ${s.v} = accept(${s.listener}, NULL, NULL);`, `if (${s.v} < 0) perror("accept");`];
    case 'send': {
      const data = cBytes(s.bytes);
      if (!s.to) return [`if (send(${s.v}, ${data}, ${s.bytes.length}, 0) < 0) perror("send");`];
      return [
        cAddrLine(s.to.host, s.to.port, family(s.v)),
        `if (sendto(${s.v}, ${data}, ${s.bytes.length}, 0, (struct sockaddr *)&addr, len) < 0) perror("sendto");`,
      ];
    }
    case 'recv': {
      const udp = decl(s.v)?.proto === 'udp';
      if (s.eof)
        return [
          `n = recv(${s.v}, buf, sizeof buf, 0);`,
          `printf("${s.v} recv: %zd (0: the other side said goodbye)\\n", n);`,
        ];
      const call = udp
        ? `n = recvfrom(${s.v}, buf, sizeof buf, 0, NULL, NULL);`
        : s.bytes !== undefined
          ? `n = recv(${s.v}, buf, ${int(s.bytes)}, MSG_WAITALL);`
          : `n = recv(${s.v}, buf, sizeof buf, 0);`;
      return [call, `show("${s.v}", buf, n);${fails(s.fails, ` ${w.expected}`)}`];
    }
    case 'shutdown':
      return [`if (shutdown(${s.v}, SHUT_WR) < 0) perror("shutdown"); ${comment(w.fin)}`];
    case 'close':
      return [`close(${s.v});${s.why ? ` ${comment(w.closedBy[s.why])}` : ''}`];
    case 'reset':
      return [`linger_zero(${s.v}); ${comment(w.rst)}`, `close(${s.v});`];
    case 'verbatim':
      return [...(s.lines.c ?? s.fallback.flatMap((f) => stmtLines(p, f, w)))];
    case 'note':
      return [comment(noteText(s.text, w))];
    default:
      return assertNeverStmt(s);
  }
}

const prelude = (h: Words['helpers']) => [
  '#include <arpa/inet.h>',
  '#include <netdb.h>',
  '#include <netinet/in.h>',
  '#include <stdio.h>',
  '#include <string.h>',
  '#include <sys/socket.h>',
  '#include <sys/types.h>',
  '#include <unistd.h>',
  '',
  `/* ${h.makeAddr} */`,
  'static inline socklen_t make_addr(struct sockaddr_storage *addr, const char *host, int port) {',
  `${I}memset(addr, 0, sizeof *addr);`,
  `${I}struct sockaddr_in *a4 = (struct sockaddr_in *)addr;`,
  `${I}struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)addr;`,
  `${I}if (inet_pton(AF_INET, host, &a4->sin_addr) == 1) {`,
  `${I}${I}a4->sin_family = AF_INET;`,
  `${I}${I}a4->sin_port = htons(port);`,
  `${I}${I}return sizeof *a4;`,
  `${I}}`,
  `${I}inet_pton(AF_INET6, host, &a6->sin6_addr);`,
  `${I}a6->sin6_family = AF_INET6;`,
  `${I}a6->sin6_port = htons(port);`,
  `${I}return sizeof *a6;`,
  '}',
  '',
  `/* ${h.localPort} */`,
  'static inline int local_port(int fd) {',
  `${I}struct sockaddr_storage a;`,
  `${I}socklen_t n = sizeof a;`,
  `${I}if (getsockname(fd, (struct sockaddr *)&a, &n) < 0) return -1;`,
  `${I}return ntohs(a.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&a)->sin6_port : ((struct sockaddr_in *)&a)->sin_port);`,
  '}',
  '',
  `/* ${h.resolveAddr} */`,
  'static inline socklen_t resolve_addr(struct sockaddr_storage *addr, const char *host, int port, int family) {',
  `${I}struct addrinfo hints, *res;`,
  `${I}memset(&hints, 0, sizeof hints);`,
  `${I}memset(addr, 0, sizeof *addr);`,
  `${I}hints.ai_family = family;`,
  `${I}hints.ai_socktype = SOCK_STREAM;`,
  `${I}int rc = getaddrinfo(host, NULL, &hints, &res);`,
  `${I}if (rc != 0) {`,
  `${I}${I}printf("getaddrinfo %s: %s\\n", host, gai_strerror(rc));`,
  `${I}${I}return sizeof *addr;`,
  `${I}}`,
  `${I}socklen_t len = res->ai_addrlen;`,
  `${I}memcpy(addr, res->ai_addr, len);`,
  `${I}freeaddrinfo(res);`,
  `${I}if (family == AF_INET6) ((struct sockaddr_in6 *)addr)->sin6_port = htons(port);`,
  `${I}else ((struct sockaddr_in *)addr)->sin_port = htons(port);`,
  `${I}return len;`,
  '}',
  '',
  'static inline void show(const char *who, const char *buf, ssize_t n) {',
  `${I}if (n < 0) perror("recv");`,
  `${I}else printf("%s recv: %zd bytes: %.*s\\n", who, n, (int)n, buf);`,
  '}',
  '',
  'static inline void linger_zero(int fd) {',
  `${I}struct linger lg = { 1, 0 };`,
  `${I}if (setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg) < 0) perror("setsockopt");`,
  '}',
  '',
  'static inline void print_addresses(const char *host) {',
  `${I}struct addrinfo hints, *res, *p;`,
  `${I}memset(&hints, 0, sizeof hints);`,
  `${I}hints.ai_socktype = SOCK_STREAM;`,
  `${I}if (getaddrinfo(host, NULL, &hints, &res) != 0) { printf("%s: not found\\n", host); return; }`,
  `${I}for (p = res; p; p = p->ai_next) {`,
  `${I}${I}char ip[INET6_ADDRSTRLEN];`,
  `${I}${I}void *a = p->ai_family == AF_INET6 ? (void *)&((struct sockaddr_in6 *)p->ai_addr)->sin6_addr : (void *)&((struct sockaddr_in *)p->ai_addr)->sin_addr;`,
  `${I}${I}printf("%s -> %s\\n", host, inet_ntop(p->ai_family, a, ip, sizeof ip));`,
  `${I}}`,
  `${I}freeaddrinfo(res);`,
  '}',
  '',
  'static inline void print_service(const char *name, const char *proto) {',
  `${I}struct servent *se = getservbyname(name, proto);`,
  `${I}if (se) printf("%s/%s -> port %d\\n", name, proto, ntohs(se->s_port));`,
  `${I}else printf("%s/%s: unknown service\\n", name, proto);`,
  '}',
  '',
];

/** Renders the program as one C file. */
export function renderC(p: Program, title: string, w: Words): Rendered {
  const out = new LineSink();
  out.add(
    `/* ${commentText(title)}`,
    ` * ${commentText(`${w.generated} ${w.build}: ${RUN_COMMANDS.c}`)} */`,
    ...prelude(w.helpers),
    'int main(void) {',
  );
  const usesAddr = p.stmts.some((s) => s.op === 'bind' || s.op === 'connect' || (s.op === 'send' && s.to));
  const usesBuf = p.stmts.some((s) => s.op === 'recv');
  if (usesAddr) out.add(`${I}struct sockaddr_storage addr;`, `${I}socklen_t len;`);
  if (usesBuf) out.add(`${I}char buf[65536];`, `${I}ssize_t n;`);
  out.add(`${I}setvbuf(stdout, NULL, _IONBF, 0);`, '');
  for (const s of p.stmts)
    out.stmt(
      s.step,
      stmtLines(p, s, w).map((l) => I + l),
    );
  out.add(`${I}return 0;`, '}');
  return out.done();
}
