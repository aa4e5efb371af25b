import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { ErrorBody, ErrorCodes, ReplyFrame } from './protocol';

describe('ErrorBody.code', () => {
  it("accepts Allô's own codes and the kernel's errno names", () => {
    for (const code of [...ErrorCodes, 'ECONNREFUSED', 'EADDRINUSE', 'ERR_SOCKET_CLOSED'])
      expect(z.safeParse(ErrorBody, { code, message: 'm' }).success).toBe(true);
  });
  it('refuses any other code, so a reply names only codes a page can translate', () => {
    for (const code of ['', 'nope', 'DISCONNECTED', 'invalid', 'econnrefused'])
      expect(z.safeParse(ErrorBody, { code, message: 'm' }).success).toBe(false);
    const frame = { type: 'reply', id: 1, ok: false, error: { code: 'OOPS', message: 'm' } };
    expect(z.safeParse(ReplyFrame, frame).success).toBe(false);
  });
});
