/**
 * The logging the store needs, injected by the caller: a callback with a static message and data
 * in `fields` (e.g. `(message, fields) => logger.info(fields ?? {}, message)` for pino).
 */
export type StoreLog = (message: string, fields?: Record<string, unknown>) => void;

export const silentStoreLog: StoreLog = () => {};
