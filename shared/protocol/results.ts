/**
 * The results of successful commands: `Results` maps every op to the schema of
 * the `result` its `ok: true` reply carries (the compare run's and the class's
 * included), and `ResultOf` gives the type of one.
 */
import * as z from 'zod/mini';
import { Endpoint, Family, Port, SocketId } from '../primitives';
import { CompareResults } from '../compare/wire';
import { ClassResults } from '../class';
import { Proto } from './blocks';
import type { Op } from './commands';

export const Results = {
  hello: z.object({}),
  lookup: z.object({ host: z.string(), addresses: z.array(z.object({ address: z.string(), family: Family })) }),
  service: z.object({ name: z.string(), proto: Proto, port: Port, source: z.enum(['etc-services', 'builtin']) }),
  socket: z.object({ socket: SocketId }),
  bind: z.object({ local: Endpoint }),
  listen: z.object({ local: Endpoint }),
  connect: z.object({ local: z.optional(Endpoint), remote: Endpoint }),
  send: z.object({ bytes: z.int().check(z.minimum(0)) }),
  end: z.object({}),
  close: z.object({}),
  reset: z.object({}),
  pause: z.object({}),
  resume: z.object({}),
  ...CompareResults,
  ...ClassResults,
} satisfies Record<Op, z.ZodMiniType>;
export type ResultOf<O extends Op> = z.infer<(typeof Results)[O]>;
