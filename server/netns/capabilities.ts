/**
 * What this machine lets Allô do to a compare run's link, found out once by
 * trying it for real in a throw-away network namespace: `unshare` with a user
 * namespace (works for an unprivileged user on current Linux), then `tc netem`,
 * nftables' random drop and a `tbf` bandwidth queue on that namespace's
 * loopback. Nothing is assumed from the kernel version: each part is either
 * shown to work or reported with the reason it did not.
 */
import { spawn } from 'node:child_process';
import { LINK_FIELDS, type LinkField } from '../../shared/compare/link';

/** How the lanes' link is degraded on this machine. */
export interface LinkCapabilities {
  /** `kernel`: the lanes run in a private namespace whose loopback the kernel degrades; `relay`: today's user-space relays only. */
  mode: 'kernel' | 'relay';
  /** The kernel tool that drops packets in the namespace, when mode is kernel. */
  loss?: 'netem' | 'nftables';
  /** `tbf` works on the namespace's loopback (not used for the lanes yet: see docs/compare.md). */
  tbf: boolean;
  /** Link parameters the kernel applies; the relay does the rest. */
  kernel: LinkField[];
  relay: LinkField[];
  /** Why a part is missing, in one sentence each (English; the page translates by `mode`). */
  notes: string[];
}

const ALL: LinkField[] = [...LINK_FIELDS];

/** Runs `sh -c script` inside a new user + network namespace; resolves with its exit code and output. */
export function inNamespace(script: string, timeoutMs = 5000): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    let out = '';
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn('unshare', ['-Urn', 'sh', '-c', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      resolve({ code: -1, out: (err as Error).message });
      return;
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ code: -1, out: err.message });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, out: out.trim() });
    });
  });
}

const PROBE = [
  'ip link set lo up || { echo "FAIL lo"; exit 3; }',
  'if tc qdisc add dev lo root netem loss 1% 2>/dev/null; then echo OK netem; tc qdisc del dev lo root; else echo NO netem; fi',
  'if nft add table inet allo_probe 2>/dev/null && nft add chain inet allo_probe out "{ type filter hook output priority 0; }" 2>/dev/null && nft add rule inet allo_probe out numgen random mod 100 "<" 1 drop 2>/dev/null; then echo OK nft; else echo NO nft; fi',
  'if tc qdisc add dev lo root tbf rate 1mbit burst 32kbit latency 400ms 2>/dev/null; then echo OK tbf; else echo NO tbf; fi',
].join('\n');

let cached: Promise<LinkCapabilities> | undefined;

/** Probes once per process; later calls get the same answer. */
export function linkCapabilities(): Promise<LinkCapabilities> {
  cached ??= probe();
  return cached;
}

async function probe(): Promise<LinkCapabilities> {
  const relayOnly = (note: string): LinkCapabilities => ({
    mode: 'relay',
    tbf: false,
    kernel: [],
    relay: ALL,
    notes: [note],
  });
  if (process.platform !== 'linux') return relayOnly('Network namespaces exist only on Linux.');
  const { code, out } = await inNamespace(PROBE);
  if (code !== 0)
    return relayOnly(
      `A private network namespace could not be made (unshare -Urn: ${out.split('\n')[0] || `exit ${code}`}); ` +
        'on Debian, check that util-linux is installed and that user namespaces are enabled (sysctl user.max_user_namespaces).',
    );
  const ok = (what: string) => out.split('\n').includes(`OK ${what}`);
  const notes: string[] = [];
  const loss = ok('netem') ? 'netem' : ok('nft') ? 'nftables' : undefined;
  if (!ok('netem'))
    notes.push(
      'The kernel has no netem qdisc ("qdisc kind unknown"): delay, jitter, reordering and duplication stay in the relay.',
    );
  if (!loss)
    notes.push(
      "nftables could not drop packets in the namespace (install Debian's nftables package): loss stays in the relay, so TCP cannot lose a segment.",
    );
  if (!loss) return { mode: 'relay', tbf: ok('tbf'), kernel: [], relay: ALL, notes };
  // netem could do every field; with nftables only loss is the kernel's. Until netem is wired in (no kernel
  // here has it to test against), the kernel applies loss either way and the relay the rest.
  const kernel: LinkField[] = ['lossPct'];
  return { mode: 'kernel', loss, tbf: ok('tbf'), kernel, relay: ALL.filter((f) => !kernel.includes(f)), notes };
}
