/**
 * The lane helper: a small Node process that the server starts inside a
 * private network namespace (`unshare -Urn`) for one compare run. Its sockets
 * are real sockets of that namespace, made by the same code as a session's
 * (server/sockets/), and its loopback is degraded by the kernel itself
 * (nftables' random drop on the input hook, so the sender is never told), so
 * TCP really loses segments and really retransmits. Every event goes back to
 * the server over stdout; the server's stdin is its lifeline: when it closes
 * (the run ended, or the server died), the helper exits and the namespace,
 * which nothing else holds, goes with it.
 */
import { spawnSync } from 'node:child_process';
import { createPolicy, resolveLimits } from '../policy';
import { runOperation } from '../sockets/operations';
import { SocketRegistry } from '../sockets/SocketRegistry';
import type { SocketEnv } from '../sockets/types';
import { runCompareHere, type CompareHandle } from '../compare/runHere';
import type { Lanes } from '../compare/lanes';
import type { EventInput } from '../../shared/protocol';
import { readLines, writeLine, type ToHelper } from './pipe';
import { dropRules, readDropped, readRetransmits } from './kernelLink';

const out = process.stdout;
const send = (msg: Parameters<typeof writeLine>[1]) => writeLine(out, msg);
const absolute = (at: number) => performance.timeOrigin + at;

/** At most 3 s (300 × 10 ms) for the run's sockets to report `closed` before the helper goes. */
const CLOSE_WAIT_POLLS = 300;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let handle: CompareHandle | undefined;
let sampler: NodeJS.Timeout | undefined;

function fatal(message: string): never {
  send({ type: 'fatal', message });
  process.exit(1);
}

function start(msg: Extract<ToHelper, { type: 'start' }>): void {
  const up = spawnSync('ip', ['link', 'set', 'lo', 'up'], { encoding: 'utf8' });
  if (up.status !== 0) fatal(`ip link set lo up failed: ${up.stderr || up.error?.message}`);
  const ids = [...msg.ids];
  const registry = new SocketRegistry(
    () => ids.shift() ?? fatal('the run asked for more sockets than the server reserved'),
  );
  const limits = resolveLimits(msg.limits);
  const policy = createPolicy({ allow: [], limits, serverPort: () => 0 });
  let tcpSender: { id: string; relayPort: number } | undefined;
  let last = { segments: 0, bytes: 0, dropped: 0 };
  const sample = () => {
    if (!tcpSender) return;
    const r = readRetransmits(tcpSender.relayPort);
    const dropped = readDropped();
    const now = { segments: Math.max(last.segments, r.segments), bytes: Math.max(last.bytes, r.bytes), dropped };
    if (now.segments === last.segments && now.bytes === last.bytes && now.dropped === last.dropped) return;
    last = now;
    emitNow({ kind: 'retransmit', run: msg.run, lane: 'tcp', socket: tcpSender.id, ...now });
  };
  const emitNow = (event: EventInput, at = performance.now()) => send({ type: 'event', at: absolute(at), event });
  const env: SocketEnv = {
    policy,
    emit: (event, at) => {
      // The last figures before the run says it is over (its sockets close right after).
      if (event.kind === 'compare-ended') {
        clearInterval(sampler);
        sample();
      }
      emitNow(event, at);
      handle?.observe?.(event);
    },
    nextId: () => registry.nextId(),
    roomForSocket: () => undefined,
    register: (s) => registry.add(s),
    closed: (id) => registry.markClosed(id),
  };
  const run = (c: Parameters<typeof runOperation>[0]) => runOperation(c, { registry, env });
  handle = runCompareHere(msg.run, msg.cmd, msg.caps, {
    run,
    openIds: () => [...registry.sockets()].map((s) => s.id),
    limits,
    emit: env.emit,
    beforeStart: async (lanes: Lanes) => {
      if (!msg.caps.kernel.includes('lossPct')) return;
      const rules = dropRules(lanes.tcp.relay.address().port, lanes.udp.relay.address().port, msg.cmd.link.lossPct);
      const nft = spawnSync('nft', ['-f', '-'], { input: rules, encoding: 'utf8' });
      if (nft.status !== 0) throw new Error(`nft: ${nft.stderr || nft.error?.message}`);
      tcpSender = { id: lanes.tcp.sender, relayPort: lanes.tcp.relay.address().port };
      sampler = setInterval(sample, 100);
    },
    onFinished: () => {
      clearInterval(sampler);
      // The reply first (a run that could not be set up finishes before it has answered), then the end.
      void started.then(async () => {
        // close() answers at once; each `closed` comes when the kernel is done. Wait for them (bounded).
        for (let i = 0; i < CLOSE_WAIT_POLLS && registry.openCount > 0; i++) await sleep(10);
        send({ type: 'finished' });
        // Let stdout drain, then go: the namespace ends with this process.
        out.write('', () => process.exit(0));
      });
    },
  });
  const started = handle.started.then((outcome) => send({ type: 'started', outcome }));
}

readLines(
  process.stdin,
  (value) => {
    const msg = value as ToHelper;
    if (msg.type === 'start' && !handle) start(msg);
    else if (msg.type === 'stop') handle?.stop();
  },
  (line) => fatal(`unreadable line from the server: ${line.slice(0, 80)}`),
);
// The server's end of the pipe is the helper's lifeline.
process.stdin.on('end', () => process.exit(0));
process.on('uncaughtException', (err) => fatal(`the lane helper failed: ${err.message}`));
