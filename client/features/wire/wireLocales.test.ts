import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TcpFlagName } from '../../../shared/wire/events';

const load = (lang: string) =>
  JSON.parse(readFileSync(new URL(`../../i18n/locales/${lang}/wire.json`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;
function keys(obj: unknown, prefix = ''): string[] {
  if (typeof obj !== 'object' || obj === null) return [prefix];
  return Object.entries(obj).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe('the wire namespace', () => {
  it('has the same keys in French and English, none empty', () => {
    expect(keys(load('fr')).sort()).toEqual(keys(load('en')).sort());
    for (const lang of ['fr', 'en']) expect(JSON.stringify(load(lang))).not.toContain('""');
  });

  it('names every mark and ICMP error the server can send', async () => {
    const { segmentMarks } = await import('./wireText');
    const all = segmentMarks({
      retransmission: true,
      zeroWindow: true,
      probe: true,
      keepAlive: true,
      windowUpdate: true,
      dupAck: true,
    } as never);
    for (const lang of ['fr', 'en']) {
      const ns = load(lang) as { mark: Record<string, string>; icmp: Record<string, string> };
      expect(all.filter((m) => !ns.mark[m])).toEqual([]);
      const names = [
        'port-unreachable',
        'host-unreachable',
        'net-unreachable',
        'protocol-unreachable',
        'admin-prohibited',
        'packet-too-big',
        'time-exceeded',
        'other',
      ];
      expect(names.filter((n) => !ns.icmp[n])).toEqual([]);
    }
    expect(TcpFlagName.options).toContain('SYN');
  });
});
