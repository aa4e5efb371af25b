/**
 * One word per phase, distinct in each language, and the analogy the right way
 * round: socket() picks the handset up, close() puts it down.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Endpoint, Event, EventInput } from '../../../shared/protocol';
import { PHASES, worldAt } from '../../../shared/world';
import { captionFor } from './captions';
import { explainKey, lingerExplainKey, phaseKey } from './phaseWords';

type Tree = { [k: string]: string | Tree };
const load = (lang: string): Tree =>
  JSON.parse(readFileSync(new URL(`../../i18n/locales/${lang}/stage.json`, import.meta.url), 'utf8')) as Tree;
const get = (tree: Tree, key: string): string | undefined => {
  const v = key
    .split('.')
    .reduce<string | Tree | undefined>((o, k) => (typeof o === 'object' ? o[k] : undefined), tree);
  return typeof v === 'string' ? v : undefined;
};

const ep = (port: number): Endpoint => ({ address: '127.0.0.1', port, family: 4 });
const session = (...inputs: EventInput[]): Event[] => inputs.map((e, i) => ({ ...e, seq: i + 1, t: i }) as Event);

describe.each(['fr', 'en'])('phase words in %s', (lang) => {
  const stage = load(lang);

  it('every phase has its own label, and no two phases share one', () => {
    const labels = PHASES.map((p) => get(stage, `phase.${p}`));
    expect(labels.every((l) => typeof l === 'string' && l.length > 0)).toBe(true);
    expect(new Set(labels).size).toBe(PHASES.length);
    // The words a socket may show besides its phase name are distinct from them too.
    const extra = ['udpBound', 'udpConnecting', 'udpConnected', 'closedByNode', 'lingering'].map((k) =>
      get(stage, `phase.${k}`),
    );
    expect(extra.every((l) => typeof l === 'string' && l.length > 0)).toBe(true);
    expect(new Set([...labels, ...extra]).size).toBe(PHASES.length + extra.length);
  });

  it('socket() picks the handset up; close() puts it down', () => {
    const created = get(stage, 'phase.created')!;
    const closed = get(stage, 'phase.closed')!;
    if (lang === 'fr') {
      expect(created).toMatch(/^Décroché/);
      expect(closed).toMatch(/^Raccroché/);
    } else {
      expect(created).toMatch(/up/i);
      expect(created).not.toMatch(/on the hook/i);
      expect(closed).toMatch(/hung up/i);
    }
    expect(get(stage, 'explain.closed')).not.toMatch(/free again|de nouveau libre/);
  });

  it('every key the card, the toolbox and the captions use for issue 9 exists', () => {
    const events = session(
      { kind: 'created', socket: 's1', proto: 'tcp', family: 4 },
      { kind: 'listening', socket: 's1', local: ep(5000), backlog: 16 },
      { kind: 'created', socket: 's2', proto: 'tcp', family: 4 },
      { kind: 'connecting', socket: 's2', remote: ep(5000), local: ep(40000) },
      { kind: 'accepted', socket: 's1', child: 's3', local: ep(5000), remote: ep(40000) },
      { kind: 'created', socket: 's3', proto: 'tcp', family: 4, parent: 's1' },
      { kind: 'closed', socket: 's2', hadError: false, cause: 'user', fin: true },
      { kind: 'kernel', socket: 's2', state: 'FIN_WAIT2', txQueue: 0, rxQueue: 0, timerMs: 59000, afterClose: true },
      { kind: 'kernel', socket: 's2', state: 'TIME_WAIT', txQueue: 0, rxQueue: 0, timerMs: 59000, afterClose: true },
      { kind: 'kernel', socket: 's2', state: 'CLOSED', txQueue: 0, rxQueue: 0, afterClose: true },
      { kind: 'closed', socket: 's3', hadError: false, cause: 'node' },
      { kind: 'created', socket: 'u1', proto: 'udp', family: 4 },
      { kind: 'bound', socket: 'u1', local: ep(6000) },
      { kind: 'sent', socket: 'u1', bytes: 1, offset: 0, data: { text: 'x', base64: 'eA==' }, to: ep(6001) },
      { kind: 'connecting', socket: 'u1', remote: ep(6001) },
      { kind: 'connected', socket: 'u1', local: ep(6000), remote: ep(6001) },
      { kind: 'error', socket: 'u1', code: 'ECONNREFUSED', syscall: 'recvmsg', message: 'm' },
      { kind: 'created', socket: 's4', proto: 'tcp', family: 4 },
      { kind: 'closed', socket: 's4', hadError: false, cause: 'user', rst: true },
      { kind: 'closed', socket: 'u1', hadError: false, cause: 'user' },
    );
    const keys = new Set<string>();
    events.forEach((e, i) => {
      const w = worldAt(events, i + 1);
      keys.add(captionFor(e, w).key);
      for (const id of w.order) {
        keys.add(phaseKey(w.sockets[id]!));
        keys.add(explainKey(w.sockets[id]!));
        const why = lingerExplainKey(w.sockets[id]!);
        if (why) keys.add(why);
      }
    });
    for (const k of [
      'caption.closedFin',
      'caption.closedByNode',
      'caption.closedRst',
      'caption.kernelTimeWait',
      'caption.kernelGone',
      'caption.sentUdpNowhere',
      'caption.error.ECONNREFUSEDUdp',
      'phase.lingering',
      'phase.closedByNode',
      'explain.timeWait',
      'explain.closedByNode',
      'explain.closedRst',
      'explain.error.ECONNREFUSEDUdp',
    ])
      expect(keys).toContain(k);
    for (const k of keys) expect([k, get(stage, k) !== undefined]).toEqual([k, true]);
  });

  it('UDP is told in UDP words: no dialling, no SYN, no RST', () => {
    for (const k of ['phase.udpConnecting', 'phase.udpConnected', 'caption.connectingUdp', 'caption.connectedUdp'])
      expect(get(stage, k)).not.toMatch(/SYN|dial|compose|appelle/i);
    for (const k of ['explain.error.ECONNREFUSEDUdp', 'caption.error.ECONNREFUSEDUdp']) {
      expect(get(stage, k)).toContain('ICMP');
      expect(get(stage, k)).not.toMatch(/reset|réinitialis/i);
    }
    expect(get(stage, 'card.nowhereSilent')).toMatch(/ne prévient pas|does not tell/);
  });
});
