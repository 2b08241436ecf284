/**
 * Resume tokens let an anonymous visitor come back to its session without Parley trusting a
 * client-chosen user id: the token carries the anonymous id, bound by an HMAC to the site and
 * the session. Format: base64url(userId) '.' base64url(HMAC-SHA256(site \n session \n user)).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export class ResumeTokens {
  constructor(private readonly secret: Uint8Array | string) {}

  issue(siteKey: string, sessionId: string, userId: string): string {
    return `${Buffer.from(userId, 'utf8').toString('base64url')}.${this.#mac(siteKey, sessionId, userId).toString('base64url')}`;
  }

  /** The anonymous user id the token was issued to, or undefined when it does not check out. */
  open(siteKey: string, sessionId: string, token: string): string | undefined {
    const [encodedUser, encodedMac, ...rest] = token.split('.');
    if (encodedUser === undefined || encodedMac === undefined || rest.length > 0) return undefined;
    const userId = Buffer.from(encodedUser, 'base64url').toString('utf8');
    const expected = this.#mac(siteKey, sessionId, userId);
    const given = Buffer.from(encodedMac, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    return userId;
  }

  #mac(siteKey: string, sessionId: string, userId: string): Buffer {
    return createHmac('sha256', this.secret).update(`${siteKey}\n${sessionId}\n${userId}`).digest();
  }
}
