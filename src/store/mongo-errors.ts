/**
 * Maps MongoDB driver errors to Parley errors at the store's edge, so no driver error crosses the
 * port. Server messages can quote document values (a duplicate key's value), so only the numeric
 * code and code name are kept, never the message.
 */
import {
  MongoError,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from 'mongodb';
import { ParleyError, UpstreamError } from '../shared/errors.js';

const DUPLICATE_KEY = 11000;

/** Turns anything thrown by the driver into a ParleyError; ParleyErrors pass through. */
export function toStoreError(error: unknown): ParleyError {
  if (error instanceof ParleyError) return error;
  if (isUnavailable(error)) {
    return new UpstreamError('PARLEY_STORE_UNAVAILABLE', 'The database is unavailable.', {
      retryable: true,
      details: { driverError: (error as MongoError).name },
    });
  }
  if (error instanceof MongoServerError) {
    const details = { serverCode: error.code, codeName: error.codeName };
    if (error.code === DUPLICATE_KEY) {
      return new ParleyError('PARLEY_STORE_DUPLICATE', 'A document with this key already exists.', { status: 409, details });
    }
    return new ParleyError('PARLEY_STORE_FAILED', 'The database rejected the operation.', {
      status: 500,
      retryable: error.hasErrorLabel('RetryableWriteError'),
      details,
    });
  }
  const name = error instanceof Error ? error.name : typeof error;
  return new ParleyError('PARLEY_STORE_FAILED', 'The database operation failed.', { status: 500, details: { driverError: name } });
}

function isUnavailable(error: unknown): boolean {
  return (
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNetworkError ||
    error instanceof MongoTopologyClosedError ||
    error instanceof MongoNotConnectedError
  );
}

/** Runs one database operation, mapping its failure. */
export async function guard<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw toStoreError(error);
  }
}
