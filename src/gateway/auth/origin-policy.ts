/**
 * Which browser origins may open a socket for a site. Entries: '*' (any origin), an origin with
 * an explicit port (exact match), or an origin without a port (that scheme and host, any port:
 * 'http://localhost' admits every local dev server). A missing Origin header (kiosk, CLI, server
 * clients; browsers always send one) is admitted only when the site says so.
 */

interface OriginRule {
  protocol: string;
  hostname: string;
  /** undefined: any port. '' is the scheme's default port, as URL reports it. */
  port: string | undefined;
}

const EXPLICIT_PORT = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*:\d+\/?$/iu;

export class OriginPolicy {
  readonly #anyOrigin: boolean;
  readonly #rules: OriginRule[] = [];
  /** Entries that are not origins; they admit nothing, and the gateway logs them at start. */
  readonly invalidEntries: string[] = [];

  constructor(
    allowedOrigins: readonly string[],
    private readonly allowNoOrigin: boolean,
  ) {
    this.#anyOrigin = allowedOrigins.includes('*');
    for (const entry of allowedOrigins) {
      if (entry === '*') continue;
      const rule = parseRule(entry);
      if (rule === undefined) this.invalidEntries.push(entry);
      else this.#rules.push(rule);
    }
  }

  allows(origin: string | undefined): boolean {
    if (origin === undefined || origin === '') return this.allowNoOrigin;
    if (this.#anyOrigin) return true;
    const url = parseOrigin(origin);
    if (url === undefined) return false;
    return this.#rules.some(
      (rule) =>
        rule.protocol === url.protocol &&
        rule.hostname === url.hostname &&
        (rule.port === undefined || rule.port === url.port),
    );
  }
}

function parseRule(entry: string): OriginRule | undefined {
  const url = parseOrigin(entry.replace(/\/$/u, ''));
  if (url === undefined) return undefined;
  return { protocol: url.protocol, hostname: url.hostname, port: EXPLICIT_PORT.test(entry) ? url.port : undefined };
}

/** A serialized origin is scheme://host[:port] and nothing else; 'null' (sandboxed, file:) matches no rule. */
function parseOrigin(text: string): URL | undefined {
  if (!URL.canParse(text)) return undefined;
  const url = new URL(text);
  const bare = url.pathname === '/' || url.pathname === '';
  if (!bare || url.search !== '' || url.hash !== '' || url.username !== '' || url.hostname === '') return undefined;
  return url;
}
