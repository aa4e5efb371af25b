/**
 * The lesson format: one JSON document per lesson, validated by these schemas
 * (zod/mini, so the page stays lean). Built-in lessons and the files teachers
 * load use exactly this format.
 *
 * A step runs real protocol commands (`actions`), waits for the events they
 * cause (`waitFor`, with a timeout), then evaluates `check` against the real
 * events. Values only known at run time (a socket id, a port the kernel chose)
 * are written as references: `{ "$ref": "listener.port" }` — see refs.ts.
 */
import * as z from 'zod/mini';
import { EVENT_KINDS, Family, Proto, type EventKind } from '../protocol';
import { PHASES, type Phase } from '../world/types';
import { TcpFlagName, WireDir } from '../wire/events';

/** The marks a `segment` event may carry (shared/wire/events.ts), each a boolean field of the event. */
export const SEGMENT_MARKS = ['retransmission', 'zeroWindow', 'probe', 'keepAlive', 'windowUpdate', 'dupAck'] as const;
/** Event kinds seen only when the server captures (docs/wire.md): a lesson's check on them is skipped without. */
export const WIRE_KINDS: ReadonlySet<string> = new Set(['segment', 'datagram', 'icmp']);
import {
  ERROR_CODE_PATTERN,
  SERVICE_NAME_PATTERN,
  SOCKET_ID_PATTERN,
  hasLoneSurrogate,
  isHost,
  isIpLiteral,
  textProblem,
} from '../safeValues';

/**
 * Text a person reads: no invisible controls (bidi overrides, zero-width…),
 * no lone surrogates; `lines` allows newlines and tabs.
 */
const SafeText = (max: number, lines: boolean) =>
  z.string().check(
    z.maxLength(max),
    z.superRefine((s, ctx) => {
      const problem = textProblem(s, lines);
      if (problem) ctx.issues.push({ code: 'custom', message: `the text ${problem}`, input: s });
    }),
  );

/** Languages of the course text. French is the source language. */
export const Localized = z.strictObject({
  fr: SafeText(4000, true).check(z.minLength(1)),
  en: SafeText(4000, true).check(z.minLength(1)),
});
export type Localized = z.infer<typeof Localized>;

/** A socket's name on the stage: one for both languages, or one per language. */
export const SocketLabel = z.union([
  SafeText(40, false),
  z.strictObject({ fr: SafeText(40, false), en: SafeText(40, false) }),
]);
export type SocketLabel = z.infer<typeof SocketLabel>;

/** Bytes a lesson sends as text: one string for both languages, or one per language (the page's is sent). */
const SentText = z.string().check(
  z.minLength(1),
  z.maxLength(4096),
  z.refine((t) => !hasLoneSurrogate(t), 'the text contains a lone UTF-16 surrogate (not a character)'),
);
export const LessonText = z.union([SentText, z.strictObject({ fr: SentText, en: SentText })]);
export type LessonText = z.infer<typeof LessonText>;

/** A lesson text in one language (a plain string is the same in both). */
export const textIn = (v: LessonText, lang: 'fr' | 'en'): string => (typeof v === 'string' ? v : v[lang]);

/** A name given with `as`, later read back with a reference. */
export const RefName = z
  .string()
  .check(z.regex(/^[a-z][a-zA-Z0-9]*$/, 'a name starts with a lowercase letter, then letters or digits'));

/**
 * A reference to a value produced by an earlier action or awaited event:
 * `name.field`, where field is one of REF_FIELDS.
 */
export const REF_FIELDS = ['socket', 'port', 'address', 'family', 'remotePort', 'remoteAddress'] as const;
export type RefField = (typeof REF_FIELDS)[number];
export const RefPath = z
  .string()
  .check(
    z.regex(
      new RegExp(`^[a-z][a-zA-Z0-9]*\\.(${REF_FIELDS.join('|')})$`),
      `a reference is name.field, field one of ${REF_FIELDS.join(', ')}`,
    ),
  );
