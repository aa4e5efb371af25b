/**
 * One session per tab. Duplicating a tab copies its sessionStorage, session token included: the two tabs
 * then resumed the same session in turn, each evicting the other, for as long as both were open. A tab
 * holds a Web Lock named after its token for its whole life; a copy that finds the lock taken knows the
 * token is another tab's and starts its own session. (Without Web Locks — a page served over plain http to
 * another machine is not a secure context — the tabs ask each other on a BroadcastChannel.)
 */

/**
 * A reload releases the old document's lock as it unloads, at about the time the new one asks: it waits
 * this long for it. A duplicate waits as long, once, before starting its own session.
 */
const RELOAD_GRACE_MS = 600;
const PREFIX = 'allo.session:';

export interface TabClaim {
  /** Makes `token` this tab's; false when another open tab of this browser holds it. */
  claim(token: string): Promise<boolean>;
}

export function createTabClaim(): TabClaim {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (locks) return lockClaim(locks);
  if (typeof BroadcastChannel !== 'undefined') return channelClaim(new BroadcastChannel('allo.tabs'));
  return { claim: async () => true };
}

function lockClaim(locks: LockManager): TabClaim {
  let held: string | null = null;
  let release: (() => void) | null = null;
  const tryLock = (name: string, options: LockOptions) =>
    new Promise<boolean>((resolve) => {
      locks
        .request(name, options, (lock) => {
          if (!lock) return resolve(false);
          resolve(true);
          // Held until this tab takes another token, or closes.
          return new Promise<void>((r) => (release = r));
        })
        .catch(() => resolve(false)); // the grace ran out (AbortError)
    });
  return {
    async claim(token) {
      if (held === token) return true;
      release?.();
      release = null;
      held = null;
      const name = PREFIX + token;
      const ok =
        (await tryLock(name, { ifAvailable: true })) ||
        (await tryLock(name, { signal: AbortSignal.timeout(RELOAD_GRACE_MS) }));
      if (ok) held = token;
      return ok;
    },
  };
}

type Message = { type: 'who'; token: string } | { type: 'mine'; token: string };

function channelClaim(channel: BroadcastChannel): TabClaim {
  let held: string | null = null;
  const answers = new Set<(token: string) => void>();
  channel.onmessage = (e: MessageEvent<Message>) => {
    const m = e.data;
    if (m?.type === 'who' && m.token === held) channel.postMessage({ type: 'mine', token: held } satisfies Message);
    if (m?.type === 'mine') for (const a of answers) a(m.token);
  };
  return {
    async claim(token) {
      if (held === token) return true;
      const taken = await new Promise<boolean>((resolve) => {
        const onAnswer = (t: string) => t === token && done(true);
        const timer = setTimeout(() => done(false), RELOAD_GRACE_MS);
        const done = (v: boolean) => {
          clearTimeout(timer);
          answers.delete(onAnswer);
          resolve(v);
        };
        answers.add(onAnswer);
        channel.postMessage({ type: 'who', token } satisfies Message);
      });
      if (!taken) held = token;
      return !taken;
    },
  };
}
