/**
 * For tests: an independent capture (a second tcpdump, its own text output
 * parsed, none of Allô's decoder) to compare the session's wire events with.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TcpdumpLine {
  src: string;
  dst: string;
  /** tcpdump's flags text: S, S., ., P., F., R., … (empty for UDP/ICMP). */
  flags: string;
  length: number;
  win?: number;
  text: string;
}

/** `tcpdump -nn -r file`, one parsed line per packet. */
export async function readWithTcpdump(file: string): Promise<TcpdumpLine[]> {
  const { stdout } = await run('tcpdump', ['-nn', '-r', file], { timeout: 10_000 });
  return stdout
    .split('\n')
    .filter((l) => /^\d\d:\d\d/.test(l))
    .map((text) => {
      const m = /\sIP6?\s(\S+)\s>\s(\S+):\s/.exec(text);
      return {
        src: m?.[1] ?? '',
        dst: m?.[2] ?? '',
        flags: /Flags \[([^\]]*)\]/.exec(text)?.[1] ?? '',
        length: Number(/length (\d+)\s*$/.exec(text)?.[1] ?? /length (\d+)/.exec(text)?.[1] ?? 0),
        ...(/, win (\d+)/.test(text) ? { win: Number(/, win (\d+)/.exec(text)?.[1]) } : {}),
        text,
      };
    });
}

export class IndependentCapture {
  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
    readonly file: string,
  ) {}

  /** Starts `tcpdump -i lo -w file <filter>` and resolves once it listens. */
  static async start(filter: string): Promise<IndependentCapture> {
    const dir = mkdtempSync(join(tmpdir(), 'allo-cap-'));
    const file = join(dir, 'independent.pcap');
    // -Z root: keep writing into our temporary directory (tcpdump otherwise drops to its own user).
    const child = spawn(
      'tcpdump',
      ['-i', 'lo', '--immediate-mode', '-U', '-nn', '-Z', 'root', '-s', '200', '-B', '32768', '-w', file, filter],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('close', () => clearTimeout(killer));
    await new Promise<void>((resolve, reject) => {
      let err = '';
      child.stderr?.on('data', (d: Buffer) => {
        err += d.toString();
        if (/listening on/.test(err)) resolve();
      });
      child.once('close', () => reject(new Error(`tcpdump ended: ${err}`)));
    });
    return new IndependentCapture(child, dir, file);
  }

  /** Stops it and reads what it saw; throws if the kernel dropped any (the comparison would be void). */
  async stop(): Promise<TcpdumpLine[]> {
    let err = '';
    this.child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    const closed = new Promise((r) => this.child.once('close', r));
    this.child.kill('SIGINT');
    await closed;
    const dropped = Number(/(\d+) packets? dropped by kernel/.exec(err)?.[1] ?? 0);
    if (dropped) throw new Error(`the independent tcpdump lost ${dropped} packets: ${err}`);
    try {
      return await readWithTcpdump(this.file);
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}
