/**
 * The class additions to wire protocol v1 (`--class`, docs/class.md): joining
 * with a name, the teacher's commands, the class directory (the phone book),
 * and the events and frames that show them. shared/protocol/ appends these
 * to its unions (commands.ts, results.ts, errors.ts, events.ts, frames.ts);
 * nothing existing changes meaning. Pure: no Node, no DOM.
 */
import * as z from 'zod/mini';
import { CommandId, Endpoint, Family, Port, SocketId } from './primitives';
import { MAX_STUDENT_NAME, SERVICE_NAME } from './classValues';
import { textProblem } from './safeValues';

/** A student's id in the class (`p1`, `p2`…): not their session id, never a secret. */
export const StudentId = z.string().check(z.minLength(1), z.maxLength(32));
export type StudentId = z.infer<typeof StudentId>;

export { MAX_STUDENT_NAME, SERVICE_NAME };

/**
 * Why `name` cannot be a student's name, or null when it can: 1–24 characters
 * once trimmed, one line of visible text (no control, bidi or zero-width
 * character), and no `:` (it separates the student from the service in a
 * published name, "alice:echo").
 */
export function studentNameProblem(name: string): string | null {
  const trimmed = name.trim();
  const length = [...trimmed].length;
  if (length === 0) return 'a name needs at least one visible character';
  if (length > MAX_STUDENT_NAME) return `a name has at most ${MAX_STUDENT_NAME} characters`;
  const hidden = textProblem(trimmed);
  if (hidden) return `a name ${hidden}`;
  if (trimmed.includes(':')) return 'a name cannot contain ":" (it separates a name from a service: alice:echo)';
  return null;
}

/** Two names are the same name when they differ only by case (and Unicode normalisation). */
export const nameKey = (name: string): string => name.trim().normalize('NFC').toLocaleLowerCase('und');

/** A service name under which a socket is published: "echo", "chat-2". */
export const ServiceName = z.string().check(z.regex(SERVICE_NAME, 'a service is 1–32 letters, digits, - or _'));
/** A published name: "<student>:<service>" (the teacher's are "teacher:<service>"). */
export const PublishedName = z.string().check(z.minLength(3), z.maxLength(64));

/** Who a page is in the class: a guest has not joined yet and may only `class-join`. */
export const ClassRole = z.enum(['teacher', 'student', 'guest']);
export type ClassRole = z.infer<typeof ClassRole>;

/** `welcome.class`, present only when the server runs a class. */
export const ClassWelcome = z.object({
  role: ClassRole,
  /** The student's name and id once joined. */
  name: z.optional(z.string()),
  student: z.optional(StudentId),
  frozen: z.boolean(),
  ended: z.boolean(),
  /** Teacher: the student spotlighted. Student: present (their own id) when they are the one. */
  spotlight: z.optional(StudentId),
  /** The URL students open (http://<address>:<port>/), for the teacher's page. */
  studentUrl: z.optional(z.string()),
});
export type ClassWelcome = z.infer<typeof ClassWelcome>;

// ─── commands ───────────────────────────────────────────────────────────────

const cmd = <Op extends string, S extends z.core.$ZodShape>(op: Op, shape: S) =>
  z.strictObject({ id: CommandId, op: z.literal(op), ...shape });
const StudentName = z.string().check(z.minLength(1), z.maxLength(64));

/** A guest joins the class under a name (NAME_INVALID, NAME_TAKEN). */
export const ClassJoinCommand = cmd('class-join', { name: StudentName });
/** Teacher: gives a student another name (their published names follow). */
export const ClassRenameCommand = cmd('class-rename', { student: StudentId, name: StudentName });
/** Teacher: removes a student: their sockets close, their WebSocket closes (code 4010), their page says so. */
export const ClassRemoveCommand = cmd('class-remove', { student: StudentId });
/** Teacher: ends the class: every student's sockets and WebSocket close (code 4011). */
export const ClassEndCommand = cmd('class-end', {});
/** Teacher: while frozen, students' commands are refused with CLASS_FROZEN. */
export const ClassFreezeCommand = cmd('class-freeze', { frozen: z.boolean() });
/** Teacher: shows one student's events read-only (`spotlight` frames), or stops (null). */
export const ClassSpotlightCommand = cmd('class-spotlight', { student: z.nullable(StudentId) });
/** Publishes a listening TCP socket or a bound UDP socket of this session as "<name>:<service>". */
export const PublishCommand = cmd('publish', { socket: SocketId, service: ServiceName });
/** Withdraws one of this session's published names. */
export const UnpublishCommand = cmd('unpublish', { name: PublishedName });
/** The phone book: a published name → its real address and port (and a `lookup` event, `source: "class"`). */
export const DirectoryLookupCommand = cmd('directory-lookup', { name: PublishedName });

export const ClassCommands = [
  ClassJoinCommand,
  ClassRenameCommand,
  ClassRemoveCommand,
  ClassEndCommand,
  ClassFreezeCommand,
  ClassSpotlightCommand,
  PublishCommand,
  UnpublishCommand,
  DirectoryLookupCommand,
] as const;

