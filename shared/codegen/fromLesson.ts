/**
 * A lesson → the program its steps stand for, each statement tagged with its
 * step so the code view can highlight the current step's lines. Actions map to
 * calls; awaited events that are calls in C map too (accepted → accept(),
 * received → recv(), peer-ended → recv() returning 0, an errno on a UDP or
 * reset socket → the recv() that reports it).
 */
import type { Family } from '../protocol';
import { isRef, splitRef } from '../lessons/refs';
import { textIn, type Action, type Lesson, type Ref, type Wait } from '../lessons/schema';
import { utf8 } from './bytes';
import { loopback, type PortExpr, type Program, type Stmt } from './ir';
import { Namer, renameProgram } from './names';
import type { TextLang } from './words';

const nameOf = (v: string | Ref) => (isRef(v) ? splitRef(v).name : v);
const portOf = (v: number | Ref): PortExpr => (isRef(v) ? { of: splitRef(v).name } : v);

/**
 * Builds the program of a whole lesson. A socket's variable is its label (in
 * `lang`, as the stage shows it and as free mode names it), else its `as` name.
 */
export function programFromLesson(lesson: Lesson, lang: TextLang = 'en'): Program {
  const namer = new Namer();
  const p: Program = { sockets: {}, stmts: [] };
  const bound = new Set<string>();
  let unnamed = 0;
  const listeners = new Set<string>();
  for (const step of lesson.steps) for (const a of step.actions) if (a.op === 'listen') listeners.add(nameOf(a.socket));
  const familyOf = (v: string): Family => p.sockets[v]?.family ?? 4;

  const action = (a: Action, step: number): Stmt[] => {
    switch (a.op) {
      case 'lookup':
        return [{ op: 'lookup', host: isRef(a.host) ? 'localhost' : a.host, step }];
      case 'service':
        return [{ op: 'service', name: a.name, proto: a.proto, step }];
      case 'socket': {
        const v = a.as ?? `s${++unnamed}`;
        namer.name(v, a.label === undefined ? v : typeof a.label === 'string' ? a.label : a.label[lang]);
        p.sockets[v] = {
          proto: a.proto,
          family: a.family,
          role: a.proto === 'udp' ? 'udp' : listeners.has(v) ? 'listener' : 'client',
        };
        return [{ op: 'socket', v, step }];
      }
      case 'bind': {
        const v = nameOf(a.socket);
        bound.add(v);
        const port = portOf(a.port);
        const address = a.address && !isRef(a.address) ? a.address : loopback(familyOf(v));
        return [
          {
            op: 'bind',
            v,
            address,
            port,
            savePort: port === 0,
            ...(a.expectError ? { fails: a.expectError } : {}),
            step,
          },
        ];
      }
      case 'listen': {
        const v = nameOf(a.socket);
        const out: Stmt[] = [];
        if (!bound.has(v)) {
          bound.add(v);
          const port = a.port === undefined ? 0 : portOf(a.port);
          const address = a.address && !isRef(a.address) ? a.address : loopback(familyOf(v));
          // listen() binds first: in C that is bind(), where EADDRINUSE comes from.
          out.push({
            op: 'bind',
            v,
            address,
            port,
            savePort: port === 0,
            ...(a.expectError ? { fails: a.expectError } : {}),
            step,
          });
        }
        out.push({ op: 'listen', v, backlog: a.backlog ?? 16, step });
        return out;
      }
      case 'connect': {
        const host = isRef(a.host) ? loopback(familyOf(nameOf(a.socket))) : a.host;
        return [
          {
            op: 'connect',
            v: nameOf(a.socket),
            host,
            port: portOf(a.port),
            ...(a.expectError ? { fails: a.expectError } : {}),
            step,
          },
        ];
      }
      case 'send': {
        const to = a.to ? { host: isRef(a.to.host) ? '127.0.0.1' : a.to.host, port: portOf(a.to.port) } : undefined;
        const text = textIn(a.text, lang);
        return [{ op: 'send', v: nameOf(a.socket), bytes: utf8(text), text, ...(to ? { to } : {}), step }];
      }
      case 'end':
        return [{ op: 'shutdown', v: nameOf(a.socket), step }];
      case 'close':
        return [{ op: 'close', v: nameOf(a.socket), step }];
      case 'reset':
        return [{ op: 'reset', v: nameOf(a.socket), step }];
      case 'pause':
        return [
          {
            op: 'note',
            text: {
              fr: `${nameOf(a.socket)} : plus de recv() pour l'instant, les octets attendent dans le noyau`,
              en: `${nameOf(a.socket)}: no recv() for now, the bytes wait in the kernel`,
            },
            step,
          },
        ];
      case 'resume':
        return [
          {
            op: 'note',
            text: { fr: `${nameOf(a.socket)} : recv() de nouveau`, en: `${nameOf(a.socket)}: recv() again` },
            step,
          },
        ];
    }
  };

  const wait = (w: Wait, step: number): Stmt[] => {
    const v = w.socket === undefined ? undefined : nameOf(w.socket);
    if (!v) return [];
    switch (w.kind) {
      case 'accepted': {
        const child = w.as ?? `${v}Call`;
        p.sockets[child] = { proto: 'tcp', family: familyOf(v), role: 'accepted' };
        return [{ op: 'accept', listener: v, v: child, step }];
      }
      case 'received':
        return Array.from({ length: w.count ?? 1 }, () => ({ op: 'recv' as const, v, step }));
      case 'peer-ended':
        return [{ op: 'recv', v, eof: true, step }];
      case 'error':
        // A refused TCP connect or a taken port is reported by the call itself (connect, bind).
        return w.code && p.sockets[v]?.proto === 'udp'
          ? [{ op: 'recv', v, fails: w.code, step }]
          : w.code === 'ECONNRESET'
            ? [{ op: 'recv', v, fails: w.code, step }]
            : [];
      default:
        return [];
    }
  };

  lesson.steps.forEach((step, i) => {
    const generated = [
      ...step.actions.flatMap((a) => action(a, i)),
      ...(step.waitFor ?? []).flatMap((w) => wait(w, i)),
    ];
    // A step where only the kernel acts (window probes, a timer) calls nothing: the program says so
    // in a comment, so the code view still has a line to light up for it.
    if (generated.length === 0)
      generated.push({
        op: 'note',
        text: {
          fr: `${step.title.fr} : le noyau agit seul, le programme n'appelle rien`,
          en: `${step.title.en}: the kernel acts on its own, the program calls nothing`,
        },
        step: i,
      });
    // Hand-written lines replace the generated ones in their language only.
    if (step.code && Object.keys(step.code).length > 0)
      p.stmts.push({ op: 'verbatim', lines: step.code, fallback: generated, step: i });
    else p.stmts.push(...generated);
  });
  return renameProgram(p, (key) => namer.get(key));
}
