/**
 * The bytes of compare message number n: "#0042:" then dots, ending in a
 * newline, exactly `size` bytes of ASCII. The number lets the scoreboard match
 * each UDP datagram to its message; the fixed size lets it find message n in the
 * TCP stream at offset n × size, however the kernel merged or split the chunks.
 */
export function encodeMessage(n: number, size: number): string {
  const head = `#${String(n).padStart(4, '0')}:`;
  return (head + '.'.repeat(Math.max(0, size - head.length - 1)) + '\n').slice(0, size);
}

/** The message number at the start of a datagram's text, or undefined when it is not a compare message. */
export function decodeMessageNumber(text: string | undefined): number | undefined {
  const m = text ? /^#(\d{4,}):/.exec(text) : null;
  return m ? Number(m[1]) : undefined;
}
