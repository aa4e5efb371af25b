/** External programs as real peers in tests (python3, curl), always bounded in time. */
import { spawn, type ChildProcess } from 'node:child_process';

export interface Finished {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

export interface Running {
  child: ChildProcess;
  /** Resolves with the first line the program prints (e.g. the port it listens on). */
  firstLine: Promise<string>;
  done: Promise<Finished>;
}

/** Starts a program that is killed after `timeoutMs` whatever happens. */
export function start(cmd: string, args: string[], timeoutMs = 10_000): Running {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  let stderr = '';
  let resolveLine: (line: string) => void = () => {};
  let rejectLine: (e: Error) => void = () => {};
  const firstLine = new Promise<string>((resolve, reject) => {
    resolveLine = resolve;
    rejectLine = reject;
  });
  firstLine.catch(() => {}); // callers that never ask for it must not see an unhandled rejection
  child.stdout!.on('data', (d: Buffer) => {
    out.push(d);
    const text = Buffer.concat(out).toString();
    const nl = text.indexOf('\n');
    if (nl >= 0) resolveLine(text.slice(0, nl));
  });
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const done = new Promise<Finished>((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      rejectLine(new Error(`${cmd} ended before printing a line: ${stderr}`));
      resolve({ code, stdout: Buffer.concat(out), stderr });
    });
  });
  return { child, firstLine, done };
}

export const python = (script: string, args: string[] = [], timeoutMs?: number) =>
  start('python3', ['-c', script, ...args], timeoutMs);
