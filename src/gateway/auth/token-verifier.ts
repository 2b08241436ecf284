/**
 * Verifies a site's user tokens (JWT) with jose. Keys are prepared once per site. Only the
 * algorithms the configured keys imply are accepted, so 'none' and algorithm-confusion tokens
 * (an HS256 token "signed" with a public key) fail.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { errors as joseErrors, jwtVerify, type JWTHeaderParameters } from 'jose';
import type { SiteConfig } from '../../config.js';
import type { ParleyError } from '../../shared/errors.js';
import { authError, GatewayErrorCode } from '../errors.js';

export type SiteJwtConfig = NonNullable<SiteConfig['jwt']>;

/** Seconds of clock skew tolerated on exp/nbf between the token issuer and this server. */
const CLOCK_TOLERANCE_S = 30;
/** What a userId may look like: it ends up in store filters and logs. */
const USER_ID = /^[A-Za-z0-9._:@|+-]{1,128}$/u;
/** Reserved for ids Parley issues to anonymous visitors; a token may not claim one. */
export const ANONYMOUS_PREFIX = 'anon-';

export interface TokenVerifierOptions {
  /** For tests: the time claims are checked against. */
  now?: () => Date;
}

export class TokenVerifier {
  readonly #keys = new Map<string, KeyObject | Uint8Array>();

  constructor(
    private readonly config: SiteJwtConfig,
    private readonly options: TokenVerifierOptions = {},
  ) {
    if (config.hs256Secret !== undefined) this.#keys.set('HS256', new TextEncoder().encode(config.hs256Secret));
    if (config.publicKeyPem !== undefined) {
      const key = createPublicKey(config.publicKeyPem);
      this.#keys.set(algorithmFor(key), key);
    }
  }

  /** Resolves the verified `sub`; rejects with PARLEY_GATEWAY_TOKEN_EXPIRED or _TOKEN_INVALID. */
  async verify(token: string): Promise<string> {
    let subject: unknown;
    try {
      const { payload } = await jwtVerify(token, (header: JWTHeaderParameters) => this.#keyFor(header), {
        algorithms: [...this.#keys.keys()],
        clockTolerance: CLOCK_TOLERANCE_S,
        requiredClaims: ['exp', 'sub'],
        ...(this.config.issuer === undefined ? {} : { issuer: this.config.issuer }),
        ...(this.config.audience === undefined ? {} : { audience: this.config.audience }),
        ...(this.options.now === undefined ? {} : { currentDate: this.options.now() }),
      });
      subject = payload.sub;
    } catch (error) {
      throw toAuthError(error);
    }
    if (typeof subject !== 'string' || !USER_ID.test(subject) || subject.startsWith(ANONYMOUS_PREFIX)) {
      throw authError(GatewayErrorCode.TokenInvalid, 'The user token has an unusable subject');
    }
    return subject;
  }

  #keyFor(header: JWTHeaderParameters): KeyObject | Uint8Array {
    // jose has already checked header.alg against `algorithms`, so the key exists.
    const key = this.#keys.get(header.alg ?? '');
    if (key === undefined) throw new joseErrors.JOSEAlgNotAllowed('algorithm not allowed');
    return key;
  }
}

function algorithmFor(key: KeyObject): string {
  if (key.asymmetricKeyType === 'rsa') return 'RS256';
  if (key.asymmetricKeyType === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (curve === 'prime256v1') return 'ES256';
    if (curve === 'secp384r1') return 'ES384';
  }
  throw new Error(`unsupported public key type for user tokens: ${key.asymmetricKeyType ?? 'unknown'}`);
}

function toAuthError(error: unknown): ParleyError {
  if (error instanceof joseErrors.JWTExpired) {
    return authError(GatewayErrorCode.TokenExpired, 'The user token has expired', error);
  }
  return authError(GatewayErrorCode.TokenInvalid, 'The user token was rejected', error);
}
