import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Decoded, type IpPacket, type TcpHeader, decodePacket } from './decode';
import { LINKTYPE, PcapStreamReader, readPcapFile, writePcapFile } from './pcap';
import { TcpConversation } from './tcpAnalysis';

// Fixtures: real loopback captures made by scripts/make-wire-fixtures.sh (tcpdump -i lo).
const fixture = (name: string) => {
  const file = readPcapFile(new Uint8Array(readFileSync(new URL(`./fixtures/${name}.pcap`, import.meta.url))));
  if ('kind' in file) throw new Error(`bad fixture ${name}: ${file.kind}`);
  return file;
};
const packets = (name: string): IpPacket[] => {
  const { header, records } = fixture(name);
  return records.map((r) => {
    const d = decodePacket(header.linktype, r.data);
    if (!d.ok) throw new Error(JSON.stringify(d.error));
    return d.packet;
  });
};
const tcp = (p: IpPacket) => {
  if (p.transport.proto !== 'tcp') throw new Error('not tcp');
  return p.transport;
};

describe('pcap file format', () => {
  it('reads tcpdump -i lo: Ethernet framing, microsecond stamps', () => {
    const { header, records } = fixture('tcp4');
    expect(header).toMatchObject({ linktype: LINKTYPE.EN10MB, nano: false, littleEndian: true, snaplen: 65535 });
    expect(records).toHaveLength(10);
    expect(records[0]?.timeMs).toBeGreaterThan(Date.UTC(2020, 0, 1));
  });

  it('reads a stream cut at any byte into the same records', () => {
    const bytes = new Uint8Array(readFileSync(new URL('./fixtures/tcp4.pcap', import.meta.url)));
    const reader = new PcapStreamReader();
    const got = [];
    for (let i = 0; i < bytes.length; i += 7) got.push(...reader.push(bytes.subarray(i, i + 7)).records);
    expect(got.map((r) => r.data)).toEqual(fixture('tcp4').records.map((r) => r.data));
  });

  it('writes files it reads back byte for byte', () => {
    const { header, records } = fixture('tcp6');
    const again = readPcapFile(writePcapFile(header.linktype, header.snaplen, records));
    expect('kind' in again ? again : again.records.map((r) => [r.tsSec, r.tsFrac, r.origLen, r.data])).toEqual(
      records.map((r) => [r.tsSec, r.tsFrac, r.origLen, r.data]),
    );
  });

  it('says so when the bytes are not pcap', () => {
    expect(readPcapFile(new TextEncoder().encode('this is not a capture file'))).toMatchObject({ kind: 'bad-magic' });
  });
});

describe('decoding IPv4 and TCP', () => {
  const p = packets('tcp4');

  it('reads the handshake with its options', () => {
    const syn = tcp(p[0] as IpPacket);
    expect(p[0]).toMatchObject({ family: 4, src: '127.0.0.1', dst: '127.0.0.1', ttl: 64 });
    expect(syn).toMatchObject({ dstPort: 47101, flags: ['SYN'], seq: 4093088689, window: 65495, payloadLength: 0 });
    expect(syn.options).toMatchObject({ mss: 65495, sackPermitted: true, wscale: 10 });
    expect(syn.options.timestamps).toEqual({ val: 2263309145, ecr: 0 });
    expect(tcp(p[1] as IpPacket)).toMatchObject({ flags: ['SYN', 'ACK'], ack: 4093088690 });
  });

  it('reads the payload, PSH and FIN', () => {
    const data = tcp(p[3] as IpPacket);
    expect(data.flags).toEqual(['PSH', 'ACK']);
    expect(new TextDecoder().decode(data.payload)).toBe('hello');
    expect(p.filter((x) => tcp(x).flags.includes('FIN'))).toHaveLength(2);
  });

  it('gives sequence numbers relative to each side, the scaled window, and the marks', () => {
    const conv = new TcpConversation();
    const client = tcp(p[0] as IpPacket).srcPort;
    const seen = p.map((x) => {
      const h = tcp(x);
      const a = conv.analyze(h.srcPort === client, h);
      return [h.srcPort === client ? 'c' : 's', h.flags.join('+'), a.seq, a.ack, a.len, a.win];
    });
    expect(seen).toEqual([
      ['c', 'SYN', 0, 0, 0, 65495],
      ['s', 'SYN+ACK', 0, 1, 0, 65483],
      ['c', 'ACK', 1, 1, 0, 64 * 1024],
      ['c', 'PSH+ACK', 1, 1, 5, 64 * 1024],
      ['s', 'ACK', 1, 6, 0, 64 * 1024],
      ['s', 'PSH+ACK', 1, 6, 5, 64 * 1024],
      ['c', 'ACK', 6, 6, 0, 64 * 1024],
      ['c', 'FIN+ACK', 6, 6, 0, 64 * 1024],
      ['s', 'FIN+ACK', 6, 7, 0, 64 * 1024],
      ['c', 'ACK', 7, 7, 0, 64 * 1024],
    ]);
  });
});

