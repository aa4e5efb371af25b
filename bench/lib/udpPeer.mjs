// One sending peer of bench/lib/udpLoad.ts, in its own process (plain JS: it starts in a few ms).
// argv[2]: {"ports": [..], "rate": n|null, "count": n, "seconds": s, "size": bytes, "numbered": bool}
// IPC in: {go: true} to start, {credit: n} (closed loop: n datagrams in all may have been sent).
// IPC out: "ready" once bound, then {sent, seconds} when done. Loopback only.
import dgram from 'node:dgram';

const config = JSON.parse(process.argv[2]);
const { ports, rate, count, seconds, size, numbered } = config;
const tx = dgram.createSocket('udp4');
const fixed = Buffer.alloc(size, 0x61);
let sent = 0;
let credit = rate === null ? 0 : count;
let started = 0;
let finished = false;
let pumping = false;

const payload = (n) => {
  if (!numbered) return fixed;
  const b = Buffer.alloc(size, 0x20);
  b.write(`msg ${n} `);
  return b;
};
const sendOne = () => {
  tx.send(payload(sent + 1), ports[sent % ports.length], '127.0.0.1');
  sent++;
};
const finish = () => {
  if (finished) return;
  finished = true;
  process.send({ sent, seconds: (performance.now() - started) / 1000 }, () => {});
};
const timeUp = () => performance.now() - started > seconds * 1000;

// Offered load: every timer tick (about 1 ms), send what the clock says is due.
const tick = () => {
  if (finished) return;
  const due = Math.min(count, Math.round(((performance.now() - started) / 1000) * rate));
  while (sent < due) sendOne();
  if (sent >= count || timeUp()) finish();
  else setTimeout(tick, 1);
};
// Closed loop: one read's worth (libuv reads up to 32 datagrams a turn) per turn, up to the credit.
const pump = () => {
  if (finished) return;
  for (let i = 0; i < 32 && sent < Math.min(count, credit); i++) sendOne();
  if (sent >= count || timeUp()) return finish();
  pumping = sent < credit;
  if (pumping) setImmediate(pump);
};

process.on('message', (m) => {
  if (m.go) {
    started = performance.now();
    if (rate !== null) tick();
    // Bounded even if credit stops coming.
    else {
      setTimeout(finish, seconds * 1000 + 1000).unref();
      if (credit > 0) pump();
    }
  }
  if (typeof m.credit === 'number' && rate === null) {
    credit = Math.max(credit, m.credit);
    if (!pumping && started) pump();
  }
});
process.on('disconnect', () => {
  tx.close();
  process.exit(0);
});
tx.bind(0, '127.0.0.1', () => process.send('ready'));