/** Ops only the teacher may send: from anyone else, NOT_TEACHER. */
export const TEACHER_OPS = ['class-rename', 'class-remove', 'class-end', 'class-freeze', 'class-spotlight'] as const;

const Entry = z.object({
  name: PublishedName,
  /** The student who published it (or `teacher`). */
  owner: z.string(),
  proto: z.enum(['tcp', 'udp']),
  address: z.string(),
  port: Port,
  family: Family,
});
export type DirectoryEntry = z.infer<typeof Entry>;

export const ClassResults = {
  'class-join': z.object({ student: StudentId, name: z.string() }),
  'class-rename': z.object({ student: StudentId, name: z.string() }),
  'class-remove': z.object({}),
  'class-end': z.object({}),
  'class-freeze': z.object({ frozen: z.boolean() }),
  'class-spotlight': z.object({ student: z.nullable(StudentId) }),
  publish: Entry,
  unpublish: z.object({}),
  'directory-lookup': Entry,
};

/** Stable error codes of the class (docs/protocol.md, "Errors"). */
export const ClassErrorCodes = [
  'NOT_IN_CLASS', // a class op on a server that runs no class
  'NOT_JOINED', // a guest's command other than class-join: join first
  'NAME_INVALID', // the name is empty, too long, has invisible characters or ":"
  'NAME_TAKEN', // another student has that name (case-insensitively)
  'NOT_TEACHER', // a teacher's op from a student or guest
  'CLASS_FROZEN', // the teacher froze the class: wait
  'CLASS_ENDED', // the class is over
  'CLASS_NOT_PUBLISHED', // a student's connect/sendto target is not a published socket of the class nor their own
] as const;

// ─── events (seq'd session events: recordings keep them) ───────────────────

const base = { seq: z.int().check(z.minimum(1)), t: z.number().check(z.minimum(0)) };

/** One call between two members of the class, from real sockets: the caller's connect matched to the accept. */
const Call = z.object({
  /** Caller and callee, as student ids (`teacher` for the teacher). */
  from: z.string(),
  to: z.string(),
  proto: z.enum(['tcp', 'udp']),
  /** The published name called. */
  service: z.string(),
  /** Bytes the caller sent and received on that call so far. */
  sent: z.int().check(z.minimum(0)),
  received: z.int().check(z.minimum(0)),
  open: z.boolean(),
});
export type ClassCall = z.infer<typeof Call>;

const Student = z.object({
  id: StudentId,
  name: z.string(),
  /** Is their page connected now (false while it waits to be resumed). */
  online: z.boolean(),
  /** Open sockets. */
  sockets: z.int().check(z.minimum(0)),
  published: z.array(z.string()),
  /** Bytes their sockets sent and received. */
  sent: z.int().check(z.minimum(0)),
  received: z.int().check(z.minimum(0)),
  /** Commands they ran. */
  commands: z.int().check(z.minimum(0)),
});
export type RosterStudent = z.infer<typeof Student>;

/** Teacher only: every student and every call between members, at most a few times a second. */
export const RosterEvent = z.object({
  ...base,
  kind: z.literal('roster'),
  students: z.array(Student),
  calls: z.array(Call),
});
/** Everyone in the class: what is published, whenever it changes. */
export const DirectoryEvent = z.object({ ...base, kind: z.literal('directory'), entries: z.array(Entry) });
/** Everyone: the class's state. For a student, `spotlight` is present only when they are spotlighted. */
export const ClassStateEvent = z.object({
  ...base,
  kind: z.literal('class-state'),
  frozen: z.boolean(),
  ended: z.boolean(),
  spotlight: z.optional(StudentId),
  /** Why it ended for this page: the class ended, or this student was removed. */
  reason: z.optional(z.enum(['ended', 'removed'])),
  /** This page's own name after a join or a rename. */
  name: z.optional(z.string()),
});
/** The other end of one of this session's sockets is a member of the class: its name, and the published name called. */
export const ClassPeerEvent = z.object({
  ...base,
  kind: z.literal('class-peer'),
  socket: SocketId,
  peer: z.string(),
  /** The published name of the call: the callee's side of it. */
  service: z.string(),
  remote: Endpoint,
});

export const ClassEvents = [RosterEvent, DirectoryEvent, ClassStateEvent, ClassPeerEvent] as const;

// ─── the spotlight frame (teacher only, not seq'd in the teacher's session) ──

/**
 * A read-only copy of the spotlighted student's events, in their own seq
 * numbering: `reset: true` starts a new copy (from the student's first kept
 * event), then frames carry what follows. `student: null` ends it.
 * shared/protocol/frames.ts adds `events: Event[]` (SpotlightFrame).
 */
export const SpotlightFrameBase = z.object({
  type: z.literal('spotlight'),
  student: z.nullable(StudentId),
  name: z.optional(z.string()),
  reset: z.boolean(),
});
