/**
 * docs/protocol.schema.json is the one definition of the wire protocol: the gateway validates
 * against that very file and serves it, so the documentation cannot drift from the check.
 */
import { readFileSync } from 'node:fs';

/** src/gateway/ws and dist/gateway/ws sit at the same depth, so one relative URL serves both. */
const SCHEMA_URL = new URL('../../../docs/protocol.schema.json', import.meta.url);

export const PROTOCOL_SCHEMA_ID = 'urn:parley:protocol:v1';

export interface ProtocolSchema {
  /** The file as written, served over HTTP. */
  text: string;
  document: Record<string, unknown>;
}

/** Reads the schema file; called once when the gateway is built. */
export function loadProtocolSchema(url: URL = SCHEMA_URL): ProtocolSchema {
  const text = readFileSync(url, 'utf8');
  const document = JSON.parse(text) as Record<string, unknown>;
  if (document.$id !== PROTOCOL_SCHEMA_ID) {
    throw new Error(`protocol schema at ${url.pathname} has an unexpected $id`);
  }
  return { text, document };
}