export const Ref = z.strictObject({ $ref: RefPath });
export type Ref = z.infer<typeof Ref>;

const orRef = <T extends z.ZodMiniType>(t: T) => z.union([t, Ref]);
const Str = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));
const PortValue = orRef(z.int().check(z.minimum(0), z.maximum(65535)));
/** Where to dial or send: an IP literal or a host name (looked up with getaddrinfo()). */
const HostValue = orRef(
  Str(253).check(z.refine(isHost, 'a host is an IP address (127.0.0.1, ::1) or a host name (localhost)')),
);
/** An address to bind: an IP literal only (a socket binds to one of the machine's addresses). */
const AddressValue = orRef(
  Str(45).check(z.refine(isIpLiteral, 'an address to bind is an IP address such as 127.0.0.1 or ::1')),
);
/** A socket: a reference, or a server-made id such as s1. */
const SocketValue = orRef(
  z.string().check(z.regex(SOCKET_ID_PATTERN, 'a socket is a reference ({ "$ref": "name.socket" }) or an id like s1')),
);
/** An errno or error code name. */
const ErrorCode = z.string().check(z.regex(ERROR_CODE_PATTERN, 'an error code is in capitals, like ECONNREFUSED'));

const act = <Op extends string, S extends z.core.$ZodShape>(op: Op, shape: S) =>
  z.strictObject({
    op: z.literal(op),
    /** Remember this action's result under a name (`listener.socket`, `listener.port`). */
    as: z.optional(RefName),
    /** The action is expected to fail with this errno/code (the lesson is about that failure). */
    expectError: z.optional(ErrorCode),
    ...shape,
  });
const onSocket = <Op extends string>(op: Op) => act(op, { socket: SocketValue });

/** A protocol command, as a lesson writes it (references allowed, no id). */
export const Action = z.discriminatedUnion('op', [
  act('lookup', { host: HostValue }),
  act('service', {
    name: z.string().check(z.regex(SERVICE_NAME_PATTERN, 'a service name is like http or domain (letters, digits, -)')),
    proto: Proto,
  }),
  act('socket', { proto: Proto, family: Family, label: z.optional(SocketLabel) }),
  act('bind', { socket: SocketValue, address: z.optional(AddressValue), port: PortValue }),
  act('listen', {
    socket: SocketValue,
    address: z.optional(AddressValue),
    port: z.optional(PortValue),
    backlog: z.optional(z.int().check(z.minimum(1), z.maximum(511))),
  }),
  act('connect', { socket: SocketValue, host: HostValue, port: PortValue }),
  act('send', {
    socket: SocketValue,
    text: LessonText,
    /** Send the text this many times over in one send() (a lesson that fills a window needs many bytes). */
    repeat: z.optional(z.int().check(z.minimum(1), z.maximum(1024))),
    to: z.optional(z.strictObject({ host: HostValue, port: PortValue })),
  }),
  onSocket('end'),
  onSocket('close'),
  onSocket('reset'),
  onSocket('pause'),
  onSocket('resume'),
]);
export type Action = z.infer<typeof Action>;
export type ActionOp = Action['op'];

export const EventKindName = z.enum(EVENT_KINDS as [EventKind, ...EventKind[]]);

