/**
 * Who is talking: a client is who its site key and signed token say it is. The site key must be
 * configured, the socket's Origin must be one the site allows, a token must verify, and without
 * one the visitor is anonymous (if the site allows it) under an id this server issues.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { SiteConfig } from '../config.js';
import type { Identity } from '../fulfillment/port.js';
import { OriginPolicy } from './auth/origin-policy.js';
import { ResumeTokens } from './auth/resume-token.js';
import { ANONYMOUS_PREFIX, TokenVerifier, type TokenVerifierOptions } from './auth/token-verifier.js';
import { authError, GatewayErrorCode } from './errors.js';

/** The parts of a session.hello that establish identity. */
export interface HelloCredentials {
  siteKey: string;
  token?: string;
  sessionId?: string;
  resumeToken?: string;
}

export interface AuthenticatorOptions {
  /** HMAC key for anonymous resume tokens; unset: random per process. */
  sessionSecret?: string;
  /** For tests: the clock token claims are checked against. */
  now?: TokenVerifierOptions['now'];
}

interface SiteEntry {
  site: SiteConfig;
  origins: OriginPolicy;
  tokens: TokenVerifier | undefined;
}

export class Authenticator {
  readonly #sites = new Map<string, SiteEntry>();
  readonly #resume: ResumeTokens;

  /** Prepares every site's keys and origin rules; throws on an unusable public key. */
  constructor(sites: readonly SiteConfig[], options: AuthenticatorOptions = {}) {
    for (const site of sites) {
      const tokens = site.jwt === undefined ? undefined : new TokenVerifier(site.jwt, options.now === undefined ? {} : { now: options.now });
      this.#sites.set(site.siteKey, { site, origins: new OriginPolicy(site.allowedOrigins, site.allowNoOrigin), tokens });
    }
    this.#resume = new ResumeTokens(options.sessionSecret ?? randomBytes(32));
  }

  /** Origin entries that are not origins, per site, to be logged at start. */
  invalidOriginEntries(): Array<{ siteKey: string; entries: string[] }> {
    return [...this.#sites.values()]
      .filter((entry) => entry.origins.invalidEntries.length > 0)
      .map((entry) => ({ siteKey: entry.site.siteKey, entries: entry.origins.invalidEntries }));
  }

  /** Checked at the HTTP upgrade: could any site be used from this origin? */
  admitsOrigin(origin: string | undefined): boolean {
    for (const entry of this.#sites.values()) if (entry.origins.allows(origin)) return true;
    return false;
  }

  /** Rejects with a ParleyError (PARLEY_GATEWAY_SITE_UNKNOWN, _ORIGIN_FORBIDDEN, _AUTH_REQUIRED, _TOKEN_*, _RESUME_INVALID). */
  async authenticate(hello: HelloCredentials, origin: string | undefined): Promise<Identity> {
    const entry = this.#sites.get(hello.siteKey);
    if (entry === undefined) throw authError(GatewayErrorCode.SiteUnknown, 'Unknown site key');
    if (!entry.origins.allows(origin)) {
      throw authError(GatewayErrorCode.OriginForbidden, 'This site does not accept connections from this origin');
    }
    if (hello.token !== undefined) {
      if (entry.tokens === undefined) throw authError(GatewayErrorCode.TokenInvalid, 'This site does not accept user tokens');
      return { siteKey: hello.siteKey, userId: await entry.tokens.verify(hello.token), anonymous: false };
    }
    if (!entry.site.allowAnonymous) throw authError(GatewayErrorCode.AuthRequired, 'This site requires a user token');
    return { siteKey: hello.siteKey, userId: this.#anonymousUser(hello), anonymous: true };
  }

  /** What an anonymous client must present to resume `sessionId`; undefined for signed-in users. */
  resumeTokenFor(identity: Identity, sessionId: string): string | undefined {
    return identity.anonymous ? this.#resume.issue(identity.siteKey, sessionId, identity.userId) : undefined;
  }

  #anonymousUser(hello: HelloCredentials): string {
    if (hello.sessionId === undefined) return `${ANONYMOUS_PREFIX}${randomUUID()}`;
    const userId = hello.resumeToken === undefined ? undefined : this.#resume.open(hello.siteKey, hello.sessionId, hello.resumeToken);
    if (userId === undefined || !userId.startsWith(ANONYMOUS_PREFIX)) {
      throw authError(GatewayErrorCode.ResumeInvalid, 'Resuming an anonymous session needs its resumeToken');
    }
    return userId;
  }
}
