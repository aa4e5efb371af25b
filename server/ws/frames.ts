import * as z from 'zod/mini';
import { Command, CommandId, OPS, PROTOCOL_VERSION, type ErrorBody } from '../../shared/protocol';

// zod/mini ships without messages (to keep the page small); the server loads the
// English ones so an INVALID reply says what is wrong ("expected number, received string").
z.config(z.locales.en());

export type ParsedFrame = { ok: true; command: Command } | { ok: false; id: CommandId | null; error: ErrorBody };

const invalid = (id: CommandId | null, message: string): ParsedFrame => ({
  ok: false,
  id,
  error: { code: 'INVALID', message },
});

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
  if (!idRead.success)
    return invalid(null, '"id" is missing or not a number/string: every command needs an id to be answered.');
  if (typeof obj.op !== 'string' || !(OPS as string[]).includes(obj.op)) {
    return invalid(id, `Unknown op ${JSON.stringify(obj.op)}; the ops are: ${OPS.join(', ')}.`);
  }
  if (obj.op === 'hello' && obj.protocol !== PROTOCOL_VERSION) {
    return {
      ok: false,
      id,
      error: {
        code: 'PROTOCOL',
        message: `This server speaks protocol ${PROTOCOL_VERSION}; the client asked for ${JSON.stringify(obj.protocol)}.`,
      },
    };
  }
  const parsed = Command.safeParse(obj);
  if (!parsed.success) {
    const what = parsed.error.issues.flatMap((i) => describeIssue(i, [])).join('; ');
    return invalid(id, `Bad "${obj.op}" command — ${what}.`);
  }
  return { ok: true, command: parsed.data };
}

/**
 * Only the id of a frame (or null), for answering a frame past the command
 * rate without validating the rest of it.
 */
export function readFrameId(raw: string): CommandId | null {
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return null;
    const id = CommandId.safeParse((value as Record<string, unknown>).id);
    return id.success ? id.data : null;
  } catch {
    return null;
  }
}

/** The little of a zod issue that is read here (zod/mini's issue types are a wide union). */
interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  values?: unknown[];
  errors?: Issue[][];
}

/**
 * One line per problem, with its path. A union's own message is only "Invalid
 * input", so say which values it takes (family: expected one of 4, 6) or what
 * is wrong with the alternative that came closest (data.text: expected string).
 */
function describeIssue(issue: Issue, prefix: PropertyKey[]): string[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors?.length) {
    const branches = issue.errors;
    const values = branches.map((b) => (b.length === 1 && b[0]!.code === 'invalid_value' ? b[0]!.values : undefined));
    if (values.every((v) => v !== undefined)) {
      return [
        `${where(path)}: expected one of ${values
          .flat()
          .map((v) => JSON.stringify(v))
          .join(', ')}`,
      ];
    }
    const closest = branches.reduce((best, b) => (b.length < best.length ? b : best));
    return closest.flatMap((i) => describeIssue(i, path));
  }
  return [`${where(path)}: ${issue.message}`];
}

const where = (path: PropertyKey[]) => (path.length ? path.map(String).join('.') : 'command');