/** Which events a matcher selects: kind, and optionally socket, errno, text. */
const matcherShape = {
  kind: EventKindName,
  socket: z.optional(SocketValue),
  /** For `error` events: the errno name (ECONNREFUSED…). */
  code: z.optional(ErrorCode),
  /** For `sent`/`received`: the bytes as text (per language: either matches). */
  text: z.optional(
    z.union([
      z.string().check(z.maxLength(4096)),
      z.strictObject({ fr: z.string().check(z.maxLength(4096)), en: z.string().check(z.maxLength(4096)) }),
    ]),
  ),
  /** For `segment`: exactly these TCP flags, in any order (["SYN", "ACK"] is the SYN-ACK). */
  flags: z.optional(z.array(TcpFlagName).check(z.maxLength(8))),
  /** For `segment`: the relative sequence and acknowledgement numbers (each side's SYN is 0) and the payload length. */
  tcpSeq: z.optional(z.int().check(z.minimum(0))),
  tcpAck: z.optional(z.int().check(z.minimum(0))),
  len: z.optional(z.int().check(z.minimum(0))),
  /** For `segment`: one of the marks of the capture's analysis (zeroWindow, probe, retransmission…). */
  mark: z.optional(z.enum(SEGMENT_MARKS)),
  /** For `segment`, `datagram`, `icmp`: sent by the socket (`out`) or received from outside the session (`in`). */
  dir: z.optional(WireDir),
  /** For `kernel`: the kernel's TCP state (TIME_WAIT, FIN_WAIT2…). */
  state: z.optional(z.string().check(z.regex(/^[A-Z][A-Z0-9_]{0,15}$/, 'a state is in capitals, like TIME_WAIT'))),
};

/** An event the step waits for after its actions. */
export const Wait = z.strictObject({
  ...matcherShape,
  /** How many matching events to wait for (default 1). */
  count: z.optional(z.int().check(z.minimum(1), z.maximum(64))),
  /** Remember the (last) matching event under a name; for `accepted`, `name.socket` is the new socket. */
  as: z.optional(RefName),
});
export type Wait = z.infer<typeof Wait>;

/** One fact the check asserts about the events since the step (or lesson) began. */
export const EventAssertion = z.strictObject({
  ...matcherShape,
  /** Exactly this many matching events (0 = none happened). Default: at least one. */
  count: z.optional(z.int().check(z.minimum(0), z.maximum(64))),
  /** Sum of `bytes` over matching sent/received events. */
  bytes: z.optional(z.int().check(z.minimum(0))),
  /** Look at the whole lesson instead of this step only. */
  scope: z.optional(z.enum(['step', 'lesson'])),
});
export type EventAssertion = z.infer<typeof EventAssertion>;

/** The phase a socket is in now, as the stage draws it (shared/world.ts). */
export const PhaseAssertion = z.strictObject({
  phase: z.enum(PHASES as [Phase, ...Phase[]]),
  socket: SocketValue,
});
export type PhaseAssertion = z.infer<typeof PhaseAssertion>;

export const Assertion = z.union([EventAssertion, PhaseAssertion]);
export type Assertion = z.infer<typeof Assertion>;

export const Check = z.strictObject({
  /** What the student should observe, in words. */
  observe: Localized,
  assert: z.array(Assertion).check(z.minLength(1)),
});
export type Check = z.infer<typeof Check>;

export const CODE_LANGS = ['c', 'python', 'node', 'java'] as const;
export type CodeLang = (typeof CODE_LANGS)[number];

/** Hand-written code lines for a step, per language; generated from the actions when absent. */
export const StepCode = z.partialRecord(z.enum(CODE_LANGS), z.array(z.string()));

export const Step = z.strictObject({
  title: Localized,
  narration: Localized,
  /** The telephone side of the story. */
  analogy: Localized,
  actions: z.array(Action),
  waitFor: z.optional(z.array(Wait)),
  /** How long to wait for `waitFor` (default 5000 ms). */
  timeoutMs: z.optional(z.int().check(z.minimum(100), z.maximum(60_000))),
  check: Check,
  code: z.optional(StepCode),
});
export type Step = z.infer<typeof Step>;

export const LESSON_FORMAT = 1 as const;

export const Lesson = z.strictObject({
  format: z.literal(LESSON_FORMAT),
  id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,47}$/, 'an id is lowercase letters, digits and dashes')),
  title: Localized,
  summary: Localized,
  steps: z.array(Step).check(z.minLength(1), z.maxLength(40)),
});
export type Lesson = z.infer<typeof Lesson>;
