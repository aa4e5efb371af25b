/**
 * A class on one machine (issue 14 point 7): a teacher and N students, each
 * student with 8 sockets — a published TCP listener, two calls to two other
 * students found in the phone book (2 diallers + the 2 calls they accept), a
 * published UDP box and two UDP senders — exchanging for a fixed time through
 * a server in its own process (`--class --class-address 127.0.0.2`). Prints
 * commands answered, seq gaps (should be 0), the teacher's rosters, and the
 * server process's RSS and CPU (from /proc), with the machine's load, and the
 * frame intervals of the teacher's projector view in Chromium (the built page,
 * 1280×720) during the exchange.
 * Loopback only; bounded in time and in rounds.
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import type { Browser } from '@playwright/test';
import { AlloTestClient } from '../server/testing/client';
import { startChildServer } from './lib/childServer';
import { CHROMIUM_PATH, frameStats, launchChromium, recordFrames, takeFrames, type FrameStats } from './lib/page';

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
  /** The projector view's frame intervals during the exchange, or why they were not measured. */
  projector: FrameStats | string;
}

const MAX_ROUNDS = 2000;

function procStat(pid: number): { rss: number; cpu: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime
  return { rss, cpu: ticks / 100 };
}

export async function measureClass(students = 60, seconds = 10, projector = true): Promise<ClassFigure> {
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
  let browser: Browser | undefined;
  try {
    const secret = (await server.waitForOutput(/teacher=([\w-]+)/).catch(() => null))?.[1];
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
    // The teacher's projector view in Chromium, open before the exchange starts: a lane per student.
    let projectorFrames: FrameStats | string = 'not measured';
    const page =
      projector && existsSync(CHROMIUM_PATH)
        ? await (async () => {
            browser = await launchChromium();
            const p = await browser.newPage({ viewport: { width: 1280, height: 720 } });
            await p.goto(`${server.url}/?teacher=${secret}`);
            await p.getByRole('button', { name: /^(Projector|Projecteur)$/ }).click();
            await p.getByTestId('projector').waitFor();
            return p;
          })()
        : undefined;
    if (projector && !page) projectorFrames = `no Chromium at ${CHROMIUM_PATH}`;
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
    if (page) {
      await page
        .locator('[data-testid="class-lane"]')
        .nth(students - 1)
        .waitFor();
      await recordFrames(page);
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
    if (page) projectorFrames = frameStats(await takeFrames(page));
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
      projector: projectorFrames,
    };
  } finally {
    await browser?.close();
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
    typeof f.projector === 'string'
      ? `projector view in Chromium: ${f.projector}`
      : `projector view in Chromium (1280×720, ${f.students} lanes) during the exchange: frame interval p50 ${f.projector.p50.toFixed(1)} ms, p95 ${f.projector.p95.toFixed(1)} ms, max ${f.projector.max.toFixed(0)} ms, ${(f.projector.over33 * 100).toFixed(1)} % over 33 ms (${f.projector.frames} frames)`,
    `load average: ${f.load.map((l) => l.toFixed(2)).join(' ')} (${os.cpus().length} cores)`,
  ];
}
