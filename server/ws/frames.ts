import * as z from 'zod/mini';
import { Command, CommandId, OPS, PROTOCOL_VERSION, type ErrorBody } from '../../shared/protocol';

// zod/mini ships without messages (to keep the page small); the server loads the
// English ones so an INVALID reply says what is wrong ("expected number, received string").
z.config(z.locales.en());

export type ParsedFrame = { ok: true; command: Command } | { ok: false; id: CommandId | null; error: ErrorBody };

const invalid = (id: CommandId | null, message: string): ParsedFrame => ({ ok: false, id, error: { code: 'INVALID', message } });

/**
 * Parses one WebSocket message at the edge: JSON, then the zod schema of its op.
 * Whatever is wrong gets a precise INVALID (or PROTOCOL) answer, with the
 * command's id whenever it can be read, and nothing unparsed goes further.
 */
export function parseFrame(raw: string): ParsedFrame {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return invalid(null, 'The frame is not valid JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return invalid(null, 'A command is a JSON object such as {"id": 1, "op": "hello", "protocol": 1}.');
  }
  const obj = value as Record<string, unknown>;
  const idRead = CommandId.safeParse(obj.id);
  const id = idRead.success ? idRead.data : null;
  if (!idRead.success) return invalid(null, '"id" is missing or not a number/string: every command needs an id to be answered.');
  if (typeof obj.op !== 'string' || !(OPS as string[]).includes(obj.op)) {
    return invalid(id, `Unknown op ${JSON.stringify(obj.op)}; the ops are: ${OPS.join(', ')}.`);
  }
  if (obj.op === 'hello' && obj.protocol !== PROTOCOL_VERSION) {
    return {
      ok: false,
      id,
      error: { code: 'PROTOCOL', message: `This server speaks protocol ${PROTOCOL_VERSION}; the client asked for ${JSON.stringify(obj.protocol)}.` },
    };
  }
  const parsed = Command.safeParse(obj);
  if (!parsed.success) {
    const what = parsed.error.issues
      .map((i) => `${i.path.length ? i.path.join('.') : 'command'}: ${i.message}`)
      .join('; ');
    return invalid(id, `Bad "${obj.op}" command — ${what}.`);
  }
  return { ok: true, command: parsed.data };
}
