import { MongoNetworkError, MongoServerError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { ParleyError, UpstreamError } from '../../../src/shared/errors.js';
import { guard, toStoreError } from '../../../src/store/mongo-errors.js';

describe('store error mapping', () => {
  it('maps network failures to a retryable PARLEY_STORE_UNAVAILABLE', () => {
    const mapped = toStoreError(new MongoNetworkError('connect ECONNREFUSED'));
    expect(mapped).toBeInstanceOf(UpstreamError);
    expect(mapped).toMatchObject({ code: 'PARLEY_STORE_UNAVAILABLE', status: 503, retryable: true });
  });

  it('maps a duplicate key to PARLEY_STORE_DUPLICATE without quoting the key value', () => {
    const raw = new MongoServerError({ code: 11000, codeName: 'DuplicateKey', errmsg: 'dup key: { email: "a@b.c" }' });
    const mapped = toStoreError(raw);
    expect(mapped).toMatchObject({ code: 'PARLEY_STORE_DUPLICATE', status: 409, retryable: false });
    expect(mapped.message).not.toContain('a@b.c');
    expect(JSON.stringify(mapped.details)).not.toContain('a@b.c');
  });

  it('maps other server errors and unknown throws to PARLEY_STORE_FAILED, passing ParleyErrors through', async () => {
    expect(toStoreError(new MongoServerError({ code: 2, errmsg: 'bad' }))).toMatchObject({ code: 'PARLEY_STORE_FAILED' });
    expect(toStoreError('weird')).toMatchObject({ code: 'PARLEY_STORE_FAILED' });
    const own = new ParleyError('PARLEY_STORE_CONFLICT', 'x', { status: 409 });
    expect(toStoreError(own)).toBe(own);
    await expect(guard(() => Promise.reject(new MongoNetworkError('x')))).rejects.toMatchObject({ code: 'PARLEY_STORE_UNAVAILABLE' });
  });
});
