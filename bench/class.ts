/**
 * A class on one machine (issue 14 point 7): a teacher and N students, each
 * student with 8 sockets — a published TCP listener, two calls to two other
 * students found in the phone book (2 diallers + the 2 calls they accept), a
 * published UDP box and two UDP senders — exchanging for a fixed time through
 * a server in its own process (`--class --class-address 127.0.0.2`). Prints
 * commands answered, seq gaps (should be 0), the teacher's rosters, and the
 * server process's RSS and CPU (from /proc), with the machine's load.
 * Loopback only; bounded in time and in rounds.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { AlloTestClient } from '../server/testing/client';
import { startChildServer } from './lib/childServer';

export interface ClassFigure {
  students: number;
  socketsPerStudent: number;
  seconds: number;
  commands: number;
  answered: number;
  refused: number;
  seqGaps: number;
  rosters: number;
  rssBefore: number;
  rssAfter: number;
  cpuSeconds: number;
  load: number[];
}

const MAX_ROUNDS = 2000;

function procStat(pid: number): { rss: number; cpu: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime
  return { rss, cpu: ticks / 100 };
}

export async function measureClass(students = 60, seconds = 10): Promise<ClassFigure> {
  const server = await startChildServer([
    '--class',
    '--class-address',
    '127.0.0.2',
    '--capture',
    'off',
    '--limit',
    `maxSessionsPerClient=${students + 10}`,
    '--limit',
    'maxUpgradesPerSecondPerClient=1000',
  ]);
  const pid = server.child.pid!;
  try {
    const secret = /teacher=([\w-]+)/.exec(server.output())?.[1];
    if (!secret) throw new Error(`no teacher link in the server's output:\n${server.output()}`);
    const teacher = await AlloTestClient.connect(server.wsUrl, { hello: { teacher: secret }, timeoutMs: 30_000 });
    const before = procStat(pid);
    const cs: AlloTestClient[] = [];
    let commands = 0;
    let answered = 0;
    let refused = 0;
    const run = async (c: AlloTestClient, input: Parameters<AlloTestClient['send']>[0]) => {
      commands++;
      const r = await c.send(input);
      answered++;
      if (!r.ok) refused++;
      return r;
    };
    for (let i = 0; i < students; i++) {
      const c = await AlloTestClient.connect(server.wsUrl, { timeoutMs: 30_000 });
      await c.ok({ op: 'class-join', name: `s${i}` });
      const { socket: l } = await c.ok({ op: 'socket', proto: 'tcp', family: 4 });
      await c.ok({ op: 'listen', socket: l, address: '127.0.0.1', port: 0 });
      await c.ok({ op: 'publish', socket: l, service: 'echo' });
      const { socket: box } = await c.ok({ op: 'socket', proto: 'udp', family: 4 });
      await c.ok({ op: 'bind', socket: box, address: '127.0.0.1', port: 0 });
      await c.ok({ op: 'publish', socket: box, service: 'box' });
      cs.push(c);
    }
    const diallers: string[][] = [];
    const udps: string[][] = [];
    for (const [i, c] of cs.entries()) {
      const mine: string[] = [];
      const myUdp: string[] = [];
      for (const k of [1, 2]) {
        const other = `s${(i + k) % students}`;
        const echo = await c.ok({ op: 'directory-lookup', name: `${other}:echo` });
        const { socket } = await c.ok({ op: 'socket', proto: 'tcp', family: 4 });
        await c.ok({ op: 'connect', socket, host: echo.address, port: echo.port });
        mine.push(socket);
        const { socket: u } = await c.ok({ op: 'socket', proto: 'udp', family: 4 });
        const boxEntry = await c.ok({ op: 'directory-lookup', name: `${other}:box` });
        await c.ok({ op: 'connect', socket: u, host: boxEntry.address, port: boxEntry.port });
        myUdp.push(u);
      }
      diallers.push(mine);
      udps.push(myUdp);
    }
    const until = performance.now() + seconds * 1000;
    let rounds = 0;
    while (performance.now() < until && rounds < MAX_ROUNDS) {
      rounds++;
      await Promise.all(
        cs.map(async (c, i) => {
          for (const socket of [...diallers[i]!, ...udps[i]!]) {
            await run(c, { op: 'send', socket, data: { text: `round ${rounds} from s${i}` } });
          }
        }),
      );
      await new Promise((r) => setTimeout(r, 100));
    }
    const after = procStat(pid);
    let seqGaps = 0;
    for (const c of [...cs, teacher]) {
      for (let k = 1; k < c.events.length; k++) if (c.events[k]!.seq !== c.events[k - 1]!.seq + 1) seqGaps++;
    }
    const rosters = teacher.eventsOf('roster').length;
    for (const c of [...cs, teacher]) c.ws.terminate();
    return {
      students,
      socketsPerStudent: 8,
      seconds,
      commands,
      answered,
      refused,
      seqGaps,
      rosters,
      rssBefore: before.rss,
      rssAfter: after.rss,
      cpuSeconds: after.cpu - before.cpu,
      load: os.loadavg(),
    };
  } finally {
    await server.stop();
  }
}

export function formatClass(f: ClassFigure): string[] {
  const mib = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MiB`;
  return [
    `${f.students} students × ${f.socketsPerStudent} sockets, each calling two others (TCP and UDP), ${f.seconds} s of exchange`,
    `commands during the exchange: ${f.commands} sent, ${f.answered} answered, ${f.refused} refused`,
    `seq gaps over every page: ${f.seqGaps} (should be 0); rosters the teacher received: ${f.rosters}`,
    `server process: RSS ${mib(f.rssBefore)} with the teacher only → ${mib(f.rssAfter)} with the class; CPU ${f.cpuSeconds.toFixed(2)} s over the setup and exchange`,
    `load average: ${f.load.map((l) => l.toFixed(2)).join(' ')} (${os.cpus().length} cores)`,
  ];
}
