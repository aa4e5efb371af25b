/** Parsing at the edge, as a pure function: every refusal names its problem. */
import { describe, expect, it } from 'vitest';
import { parseFrame } from './frames';

const error = (raw: string) => {
  const r = parseFrame(raw);
  if (r.ok) throw new Error('parsed');
  return { id: r.id, ...r.error };
};

describe('parseFrame', () => {
  it('accepts a valid command as its typed value', () => {
    expect(parseFrame('{"id": 3, "op": "send", "socket": "s1", "data": {"text": "Allô"}}')).toEqual({
      ok: true,
      command: { id: 3, op: 'send', socket: 's1', data: { text: 'Allô' } },
    });
  });

  it.each([
    ['not JSON', '{"id": 1', null, /not valid JSON/],
    ['not an object', '"hello"', null, /JSON object/],
    ['no id', '{"op": "hello", "protocol": 1}', null, /"id"/],
    ['a bad id', '{"id": -1, "op": "hello", "protocol": 1}', null, /"id"/],
    ['an unknown op', '{"id": 2, "op": "dial"}', 2, /Unknown op "dial"; the ops are: hello, /],
    ['a wrong type', '{"id": "a", "op": "socket", "proto": "tcp", "family": "4"}', 'a', /family: expected one of 4, 6/],
    ['a wrong enum value', '{"id": 4, "op": "socket", "proto": "sctp", "family": 4}', 4, /proto: .*"tcp"\|"udp"/],
    [
      'a nested wrong type',
      '{"id": 5, "op": "send", "socket": "s1", "data": {"text": 1}}',
      5,
      /data\.text: .*expected string/,
    ],
    ['an unknown field', '{"id": 6, "op": "close", "socket": "s1", "now": true}', 6, /Unrecognized key: "now"/],
    ['a port out of range', '{"id": 7, "op": "connect", "socket": "s1", "host": "::1", "port": 70000}', 7, /port:/],
  ])('refuses %s with INVALID', (_what, raw, id, message) => {
    expect(error(raw)).toMatchObject({ code: 'INVALID', id, message: expect.stringMatching(message) });
  });

  it('answers another protocol version with PROTOCOL', () => {
    expect(error('{"id": 1, "op": "hello", "protocol": 2}')).toMatchObject({
      code: 'PROTOCOL',
      id: 1,
      message: expect.stringMatching(/protocol 1/),
    });
  });
});
