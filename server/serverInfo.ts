import { readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import type { WelcomeFrame } from '../shared/protocol';
import type { CaptureCapability } from '../shared/wire/events';
import type { AlloPolicy } from './policy';
import { kernelTableReadable, ssAvailable } from './kernel';
import { linkCapabilities } from './netns/capabilities';

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** Whether this machine can bind ::1 (containers often have IPv6 switched off). */
export function probeIpv6(): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ host: '::1', port: 0, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/** The `server` part of `welcome`: what this server is and what it allows. */
export async function describeServer(
  policy: AlloPolicy,
  watchKernel = true,
  capture?: CaptureCapability,
): Promise<() => WelcomeFrame['server']> {
  const info = {
    version: packageVersion(),
    platform: `${os.platform()} ${os.release()} (${os.arch()}), Node ${process.versions.node}`,
    capabilities: {
      ipv6: await probeIpv6(),
      kernel: watchKernel && kernelTableReadable(),
      // The kernel events also carry each connected TCP call's tcp_info, read with `ss -ti` (iproute2).
      tcpInfo: watchKernel && kernelTableReadable() && ssAvailable(),
      // The compare lanes cross a link the kernel degrades (a private namespace): TCP can really lose segments.
      compareKernelLink: (await linkCapabilities()).mode === 'kernel',
      ...(capture ? { capture } : {}),
    },
  };
  return () => ({ ...info, policy: policy.describe() });
}
