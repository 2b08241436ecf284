import { ValidationError } from '../shared/errors.js';
import { MAX_ID_LENGTH } from './defaults.js';
import { actionsError, BanditErrorCode, featureError } from './errors.js';
import type { BanditAction, DecideRequest } from './port.js';

/** Checks the shape of a decide request (features are checked when featurized). */
export function validateDecideRequest(request: DecideRequest, maxActions: number): void {
  if (request === null || typeof request !== 'object') throw actionsError('decide request must be an object');
  if (!Array.isArray(request.contextFeatures) || request.contextFeatures.length === 0) {
    throw featureError('contextFeatures must be a non-empty list of feature objects');
  }
  validateActions(request.actions, maxActions);
  const excluded: unknown = request.excludedActions;
  if (excluded !== undefined && (!Array.isArray(excluded) || excluded.some((id) => typeof id !== 'string'))) {
    throw actionsError('excludedActions must be a list of action ids');
  }
  if (request.eventId !== undefined) validateEventId(request.eventId);
}

export function validateActions(actions: readonly BanditAction[], maxActions: number): void {
  if (!Array.isArray(actions) || actions.length === 0) throw actionsError('actions must be a non-empty list');
  if (actions.length > maxActions) {
    throw actionsError(`too many actions (at most ${maxActions})`, { count: actions.length, max: maxActions });
  }
  // On every decision: a few actions are checked for duplicates pairwise, without a Set.
  const seen = actions.length > 16 ? new Set<string>() : undefined;
  for (let i = 0; i < actions.length; i++) {
    const action: unknown = actions[i];
    if (action === null || typeof action !== 'object') throw actionsError(`actions[${i}] must be an object`);
    const { id, features } = action as BanditAction;
    if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID_LENGTH) {
      throw actionsError(`actions[${i}].id must be a string of 1 to ${MAX_ID_LENGTH} characters`);
    }
    if (seen !== undefined ? seen.has(id) : isEarlierId(actions, i, id)) throw actionsError(`actions[${i}].id is a duplicate`, { index: i });
    seen?.add(id);
    if (!Array.isArray(features)) throw featureError(`actions[${i}].features must be a list of feature objects`);
  }
}

function isEarlierId(actions: readonly BanditAction[], i: number, id: string): boolean {
  for (let j = 0; j < i; j++) if ((actions[j] as BanditAction).id === id) return true;
  return false;
}

export function validateEventId(eventId: unknown): asserts eventId is string {
  if (typeof eventId !== 'string' || eventId.length === 0 || eventId.length > MAX_ID_LENGTH) {
    throw new ValidationError(BanditErrorCode.eventInvalid, `eventId must be a string of 1 to ${MAX_ID_LENGTH} characters`);
  }
}

/** A reward must be a finite number within the configured range. */
export function validateReward(value: unknown, range: readonly [number, number]): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < range[0] || value > range[1]) {
    throw new ValidationError(BanditErrorCode.rewardInvalid, `reward value must be a finite number in ${range[0]}..${range[1]}`);
  }
}
