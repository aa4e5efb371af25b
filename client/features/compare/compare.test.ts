import { describe, expect, it } from 'vitest';
import { FIELDS, applyPreset, formFrom, matchingPreset, toCommand } from './form';
import { FALL_MS, MAX_FLIGHTS, flightsAt } from './flights';
import { DEFAULT_LINK, DEFAULT_SCRIPT, PRESETS } from '../../../shared/compare/link';
import { compareCaption } from './captions';

describe('compare form', () => {
  const form = formFrom(DEFAULT_SCRIPT, DEFAULT_LINK);

  it('round-trips the defaults into a valid command', () => {
    const r = toCommand(form);
    expect(r).toEqual({ ok: true, command: { op: 'compare', script: DEFAULT_SCRIPT, link: DEFAULT_LINK } });
    expect(Object.keys(form).sort()).toEqual(FIELDS.map((f) => f.name).sort());
  });

  it('applies a preset to the link only and recognises it', () => {
    const sat = applyPreset({ ...form, count: '7' }, 'satellite');
    expect(sat.delayMs).toBe(String(PRESETS.satellite.delayMs));
    expect([sat.count, sat.seed]).toEqual(['7', String(DEFAULT_LINK.seed)]);
    expect(matchingPreset(sat)).toBe('satellite');
    expect(matchingPreset({ ...sat, delayMs: '281' })).toBeNull();
  });

  it('names the fields that are empty, not numbers or out of bounds', () => {
    const r = toCommand({ ...form, count: '', lossPct: 'lots', intervalMs: '1', bandwidthKbps: '3' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.errors).sort()).toEqual(['bandwidthKbps', 'count', 'intervalMs', 'lossPct']);
  });
});

describe('flightsAt', () => {
  it('draws what is in flight, drops what arrived, and lets lost postcards fall for a while', () => {
    const messages = [
      { sentT: 0, deliveredT: 50, copies: 0 }, // arrived
      { sentT: 10, copies: 0 }, // in flight
      { sentT: 20, lost: true, lostT: 25, copies: 0 }, // dropped at the relay
      { copies: 0 }, // not sent yet
    ];
    expect(flightsAt(messages, 60, 100)).toEqual([
      { n: 2, x: 0.5, fall: (60 - 25) / FALL_MS },
      { n: 1, x: 0.5, fall: 0 },
    ]);
    // Much later: the lost one has fallen out of sight, the slow one waits by the receiver.
    expect(flightsAt(messages, 25 + FALL_MS + 1, 100)).toEqual([{ n: 1, x: 0.96, fall: 0 }]);
  });

  it('never draws more than MAX_FLIGHTS shapes', () => {
    const many = Array.from({ length: 500 }, (_, i) => ({ sentT: i, copies: 0 }));
    expect(flightsAt(many, 500, 1000)).toHaveLength(MAX_FLIGHTS);
  });
});

describe('compareCaption', () => {
  it('captions a drop with its message number, in the compare namespace', () => {
    const c = compareCaption({
      seq: 1,
      t: 1,
      kind: 'link',
      run: 'c1',
      lane: 'udp',
      n: 4,
      action: 'drop',
      reason: 'queue',
      bytes: 64,
      msg: 3,
    });
    expect(c).toMatchObject({ key: 'compare:caption.drop.queue', values: { n: 3 }, tone: 'bad' });
  });
});
