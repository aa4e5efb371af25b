/**
 * The commands (client → server): one schema per op, each a strict object with
 * the command's `id` and `op`, the `Command` union of them all (the compare
 * run's commands from shared/compare/wire.ts and the class's from
 * shared/class.ts included), its types, and `OPS`, the list of every op.
 */
import * as z from 'zod/mini';
import { CommandId, Family, Host, Port, SocketId } from '../primitives';
import { CompareCommand, CompareStopCommand } from '../compare/wire';
import { isVisibleText } from '../safeValues';
import { ClassCommands } from '../class';
import { PROTOCOL_VERSION } from '../protocolValues';
import { Payload, Proto, Target } from './blocks';

const cmd = <Op extends string, S extends z.core.$ZodShape>(op: Op, shape: S) =>
  z.strictObject({ id: CommandId, op: z.literal(op), ...shape });
const onSocket = <Op extends string>(op: Op) => cmd(op, { socket: SocketId });

export const HelloCommand = cmd('hello', {
  protocol: z.literal(PROTOCOL_VERSION),
  token: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
  lastSeq: z.optional(z.int().check(z.minimum(0))),
  /** Class mode: the teacher's secret (from the teacher link); a wrong one is NOT_TEACHER. */
  teacher: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
});
export const LookupCommand = cmd('lookup', { host: Host });
export const ServiceCommand = cmd('service', { name: z.string().check(z.minLength(1), z.maxLength(64)), proto: Proto });
export const SocketCommand = cmd('socket', {
  proto: Proto,
  family: Family,
  /** One line of visible text (no control, bidi or zero-width character): it is shown and becomes a variable name. */
  label: z.optional(
    z.string().check(
      z.maxLength(40),
      z.refine((s) => isVisibleText(s), 'a label is one line of visible text (no control or bidi characters)'),
    ),
  ),
});
export const BindCommand = cmd('bind', { socket: SocketId, address: z.optional(Host), port: Port });
export const ListenCommand = cmd('listen', {
  socket: SocketId,
  port: z.optional(Port),
  address: z.optional(Host),
  backlog: z.optional(z.int().check(z.minimum(1), z.maximum(511))),
});
export const ConnectCommand = cmd('connect', {
  socket: SocketId,
  host: Host,
  port: z.int().check(z.minimum(1), z.maximum(65535)),
});
export const SendCommand = cmd('send', { socket: SocketId, data: Payload, to: z.optional(Target) });
export const EndCommand = onSocket('end');
export const CloseCommand = onSocket('close');
export const ResetCommand = onSocket('reset');
export const PauseCommand = onSocket('pause');
export const ResumeCommand = onSocket('resume');

export const Command = z.discriminatedUnion('op', [
  HelloCommand,
  LookupCommand,
  ServiceCommand,
  SocketCommand,
  BindCommand,
  ListenCommand,
  ConnectCommand,
  SendCommand,
  EndCommand,
  CloseCommand,
  ResetCommand,
  PauseCommand,
  ResumeCommand,
  // TCP and UDP side by side over a degradable link (shared/compare/wire.ts).
  CompareCommand,
  CompareStopCommand,
  // The class: join, teacher's commands, the directory (shared/class.ts).
  ...ClassCommands,
]);
export type Command = z.infer<typeof Command>;
export type Op = Command['op'];
export type CommandOf<O extends Op> = Extract<Command, { op: O }>;
/** A command as a caller writes it, before an id is attached. */
export type CommandInput<O extends Op = Op> = O extends Op ? Omit<CommandOf<O>, 'id'> : never;

export const OPS = Command.def.options.map((o) => o.shape.op.def.values[0]) as Op[];
