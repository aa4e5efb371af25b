/**
 * Variable names for sockets in generated programs. A socket the teacher
 * named ("server", "Alice", "boîte") keeps that name in every language, made
 * a valid identifier: ASCII letters, digits and `_` (accents dropped), never a
 * keyword or a name the program itself uses in C, Python, JavaScript or Java,
 * and unique (with its `<name>_port` variable). The same rule serves free mode
 * and lessons, so both name the same socket the same way.
 */
import type { PortExpr, Program, Stmt } from './ir';

const KEYWORDS = {
  c: 'auto break case char const continue default do double else enum extern float for goto if inline int long register restrict return short signed sizeof static struct switch typedef union unsigned void volatile while bool true false alignas alignof asm typeof NULL',
  python:
    'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case type print len bytes str int list dict object open exec eval input range self',
  js: 'break case catch class const continue debugger default delete do else export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static enum await implements package protected interface private public arguments eval undefined NaN Infinity async of get set',
  java: 'abstract assert boolean break byte case catch char class const continue default do double else enum extends final finally float for goto if implements import instanceof int interface long native new package private protected public return short static strictfp super switch synchronized this throw throws transient try void volatile while true false null var record yield sealed permits non',
  /** What the preludes and the statements themselves use. */
  programs:
    'main socket bind listen connect accept send sendto recv recvfrom shutdown close printf perror memset htons ntohs inet_pton inet_ntop getaddrinfo freeaddrinfo getservbyname setsockopt getsockname setvbuf stdout stderr stdin errno exit read write make_addr resolve_addr local_port show linger_zero print_addresses print_service addr len buf n lg hints res p a b d e f i k w err ok ko data struct dgram dns net readFileSync track until tcpSocket udpSocket tcpServer bindUdp connectUdp sendUdp Buffer console process globalThis require module args line System String Integer Socket ServerSocket DatagramSocket DatagramPacket InetAddress InetSocketAddress IOException Files Path StandardCharsets AlloSession at family address _',
};

const RESERVED = new Set(Object.values(KEYWORDS).flatMap((list) => list.split(' ')));
const MAX_LENGTH = 32;

/** A valid identifier from any text (not yet checked for keywords or uniqueness); '' when nothing is left. */
export function identifierFrom(text: string): string {
  const ascii = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  const id = /^[0-9]/.test(ascii) ? `s_${ascii}` : ascii;
  return id.slice(0, MAX_LENGTH).replace(/_+$/, '');
}

/** Is this a name the generators may print as is (a valid identifier in all four languages)? */
export const isIdentifier = (v: string): boolean => /^[A-Za-z][A-Za-z0-9_]{0,39}$/.test(v);

/** Hands out unique, safe names, in the order sockets appear. */
export class Namer {
  private readonly taken = new Set<string>(RESERVED);
  private readonly byKey = new Map<string, string>();

  /** The name of socket `key` (its id, or a lesson's `as` name), wished as `wish` the first time. */
  name(key: string, wish: string | undefined): string {
    const known = this.byKey.get(key);
    if (known) return known;
    const base = identifierFrom(wish ?? '') || identifierFrom(key) || 'sock';
    let name = base;
    for (let i = 2; this.isTaken(name); i++) name = `${base}_${i}`;
    this.taken.add(name).add(`${name}_port`);
    this.byKey.set(key, name);
    return name;
  }

  /** The name given to `key`, or a fresh one made from it (an id no event introduced). */
  get(key: string): string {
    return this.byKey.get(key) ?? this.name(key, key);
  }

  private isTaken(name: string): boolean {
    return this.taken.has(name) || this.taken.has(`${name}_port`) || /_port$/.test(name);
  }
}

/** The same program with every socket key replaced by its variable name. */
export function renameProgram(p: Program, nameOf: (key: string) => string): Program {
  const port = (x: PortExpr): PortExpr => (typeof x === 'number' ? x : { of: nameOf(x.of) });
  const stmt = (s: Stmt): Stmt => {
    const out = { ...s } as Stmt;
    if ('v' in out) out.v = nameOf(out.v);
    if (out.op === 'accept') out.listener = nameOf(out.listener);
    if (out.op === 'bind' || out.op === 'connect') out.port = port(out.port);
    if (out.op === 'send' && out.to) out.to = { ...out.to, port: port(out.to.port) };
    if (out.op === 'verbatim') out.fallback = out.fallback.map(stmt);
    return out;
  };
  const sockets: Program['sockets'] = {};
  for (const [key, decl] of Object.entries(p.sockets)) sockets[nameOf(key)] = decl;
  return { sockets, stmts: p.stmts.map(stmt) };
}
