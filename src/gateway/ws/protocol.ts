/**
 * Parse, validate and serialize protocol v1 frames. Validation uses the schema document compiled
 * once; every problem becomes a ParleyError with a stable code (never a thrown exception).
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import type { RawData } from 'ws';
import type { ParleyError } from '../../shared/errors.js';
import { clientError, GatewayErrorCode } from '../errors.js';
import type { ClientMessage, ServerMessage } from './messages.js';
import { PROTOCOL_SCHEMA_ID } from './protocol-schema.js';

export type ParseResult = { ok: true; message: ClientMessage } | { ok: false; error: ParleyError; id?: string };

const ID_PATTERN = /^.{1,64}$/su;
const MAX_PATH_CHARS = 200;

export class Protocol {
  readonly #client: ValidateFunction<ClientMessage>;
  readonly #server: ValidateFunction<ServerMessage>;

  constructor(
    schemaDocument: Record<string, unknown>,
    private readonly maxMessageBytes: number,
  ) {
    // discriminator: the `type` picks the one branch to check, so errors name that branch only.
    const ajv = new Ajv2020({ strict: true, discriminator: true, allErrors: false });
    ajv.addSchema(schemaDocument);
    this.#client = mustGet<ClientMessage>(ajv, 'ClientMessage');
    this.#server = mustGet<ServerMessage>(ajv, 'ServerMessage');
  }

  /** One incoming frame to a validated message, or the error to answer with. */
  parse(data: RawData, isBinary: boolean): ParseResult {
    if (isBinary) {
      return fail(GatewayErrorCode.BinaryUnsupported, 'Binary frames carry audio only, between turn.audio.begin and turn.audio.end');
    }
    const bytes = toBuffer(data);
    if (bytes.byteLength > this.maxMessageBytes) {
      return fail(GatewayErrorCode.MessageTooLarge, `Messages are limited to ${this.maxMessageBytes} bytes`);
    }
    let value: unknown;
    try {
      value = JSON.parse(bytes.toString('utf8'));
    } catch {
      return fail(GatewayErrorCode.InvalidJson, 'The frame is not valid JSON');
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return fail(GatewayErrorCode.InvalidMessage, 'A message must be a JSON object', { path: '' });
    }
    const id = correlationId(value);
    if (this.#client(value)) return { ok: true, message: value };
    return { ...describe(this.#client.errors?.[0]), ...(id === undefined ? {} : { id }) };
  }

  serialize(message: ServerMessage): string {
    return JSON.stringify(message);
  }

  /** Checks an outgoing message against the schema; undefined when valid. For tests and debugging. */
  checkServerMessage(value: unknown): string | undefined {
    if (this.#server(value)) return undefined;
    const first = this.#server.errors?.[0];
    return first === undefined ? 'invalid' : `${pointer(first)}: ${first.message ?? 'invalid'}`;
  }
}

function mustGet<T>(ajv: Ajv2020, name: string): ValidateFunction<T> {
  const validate = ajv.getSchema<T>(`${PROTOCOL_SCHEMA_ID}#/$defs/${name}`);
  if (validate === undefined) throw new Error(`protocol schema lacks $defs/${name}`);
  return validate;
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/** The id is echoed even when the rest of the message is wrong, if it is itself acceptable. */
function correlationId(value: object): string | undefined {
  const id: unknown = (value as { id?: unknown }).id;
  return typeof id === 'string' && ID_PATTERN.test(id) ? id : undefined;
}

function describe(error: ErrorObject | undefined): { ok: false; error: ParleyError } {
  if (error === undefined) return fail(GatewayErrorCode.InvalidMessage, 'Invalid message', { path: '' });
  // Bounded: an extra property's name comes from the client and is echoed back.
  const path = pointer(error).slice(0, MAX_PATH_CHARS);
  if (error.keyword === 'discriminator') {
    return error.params.error === 'mapping'
      ? fail(GatewayErrorCode.UnknownType, 'Unknown message type', { path: '/type' })
      : fail(GatewayErrorCode.InvalidMessage, 'The message type must be a string', { path: '/type' });
  }
  if (path === '/v' && error.keyword === 'const') {
    return fail(GatewayErrorCode.UnsupportedVersion, 'This server speaks protocol version 1', { path });
  }
  return fail(GatewayErrorCode.InvalidMessage, `Invalid message at ${path || '/'}: ${error.message ?? 'invalid'}`, { path });
}

/** JSON Pointer of the field at fault, including the missing or extra property's name. */
function pointer(error: ErrorObject): string {
  const params = error.params as { missingProperty?: unknown; additionalProperty?: unknown };
  const extra = params.missingProperty ?? params.additionalProperty;
  return typeof extra === 'string' ? `${error.instancePath}/${extra}` : error.instancePath;
}

function fail(code: GatewayErrorCode, message: string, details?: Record<string, unknown>): { ok: false; error: ParleyError } {
  return { ok: false, error: clientError(code, message, details) };
}