describe('decoding IPv6', () => {
  it('reads TCP over ::1 up to its RST', () => {
    const p = packets('tcp6');
    expect(p[0]).toMatchObject({ family: 6, src: '::1', dst: '::1' });
    expect(tcp(p[0] as IpPacket).options.mss).toBe(65476);
    expect(tcp(p.at(-1) as IpPacket).flags).toEqual(['RST', 'ACK']);
  });

  it('reads a UDP datagram to a closed port and the ICMP that quotes it, in both families', () => {
    const [udp4, icmp4, udp6, icmp6] = packets('udp-unreachable');
    expect(udp4?.transport).toMatchObject({ proto: 'udp', dstPort: 47103, payloadLength: 8 });
    const sport4 = udp4?.transport.proto === 'udp' ? udp4.transport.srcPort : -1;
    expect(icmp4?.transport).toEqual({
      proto: 'icmp',
      version: 4,
      type: 3,
      code: 3,
      quoted: { family: 4, proto: 'udp', src: '127.0.0.1', dst: '127.0.0.1', srcPort: sport4, dstPort: 47103 },
    });
    expect(udp6).toMatchObject({ family: 6, transport: { proto: 'udp', dstPort: 47103 } });
    expect(icmp6?.transport).toMatchObject({ proto: 'icmp', version: 6, type: 1, code: 4 });
    expect(icmp6?.transport.proto === 'icmp' && icmp6.transport.quoted).toMatchObject({
      family: 6,
      proto: 'udp',
      src: '::1',
      dstPort: 47103,
    });
  });
});

describe('truncated and malformed packets', () => {
  it('names the layer a snaplen cut short, without throwing', () => {
    const { header, records } = fixture('truncated');
    const results = records.map((r) => decodePacket(header.linktype, r.data));
    expect(results.every((d) => !d.ok)).toBe(true);
    expect(results[0]).toEqual({ ok: false, error: { kind: 'truncated', layer: 'tcp', need: 74, have: 58 } });
  });

  it('gives a typed error at every cut of a real packet', () => {
    const { header, records } = fixture('tcp4');
    const syn = records[0]?.data as Uint8Array;
    const layers = new Set<string>();
    for (let cut = 0; cut < syn.length; cut++) {
      const d: Decoded = decodePacket(header.linktype, syn.subarray(0, cut));
      // Cut inside the options the header is still whole: what was read is kept.
      if (d.ok) expect(cut).toBeGreaterThanOrEqual(14 + 20 + 20);
      else layers.add(`${d.error.kind}:${d.error.layer}`);
    }
    expect([...layers].sort()).toEqual(['truncated:ipv4', 'truncated:link', 'truncated:tcp']);
  });

  it('refuses an unknown link type or protocol in words', () => {
    expect(decodePacket(147, new Uint8Array(40))).toEqual({
      ok: false,
      error: { kind: 'unsupported', layer: 'link', what: 'link type 147' },
    });
    const arp = new Uint8Array(42);
    arp[12] = 0x08;
    arp[13] = 0x06;
    expect(decodePacket(LINKTYPE.EN10MB, arp)).toMatchObject({ ok: false, error: { what: 'ethertype 0x806' } });
  });
});

describe('TCP marks', () => {
  const header = (over: Partial<TcpHeader>): TcpHeader => ({
    proto: 'tcp',
    srcPort: 1,
    dstPort: 2,
    seq: 0,
    ack: 0,
    flags: ['ACK'],
    window: 100,
    options: {},
    payloadLength: 0,
    payload: new Uint8Array(0),
    ...over,
  });
  const start = () => {
    const c = new TcpConversation();
    c.analyze(true, header({ flags: ['SYN'], seq: 1000 }));
    c.analyze(false, header({ flags: ['SYN', 'ACK'], seq: 5000, ack: 1001 }));
    c.analyze(true, header({ seq: 1001, ack: 5001 }));
    return c;
  };

  it('marks a segment sent again as a retransmission', () => {
    const c = start();
    expect(c.analyze(true, header({ seq: 1001, ack: 5001, payloadLength: 10 })).retransmission).toBeUndefined();
    expect(c.analyze(true, header({ seq: 1001, ack: 5001, payloadLength: 10 })).retransmission).toBe(true);
  });

  it('marks a zero window, then Linux-style probes, then the window update', () => {
    const c = start();
    c.analyze(true, header({ seq: 1001, ack: 5001, payloadLength: 10 }));
    expect(c.analyze(false, header({ seq: 5001, ack: 1011, window: 0 })).zeroWindow).toBe(true);
    const probe = c.analyze(true, header({ seq: 1010, ack: 5001 }));
    expect(probe).toMatchObject({ probe: true, seq: 10 });
    expect(probe.keepAlive).toBeUndefined();
    expect(c.analyze(false, header({ seq: 5001, ack: 1011, window: 0 }))).toMatchObject({ zeroWindow: true });
    expect(c.analyze(false, header({ seq: 5001, ack: 1011, window: 50 })).windowUpdate).toBe(true);
    expect(c.analyze(true, header({ seq: 1011, ack: 5001, payloadLength: 5 })).retransmission).toBeUndefined();
  });

  it('marks a duplicate ACK only while data is outstanding', () => {
    const c = start();
    c.analyze(true, header({ seq: 1001, ack: 5001, payloadLength: 10 }));
    c.analyze(true, header({ seq: 1011, ack: 5001, payloadLength: 10 }));
    expect(c.analyze(false, header({ seq: 5001, ack: 1011 })).dupAck).toBeUndefined();
    expect(c.analyze(false, header({ seq: 5001, ack: 1011 })).dupAck).toBe(true);
    c.analyze(false, header({ seq: 5001, ack: 1021 }));
    expect(c.analyze(false, header({ seq: 5001, ack: 1021 })).dupAck).toBeUndefined();
  });
});
