/**
 * The code generators' common ground: a session (its events) or a lesson (its
 * steps) becomes a list of statements of one sequential program, and each
 * language (c.ts, python.ts, node.ts, java.ts) renders those statements.
 *
 * One program holds every socket, listener and client together: on loopback
 * this works without threads because the kernel completes a connect() from
 * the listen backlog before accept() is called, and keeps sent bytes in its
 * buffers until recv() reads them.
 */
import type { Family, Proto } from '../protocol';

/** A port: a number, or the port the kernel gave socket `of` (read with getsockname). */
export type PortExpr = number | { of: string };

/** Why a socket the user did not close was closed (the `cause` of its `closed` event). */
export type CloseCause = 'node' | 'peer-reset' | 'error';

/** What a socket becomes, which some languages must know when creating it (Node, Java). */
export type Role = 'listener' | 'client' | 'accepted' | 'udp';

export interface SocketDecl {
  proto: Proto;
  family: Family;
  role: Role;
}

interface At {
  /** What the statement comes from, for highlighting: the lesson step, or in a session the event's seq. */
  step?: number;
}

export type Stmt = At &
  (
    | { op: 'lookup'; host: string }
    | { op: 'service'; name: string; proto: Proto }
    | { op: 'socket'; v: string }
    | { op: 'bind'; v: string; address: string; port: PortExpr; savePort: boolean; fails?: string }
    | { op: 'listen'; v: string; backlog: number; fails?: string }
    | { op: 'connect'; v: string; host: string; port: PortExpr; fails?: string }
    | { op: 'accept'; listener: string; v: string }
    | { op: 'send'; v: string; bytes: Uint8Array; text?: string; to?: { host: string; port: PortExpr } }
    /** `bytes`: how many to wait for (TCP, MSG_WAITALL); absent = whatever is there. `fails`: the errno expected. */
    | { op: 'recv'; v: string; bytes?: number; eof?: boolean; fails?: string }
    | { op: 'shutdown'; v: string }
    /** `why`: the socket was closed for the user (by Node, the peer's reset, an error); C still has to close() it. */
    | { op: 'close'; v: string; why?: CloseCause }
    | { op: 'reset'; v: string }
    | { op: 'note'; text: string | Readonly<Record<'fr' | 'en', string>> }
    /** A lesson step's hand-written lines for some languages; the generated statements for the others. */
    | { op: 'verbatim'; lines: Partial<Record<'c' | 'python' | 'node' | 'java', readonly string[]>>; fallback: Stmt[] }
  );

export interface Program {
  sockets: Record<string, SocketDecl>;
  stmts: Stmt[];
}

/** A rendered program, with the lines of each lesson step (0-based, inclusive ranges). */
export interface Rendered {
  lines: string[];
  steps: Record<number, Array<[number, number]>>;
}

/** Collects lines and remembers which step each statement's lines belong to. */
export class LineSink {
  readonly lines: string[] = [];
  readonly steps: Record<number, Array<[number, number]>> = {};

  add(...lines: string[]): void {
    this.lines.push(...lines);
  }

  /** Adds the lines of one statement, attributed to its step. */
  stmt(step: number | undefined, lines: readonly string[]): void {
    if (lines.length === 0) return;
    const start = this.lines.length;
    this.lines.push(...lines);
    if (step !== undefined) (this.steps[step] ??= []).push([start, this.lines.length - 1]);
  }

  done(): Rendered {
    return { lines: this.lines, steps: this.steps };
  }
}

/** Is this address an IPv6 literal? */
export const isV6 = (address: string) => address.includes(':');

/** The loopback address of a family. */
export const loopback = (family: Family) => (family === 6 ? '::1' : '127.0.0.1');

/** For switches over statements that must handle every op. */
export function assertNeverStmt(s: never): never {
  throw new Error(`unexpected statement: ${JSON.stringify(s)}`);
}

/** A whole number as source text; anything else (never produced by the builders) becomes 0. */
export const int = (n: number): string => (Number.isSafeInteger(n) ? String(n) : '0');
