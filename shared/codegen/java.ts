/**
 * Java rendering of a program (java.net, blocking, like C): one source file
 * run with `java AlloSession.java` (JDK 11+). ServerSocket.bind() is bind()
 * and listen() in one call; string literals are ASCII with \u escapes so the
 * source reads the same whatever the platform's encoding.
 */
import { noteText, type Words } from './words';
import { LineSink, assertNeverStmt, int, type PortExpr, type Program, type Rendered, type Stmt } from './ir';
import { javaBytes, javaStr } from './literals/java';
import { commentText } from './literals/comment';
import { RUN_COMMANDS } from './commands';

const I = '        ';

const port = (p: PortExpr) => (typeof p === 'number' ? int(p) : `${p.of}_port`);
const comment = (text: string) => `// ${commentText(text)}`;
const at = (host: string, p: PortExpr) => `at(${javaStr(host)}, ${port(p)})`;
const attempt = (fails: string | undefined, what: string, lines: string[]) =>
  fails
    ? [
        'try {',
        ...lines.map((l) => `    ${l}`),
        `} catch (IOException e) { System.out.println("${what}: " + e.getMessage()); } ${comment(fails)}`,
      ]
    : lines;

function stmtLines(
  p: Program,
  s: Stmt,
  binds: Map<string, { address: string; port: PortExpr; savePort: boolean; fails?: string }>,
  w: Words,
): string[] {
  const role = (v: string) => p.sockets[v]?.role;
  switch (s.op) {
    case 'lookup':
      return [
        `for (InetAddress a : InetAddress.getAllByName(${javaStr(s.host)})) System.out.println(${javaStr(s.host)} + " -> " + a.getHostAddress());`,
      ];
    case 'service':
      return [
        `System.out.println(${javaStr(`${s.name}/${s.proto} -> port `)} + getservbyname(${javaStr(s.name)}, ${javaStr(s.proto)}));`,
      ];
    case 'socket': {
      const r = role(s.v);
      if (r === 'listener') return [`ServerSocket ${s.v} = new ServerSocket();`];
      if (r === 'udp') return [`DatagramSocket ${s.v} = new DatagramSocket(null);`];
      return [`Socket ${s.v} = new Socket();`];
    }
    case 'bind': {
      if (role(s.v) === 'listener') {
        binds.set(s.v, s);
        return [comment(`bind(${s.address}, ${port(s.port)}): ${w.serverBind}`)];
      }
      const lines = attempt(s.fails, 'bind', [`${s.v}.bind(${at(s.address, s.port)});`]);
      if (s.savePort)
        lines.push(`int ${s.v}_port = ${s.v}.getLocalPort();`, `System.out.println("${s.v}: port " + ${s.v}_port);`);
      return lines;
    }
    case 'listen': {
      const b = binds.get(s.v) ?? { address: '127.0.0.1', port: 0, savePort: true };
      const lines = attempt(b.fails, 'bind', [`${s.v}.bind(${at(b.address, b.port)}, ${int(s.backlog)});`]);
      if (b.savePort)
        lines.push(`int ${s.v}_port = ${s.v}.getLocalPort();`, `System.out.println("${s.v}: port " + ${s.v}_port);`);
      return lines;
    }
    case 'connect':
      return attempt(s.fails, 'connect', [`${s.v}.connect(${at(s.host, s.port)});`]);
    case 'accept':
      return [`Socket ${s.v} = ${s.listener}.accept();`];
    case 'send': {
      const data = javaBytes(s.bytes);
      if (role(s.v) !== 'udp') return [`${s.v}.getOutputStream().write(${data});`];
      const to = s.to ? `, ${at(s.to.host, s.to.port)}` : '';
      return [`{ byte[] b = ${data}; ${s.v}.send(new DatagramPacket(b, b.length${to})); }`];
    }
    case 'recv': {
      if (s.eof)
        return [
          `n = ${s.v}.getInputStream().read(buf);`,
          `System.out.println("${s.v} recv: " + n + " (-1: the other side said goodbye)");`,
        ];
      const lines =
        role(s.v) === 'udp'
          ? [
              `{ DatagramPacket d = new DatagramPacket(buf, buf.length); ${s.v}.receive(d); show("${s.v}", buf, d.getLength()); }`,
            ]
          : s.bytes !== undefined
            ? [`n = ${s.v}.getInputStream().readNBytes(buf, 0, ${int(s.bytes)});`, `show("${s.v}", buf, n);`]
            : [`n = ${s.v}.getInputStream().read(buf);`, `show("${s.v}", buf, n);`];
      return attempt(s.fails, 'recv', lines);
    }
    case 'shutdown':
      return [`${s.v}.shutdownOutput(); ${comment(w.fin)}`];
    case 'close':
      return [`${s.v}.close();${s.why ? ` ${comment(w.closedBy[s.why])}` : ''}`];
    case 'reset':
      return [`${s.v}.setSoLinger(true, 0); ${comment(w.rst)}`, `${s.v}.close();`];
    case 'verbatim':
      return [...(s.lines.java ?? s.fallback.flatMap((f) => stmtLines(p, f, binds, w)))];
    case 'note':
      return [comment(noteText(s.text, w))];
    default:
      return assertNeverStmt(s);
  }
}

const prelude = (h: Words['helpers']) => [
  'import java.io.IOException;',
  'import java.net.*;',
  'import java.nio.charset.StandardCharsets;',
  'import java.nio.file.Files;',
  'import java.nio.file.Path;',
  '',
  'public class AlloSession {',
  '    static InetSocketAddress at(String host, int port) throws IOException {',
  '        return new InetSocketAddress(InetAddress.getByName(host), port);',
  '    }',
  '',
  '    static void show(String who, byte[] buf, int n) {',
  '        System.out.println(who + " recv: " + n + " bytes: " + new String(buf, 0, Math.max(n, 0), StandardCharsets.UTF_8));',
  '    }',
  '',
  `    /** ${h.javaServices} */`,
  '    static Integer getservbyname(String name, String proto) throws IOException {',
  '        for (String line : Files.readAllLines(Path.of("/etc/services"))) {',
  '            String[] f = line.split("#", 2)[0].trim().split("\\\\s+");',
  '            if (f.length < 2 || !f[1].endsWith("/" + proto)) continue;',
  '            for (int i = 0; i < f.length; i++) if (i != 1 && f[i].equals(name)) return Integer.parseInt(f[1].split("/")[0]);',
  '        }',
  '        return null;',
  '    }',
  '',
  '    public static void main(String[] args) throws Exception {',
  `${I}byte[] buf = new byte[65536];`,
  `${I}int n;`,
];

/** Renders the program as one Java source file (class AlloSession). */
export function renderJava(p: Program, title: string, w: Words): Rendered {
  const out = new LineSink();
  out.add(comment(title), comment(`${w.generated} ${w.run}: ${RUN_COMMANDS.java}`), ...prelude(w.helpers));
  const binds = new Map<string, { address: string; port: PortExpr; savePort: boolean; fails?: string }>();
  for (const s of p.stmts)
    out.stmt(
      s.step,
      stmtLines(p, s, binds, w).map((l) => I + l),
    );
  out.add('    }', '}');
  return out.done();
}
