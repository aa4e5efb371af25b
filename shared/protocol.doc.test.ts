/**
 * Keeps docs/protocol.md true: every op and event kind it documents exists in
 * the schemas and back, every JSON example in it is valid, and every stable
 * error code and named limit (with its default) is listed.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from './limits';
import {
  Command,
  ErrorCodes,
  Event,
  EventsFrame,
  EVENT_KINDS,
  OPS,
  ReplyFrame,
  Results,
  WelcomeFrame,
  type Op,
} from './protocol';

const doc = readFileSync(new URL('../docs/protocol.md', import.meta.url), 'utf8');

interface Section {
  /** `op` or `event` */
  type: string;
  name: string;
  body: string;
}

/** `### op \`connect\`` and `### event \`connected\`` sections, each up to the next heading. */
function sections(): Section[] {
  const found: Section[] = [];
  const parts = doc.split(/^(?=#{2,3} )/m);
  for (const part of parts) {
    const m = /^### (op|event) `([^`]+)`\s*$/m.exec(part.split('\n')[0] ?? '');
    if (m) found.push({ type: m[1]!, name: m[2]!, body: part });
  }
  return found;
}

/** Fenced blocks tagged with a role after the language: ```json command, ```json event… */
function blocks(text: string, tag: string): string[] {
  const re = new RegExp('^```json ' + tag + '\\n([\\s\\S]*?)^```', 'gm');
  return [...text.matchAll(re)].map((m) => m[1]!);
}

const ops = sections().filter((s) => s.type === 'op');
const events = sections().filter((s) => s.type === 'event');

describe('docs/protocol.md', () => {
  it('documents every op of the schema, and only those', () => {
    expect(ops.map((s) => s.name).sort()).toEqual([...OPS].sort());
  });

  it('documents every event kind of the schema, and only those', () => {
    expect(events.map((s) => s.name).sort()).toEqual([...EVENT_KINDS].sort());
  });

  it('lists every op in the summary table', () => {
    for (const op of OPS) expect(doc).toMatch(new RegExp('^\\| `' + op + '` \\|', 'm'));
  });

  it.each(ops.map((s) => [s.name, s] as const))('op %s: its command and reply examples are valid', (name, section) => {
    const commands = blocks(section.body, 'command');
    expect(commands.length).toBeGreaterThan(0);
    for (const text of commands) {
      const parsed = Command.safeParse(JSON.parse(text));
      expect(parsed.error?.message).toBeUndefined();
      expect(parsed.data?.op).toBe(name);
    }
    for (const text of blocks(section.body, 'reply')) {
      const reply = ReplyFrame.parse(JSON.parse(text));
      if (reply.ok) expect(Results[name as Op].safeParse(reply.result).error?.message).toBeUndefined();
    }
  });

  it.each(events.map((s) => [s.name, s] as const))('event %s: its example is valid', (name, section) => {
    const examples = blocks(section.body, 'event');
    expect(examples.length).toBe(1);
    const parsed = Event.safeParse(JSON.parse(examples[0]!));
    expect(parsed.error?.message).toBeUndefined();
    expect(parsed.data?.kind).toBe(name);
  });

  it('has a valid welcome frame and events frame', () => {
    const [welcome] = blocks(doc, 'welcome');
    expect(WelcomeFrame.safeParse(JSON.parse(welcome!)).error?.message).toBeUndefined();
    const [frame] = blocks(doc, 'events');
    expect(EventsFrame.safeParse(JSON.parse(frame!)).error?.message).toBeUndefined();
  });

  it('lists every stable error code', () => {
    for (const code of ErrorCodes) expect(doc).toMatch(new RegExp('^\\| `' + code + '` \\|', 'm'));
  });

  it('lists every named limit with its default', () => {
    for (const [name, value] of Object.entries(DEFAULT_LIMITS)) {
      expect(doc).toMatch(new RegExp('^\\| `' + name + '` \\| ' + value + ' \\|', 'm'));
    }
  });

  it('has exactly one runnable example', () => {
    expect([...doc.matchAll(/^```js example$/gm)]).toHaveLength(1);
  });
});
