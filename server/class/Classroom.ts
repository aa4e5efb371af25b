/**
 * One class (`--class`, docs/class.md): who is in it (the teacher, students,
 * guests who have not joined), the directory of published sockets, freeze,
 * spotlight, and the calls between members. It hangs on each member's
 * session through SessionHooks: it answers the class ops, refuses what a
 * member may not do, sees every event, and narrows a student's targets to the
 * published sockets of the class and their own.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { type ClassWelcome, type DirectoryEntry, TEACHER_OPS, nameKey, studentNameProblem } from '../../shared/class';
import type { Limits } from '../../shared/limits';
import { CloseCodes, type ErrorBody, type Event, type Op } from '../../shared/protocol';
import type { Session } from '../sessions/Session';
import type { SessionCommand } from '../sockets/operations';
import { done, fail, type Reply } from '../sockets/types';
import { ClassCalls, endpointKey } from './ClassCalls';
import { Spotlight } from './Spotlight';

export type Role = 'teacher' | 'student' | 'guest';

export interface Published {
  owner: Member;
  service: string;
  socket: string;
  proto: 'tcp' | 'udp';
  address: string;
  port: number;
  family: 4 | 6;
}

export class Member {
  name: string | undefined;
  commands = 0;
  sent = 0;
  received = 0;
  readonly published = new Map<string, Published>();
  /** Endpoints this member's sockets are bound to ("address port"), by socket id. */
  readonly bound = new Map<string, { key: string; proto: 'tcp' | 'udp' }>();
  constructor(
    readonly session: Session,
    public role: Role,
    /** `teacher`, `g<n>` for a guest, `p<n>` once joined. */
    public id: string,
  ) {
    if (role === 'teacher') this.name = 'teacher';
  }
}

const ROSTER_EVERY_MS = 250;
const TEACHER_ID = 'teacher';

export class Classroom {
  /** 128 random bits: whoever has it is the teacher. */
  readonly secret: string;
  private readonly members = new Map<Session, Member>();
  private nextStudent = 1;
  private frozen = false;
  private ended = false;
  private rosterTimer: NodeJS.Timeout | undefined;
  readonly calls: ClassCalls;
  private readonly spotlight: Spotlight;

  constructor(
    private readonly limits: Limits,
    public studentUrl?: string,
    secret?: string,
  ) {
    this.secret = secret ?? randomBytes(16).toString('base64url');
    this.calls = new ClassCalls(
      (m, e) => m.session.emit(e),
      () => this.changed(),
    );
    this.spotlight = new Spotlight(() => this.teachers());
  }

