import { type ChildProcess, spawn } from 'node:child_process';
import type { CaptureCapability } from '../../shared/wire/events';
import { type PcapHeader, type PcapRecord, PcapStreamReader } from '../../shared/wire/pcap';

export const CAPTURE_TOOL = 'tcpdump';
/** The one command that lets a non-root server capture (libpcap needs CAP_NET_RAW, and CAP_NET_ADMIN for some setups). */
export const ENABLE_CAPTURE = 'sudo setcap cap_net_raw,cap_net_admin=eip $(command -v tcpdump)';
const INSTALL = `sudo apt-get install tcpdump && ${ENABLE_CAPTURE}`;

/**
 * tcpdump on loopback, writing pcap to its stdout: `--immediate-mode` (else
 * TPACKET_V3 hands packets over only once a second), `-U` (flush per packet),
 * `-n` (never resolve names), the filter excluding the server's own port.
 */
export function tcpdumpArgs(snaplen: number, filter: string): string[] {
  return ['-i', 'lo', '--immediate-mode', '-U', '-n', '-B', '8192', '-s', String(snaplen), '-w', '-', filter];
}

export interface TcpdumpHandlers {
  onListening(): void;
  onRecords(header: PcapHeader, records: PcapRecord[]): void;
  /** The process ended (or never started): why, in a sentence. */
  onExit(reason: string): void;
}

export interface RunningTcpdump {
  stop(): void;
  /** "N packets dropped by kernel": tcpdump's last report (at its end, or asked with requestStats). */
  readonly kernelDrops: number | undefined;
  /**
   * Asks the running tcpdump for its counts now (SIGUSR1: "N packets captured, N received by filter, N dropped
   * by kernel" on stderr) and resolves with the packets the kernel dropped because tcpdump's buffer was full,
   * since it started; undefined if it does not answer within `timeoutMs` or is not running.
   */
  requestStats(timeoutMs?: number): Promise<number | undefined>;
}

/** Starts tcpdump; every outcome arrives through the handlers, none throws. */
export function startTcpdump(snaplen: number, filter: string, h: TcpdumpHandlers, tool = CAPTURE_TOOL): RunningTcpdump {
  let child: ChildProcess;
  let stderr = '';
  let listening = false;
  let ended = false;
  let kernelDrops: number | undefined;
  const waiting = new Set<(drops: number | undefined) => void>();
  /** Hands the newest count to whoever asked for it (requestStats), once. */
  const answer = () => {
    for (const w of waiting) w(kernelDrops);
    waiting.clear();
  };
  const reader = new PcapStreamReader();
  const finish = (reason: string) => {
    if (ended) return;
    ended = true;
    h.onExit(reason);
  };
  try {
    child = spawn(tool, tcpdumpArgs(snaplen, filter), { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    finish(describeSpawnError(err as NodeJS.ErrnoException, tool));
    return { stop() {}, kernelDrops: undefined, requestStats: async () => undefined };
  }
  child.once('error', (err: NodeJS.ErrnoException) => finish(describeSpawnError(err, tool)));
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    if (stderr.length < 8192) stderr += text;
    // The newest report wins: one at each SIGUSR1 and one at the end, each counting from the start.
    const drops = [...text.matchAll(/(\d+) packets? dropped by kernel/g)].at(-1);
    if (drops) {
      kernelDrops = Number(drops[1]);
      answer();
    }
    if (!listening && /listening on/.test(stderr)) {
      listening = true;
      h.onListening();
    }
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    const { records, error } = reader.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if (reader.header && records.length) h.onRecords(reader.header, records);
    if (error) {
      finish(`the capture stream is not pcap (${error.kind})`);
      child.kill('SIGTERM');
    }
  });
  child.once('close', (code, signal) => {
    const said = lastLine(stderr.replace(/.*listening on.*\n?/, ''));
    finish(
      signal ? `${CAPTURE_TOOL} stopped (${signal})` : `${CAPTURE_TOOL} exited (${code})${said ? `: ${said}` : ''}`,
    );
    answer();
  });
  return {
    stop() {
      // Not `child.killed`: it turns true at any signal sent, SIGUSR1 (requestStats) included.
      if (!ended && child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    },
    get kernelDrops() {
      return kernelDrops;
    },
    requestStats(timeoutMs = 1000) {
      if (ended || child.exitCode !== null || child.signalCode !== null) return Promise.resolve(undefined);
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiting.delete(done);
          resolve(undefined);
        }, timeoutMs);
        const done = (drops: number | undefined) => {
          clearTimeout(timer);
          resolve(drops);
        };
        waiting.add(done);
        child.kill('SIGUSR1');
      });
    },
  };
}

function describeSpawnError(err: NodeJS.ErrnoException, tool: string): string {
  return err.code === 'ENOENT' ? `${tool} is not installed.` : `${tool} could not start: ${err.message}`;
}

const lastLine = (text: string) =>
  text
    .trim()
    .split('\n')
    .filter((l) => l.trim())
    .at(-1)
    ?.trim() ?? '';

const probed = new Map<string, Promise<CaptureCapability>>();

/**
 * Whether this machine lets the server capture loopback: starts tcpdump with
 * a filter that matches nothing and waits for "listening on" (or its error).
 * Once per process: the answer does not change while the server runs.
 */
export function probeCapture(timeoutMs = 5000, tool = CAPTURE_TOOL): Promise<CaptureCapability> {
  const known = probed.get(tool);
  if (known) return known;
  const probe = new Promise<CaptureCapability>((resolve) => {
    let done = false;
    const answer = (c: CaptureCapability, run?: RunningTcpdump) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      run?.stop();
      resolve(c);
    };
    const run = startTcpdump(
      64,
      'ether proto 0x88b5',
      {
        onListening: () => answer({ available: true, tool: CAPTURE_TOOL }, run),
        onRecords: () => {},
        onExit: (reason) => answer(unavailable(reason)),
      },
      tool,
    );
    const timer = setTimeout(
      () => answer(unavailable(`${CAPTURE_TOOL} did not start listening within ${timeoutMs} ms.`), run),
      timeoutMs,
    );
  });
  probed.set(tool, probe);
  return probe;
}

function unavailable(reason: string): CaptureCapability {
  const missing = /not installed/.test(reason);
  return {
    available: false,
    tool: CAPTURE_TOOL,
    reason: missing ? reason : `${reason} (capturing needs root or the cap_net_raw capability).`,
    enable: missing ? INSTALL : ENABLE_CAPTURE,
  };
}