  isTeacherSecret(s: string): boolean {
    const a = Buffer.from(s);
    const b = Buffer.from(this.secret);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /** A new session enters the class: as the teacher (its hello carried the secret, checked) or a guest. */
  enter(session: Session, teacher: boolean): void {
    const m = new Member(session, teacher ? 'teacher' : 'guest', teacher ? TEACHER_ID : `g${this.nextStudent++}`);
    this.members.set(session, m);
    session.hooks = {
      before: (cmd) => this.before(m, cmd),
      observe: (e) => this.observe(m, e),
      narrow: (address, port, proto) => this.narrow(m, address, port, proto),
      ended: () => this.left(m),
    };
    session.emit(this.directoryEvent());
    session.emit(this.stateEvent(m));
    if (teacher) this.changed();
  }

  welcomeFor(session: Session): ClassWelcome {
    const m = this.members.get(session);
    const role = m?.role ?? 'guest';
    const spot = this.spotlight.student;
    return {
      role,
      ...(m?.name !== undefined && role !== 'guest' ? { name: m.name } : {}),
      ...(role === 'student' && m ? { student: m.id } : {}),
      frozen: this.frozen,
      ended: this.ended,
      ...(spot && (role === 'teacher' || spot === m) ? { spotlight: spot.id } : {}),
      ...(role === 'teacher' && this.studentUrl ? { studentUrl: this.studentUrl } : {}),
    };
  }

  // ─── commands ─────────────────────────────────────────────────────────────

  private async before(m: Member, cmd: SessionCommand): Promise<Reply<Op> | undefined> {
    if (m.role !== 'teacher') {
      if ((TEACHER_OPS as readonly string[]).includes(cmd.op)) {
        return fail('NOT_TEACHER', `Only the teacher can do that (${cmd.op}).`);
      }
      if (this.ended) return fail('CLASS_ENDED', 'The class is over: the teacher ended it.');
      if (m.role === 'guest' && cmd.op !== 'class-join' && cmd.op !== 'directory-lookup') {
        return fail('NOT_JOINED', 'Join the class first: type your name (class-join).');
      }
      if (this.frozen)
        return fail('CLASS_FROZEN', 'The teacher has frozen the class to explain something: wait a moment.');
    }
    m.commands++;
    switch (cmd.op) {
      case 'class-join':
        return this.join(m, cmd.name);
      case 'class-rename':
        return this.rename(cmd.student, cmd.name);
      case 'class-remove':
        return this.remove(cmd.student);
      case 'class-end':
        this.end();
        return done<'class-end'>({});
      case 'class-freeze':
        this.frozen = cmd.frozen;
        this.broadcastState();
        return done<'class-freeze'>({ frozen: this.frozen });
      case 'class-spotlight':
        return this.setSpotlight(cmd.student);
      case 'publish':
        return this.publish(m, cmd.socket, cmd.service);
      case 'unpublish': {
        const entry = this.find(cmd.name);
        if (!entry || entry.owner !== m)
          return fail('NOT_FOUND', `You have published nothing called "${cmd.name}".`, { reason: 'no-entry' });
        this.unpublish(entry);
        return done<'unpublish'>({});
      }
      case 'directory-lookup': {
        const entry = this.find(cmd.name);
        if (!entry)
          return fail('NOT_FOUND', `Nobody in the class has published "${cmd.name}".`, { reason: 'no-entry' });
        const e = this.entry(entry);
        m.session.emit({
          kind: 'lookup',
          host: e.name,
          addresses: [{ address: e.address, family: e.family }],
          source: 'class',
          port: e.port,
        });
        return done<'directory-lookup'>(e);
      }
      default:
        this.changed();
        return undefined;
    }
  }

  private join(m: Member, raw: string): Reply<'class-join'> {
    if (m.role !== 'guest')
      return fail('BAD_STATE', `You are already in the class as ${m.name}.`, { reason: 'already-joined' });
    const name = raw.trim();
    const refused = this.nameRefused(name, m);
    if (refused) return { ok: false, error: refused };
    if (this.students().length >= this.limits.classMaxStudents) {
      return fail('LIMIT', `The class is full (${this.limits.classMaxStudents} students).`, {
        limit: 'classMaxStudents',
      });
    }
    m.role = 'student';
    m.name = name;
    m.id = `p${m.id.slice(1)}`;
    m.session.emit(this.stateEvent(m));
    this.changed();
    return done<'class-join'>({ student: m.id, name });
  }

  private nameRefused(name: string, self: Member): ErrorBody | undefined {
    const problem = studentNameProblem(name);
    if (problem) return { code: 'NAME_INVALID', message: `That name cannot be used: ${problem}.` };
    const key = nameKey(name);
    const taken =
      key === TEACHER_ID ||
      [...this.members.values()].some((o) => o !== self && o.role === 'student' && nameKey(o.name ?? '') === key);
    if (taken)
      return { code: 'NAME_TAKEN', message: `Someone in the class is already called "${name}": pick another name.` };
    return undefined;
  }

  private rename(id: string, raw: string): Reply<'class-rename'> {
    const m = this.student(id);
    if (!m) return fail('NOT_FOUND', `There is no student "${id}" in the class.`, { reason: 'no-student' });
    const name = raw.trim();
    const refused = this.nameRefused(name, m);
    if (refused) return { ok: false, error: refused };
    m.name = name;
    m.session.emit(this.stateEvent(m));
    this.directoryChanged();
    return done<'class-rename'>({ student: m.id, name });
  }

  private remove(id: string): Reply<'class-remove'> {
    const m = this.student(id);
    if (!m) return fail('NOT_FOUND', `There is no student "${id}" in the class.`, { reason: 'no-student' });
    m.session.emit({ ...this.stateEvent(m), ended: true, reason: 'removed' });
    m.session.closeFor(CloseCodes.CLASS_REMOVED, 'removed by the teacher', 'class-removed');
    return done<'class-remove'>({});
  }

  private end(): void {
    this.ended = true;
    this.frozen = false;
    for (const m of [...this.members.values()]) {
      if (m.role === 'teacher') {
        m.session.emit(this.stateEvent(m));
        continue;
      }
      m.session.emit({ ...this.stateEvent(m), reason: 'ended' });
      m.session.closeFor(CloseCodes.CLASS_ENDED, 'the class is over', 'class-ended');
    }
  }

  private setSpotlight(id: string | null): Reply<'class-spotlight'> {
    const m = id === null ? undefined : this.student(id);
    if (id !== null && !m)
      return fail('NOT_FOUND', `There is no student "${id}" in the class.`, { reason: 'no-student' });
    const before = this.spotlight.student;
    this.spotlight.show(m);
    this.broadcastState();
    if (before && before !== m) before.session.emit(this.stateEvent(before));
    return done<'class-spotlight'>({ student: m?.id ?? null });
  }

  private publish(m: Member, socket: string, service: string): Reply<'publish'> {
    const s = m.session.registry.get(socket);
    if (s === undefined) return fail('NOT_FOUND', `There is no socket "${socket}" in this session.`);
    if (s === 'closed')
      return fail('BAD_STATE', `Socket ${socket} is closed: it cannot be published.`, { reason: 'closed' });
    const b = m.bound.get(socket);
    const listening = b?.proto === 'udp' || this.listening.has(`${m.id}/${socket}`);
    if (!b || !listening) {
      return fail(
        'BAD_STATE',
        'Only a listening TCP socket or a bound UDP socket can be published (it needs a number).',
        { reason: 'not-publishable' },
      );
    }
    const name = `${m.name}:${service}`;
    if (this.find(name))
      return fail('NAME_TAKEN', `"${name}" is already in the directory: pick another service name.`, {
        reason: 'service-taken',
      });
    if (m.published.size >= this.limits.classMaxPublishedPerStudent) {
      return fail('LIMIT', `You have published ${m.published.size} names already.`, {
        limit: 'classMaxPublishedPerStudent',
      });
    }
    const [address, port] = b.key.split(' ') as [string, string];
    const entry: Published = {
      owner: m,
      service,
      socket,
      proto: b.proto,
      address,
      port: Number(port),
      family: address.includes(':') ? 6 : 4,
    };
    m.published.set(service, entry);
    this.directoryChanged();
    return done<'publish'>(this.entry(entry));
  }

  private unpublish(p: Published): void {
    p.owner.published.delete(p.service);
    this.directoryChanged();
  }

  // ─── events of members ────────────────────────────────────────────────────

  /** "memberId/socket" of listening TCP sockets. */
  private readonly listening = new Set<string>();

  private observe(m: Member, e: Event): void {
    this.spotlight.observe(m, e);
    switch (e.kind) {
      case 'bound':
        m.bound.set(e.socket, { key: endpointKey(e.local), proto: this.protoOf(m, e.socket) });
        break;
      case 'listening':
        m.bound.set(e.socket, { key: endpointKey(e.local), proto: 'tcp' });
        this.listening.add(`${m.id}/${e.socket}`);
        break;
      case 'closed':
        m.bound.delete(e.socket);
        this.listening.delete(`${m.id}/${e.socket}`);
        for (const p of [...m.published.values()]) if (p.socket === e.socket) this.unpublish(p);
        break;
      case 'sent':
        m.sent += e.bytes;
        break;
      case 'received':
        m.received += e.bytes;
        break;
      default:
        break;
    }
    this.calls.observe(
      m,
      e,
      (key, proto) => this.publishedAt(key, proto),
      (key) => this.boundAt(key),
    );
    if (e.kind !== 'roster' && m.role !== 'teacher') this.changed();
  }

  private protoOf(m: Member, socket: string): 'tcp' | 'udp' {
    const s = m.session.registry.get(socket);
    return s && s !== 'closed' && s.proto === 'udp' ? 'udp' : 'tcp';
  }

  private publishedAt(key: string, proto: 'tcp' | 'udp'): Published | undefined {
    for (const m of this.members.values()) {
      for (const p of m.published.values()) if (p.proto === proto && endpointKey(p) === key) return p;
    }
    return undefined;
  }

  private boundAt(key: string): Member | undefined {
    for (const m of this.members.values()) for (const b of m.bound.values()) if (b.key === key) return m;
    return undefined;
  }

  /** Students may call the class's published sockets and their own; never anything else on the machine. */
  private narrow(m: Member, address: string, port: number, proto: 'tcp' | 'udp' | undefined): ErrorBody | undefined {
    if (m.role === 'teacher') return undefined;
    const key = endpointKey({ address, port });
    const published = [...this.members.values()].some((o) =>
      [...o.published.values()].some((p) => endpointKey(p) === key && (proto === undefined || p.proto === proto)),
    );
    const own = [...m.bound.values()].some((b) => b.key === key && (proto === undefined || b.proto === proto));
    if (published || own) return undefined;
    return {
      code: 'CLASS_NOT_PUBLISHED',
      message: `In this class you can only call sockets someone has published (look a name up in the phone book) or your own: ${address} port ${port} is not one.`,
    };
  }

  private left(m: Member): void {
    this.members.delete(m.session);
    if (this.spotlight.student === m) this.setSpotlight(null);
    if (m.published.size > 0) {
      m.published.clear();
      this.directoryChanged();
    }
    this.changed();
  }

  // ─── what members are told ────────────────────────────────────────────────

  private teachers(): Member[] {
    return [...this.members.values()].filter((m) => m.role === 'teacher');
  }

  private students(): Member[] {
    return [...this.members.values()].filter((m) => m.role === 'student');
  }

  private student(id: string): Member | undefined {
    return this.students().find((m) => m.id === id);
  }

  private find(name: string): Published | undefined {
    const key = nameKey(name);
    for (const m of this.members.values()) {
      for (const p of m.published.values()) if (nameKey(`${m.name}:${p.service}`) === key) return p;
    }
    return undefined;
  }

  private entry(p: Published): DirectoryEntry {
    const { proto, address, port, family } = p;
    return { name: `${p.owner.name}:${p.service}`, owner: p.owner.id, proto, address, port, family };
  }

  private directoryEvent() {
    const entries = [...this.members.values()].flatMap((m) => [...m.published.values()].map((p) => this.entry(p)));
    return { kind: 'directory' as const, entries };
  }

  private directoryChanged(): void {
    const e = this.directoryEvent();
    for (const m of this.members.values()) m.session.emit(e);
    this.changed();
  }

  private stateEvent(m: Member) {
    const spot = this.spotlight.student;
    return {
      kind: 'class-state' as const,
      frozen: this.frozen,
      ended: this.ended,
      ...(spot && (m.role === 'teacher' || spot === m) ? { spotlight: spot.id } : {}),
      ...(m.name !== undefined && m.role !== 'guest' ? { name: m.name } : {}),
    };
  }

  private broadcastState(): void {
    for (const m of this.members.values()) m.session.emit(this.stateEvent(m));
  }

  /** Something the roster shows changed: the teachers get a new roster, at most every ROSTER_EVERY_MS. */
  private changed(): void {
    if (this.rosterTimer) return;
    this.rosterTimer = setTimeout(() => {
      this.rosterTimer = undefined;
      const teachers = this.teachers();
      if (teachers.length === 0) return;
      const e = this.rosterEvent();
      for (const t of teachers) t.session.emit(e);
    }, ROSTER_EVERY_MS);
    this.rosterTimer.unref();
  }

  rosterEvent() {
    const students = this.students().map((m) => ({
      id: m.id,
      name: m.name ?? '',
      online: m.session.attached,
      sockets: m.session.registry.openCount,
      published: [...m.published.values()].map((p) => `${m.name}:${p.service}`),
      sent: m.sent,
      received: m.received,
      commands: m.commands,
    }));
    return { kind: 'roster' as const, students, calls: this.calls.list() };
  }

  /** Every member's session as it is now (the whole-class recording). */
  everyone(): Member[] {
    return [...this.members.values()].filter((m) => m.role !== 'guest');
  }

  close(): void {
    clearTimeout(this.rosterTimer);
    this.spotlight.show(undefined);
  }
}
