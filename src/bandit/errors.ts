import { NotFoundError, ValidationError } from '../shared/errors.js';

/** Error codes of the bandit area (never reused once retired). */
export const BanditErrorCode = {
  featureInvalid: 'PARLEY_BANDIT_FEATURE_INVALID',
  actionsInvalid: 'PARLEY_BANDIT_ACTIONS_INVALID',
  rewardInvalid: 'PARLEY_BANDIT_REWARD_INVALID',
  eventUnknown: 'PARLEY_BANDIT_EVENT_UNKNOWN',
  eventInvalid: 'PARLEY_BANDIT_EVENT_INVALID',
  eventExpired: 'PARLEY_BANDIT_EVENT_EXPIRED',
  eventDuplicate: 'PARLEY_BANDIT_EVENT_DUPLICATE',
  logInvalid: 'PARLEY_BANDIT_LOG_INVALID',
  snapshotInvalid: 'PARLEY_BANDIT_SNAPSHOT_INVALID',
  policyUnknown: 'PARLEY_BANDIT_POLICY_UNKNOWN',
  configInvalid: 'PARLEY_BANDIT_CONFIG_INVALID',
  vwInvalid: 'PARLEY_BANDIT_VW_INVALID',
} as const;

export function featureError(message: string, details?: Record<string, unknown>): ValidationError {
  return new ValidationError(BanditErrorCode.featureInvalid, message, { details });
}

export function actionsError(message: string, details?: Record<string, unknown>): ValidationError {
  return new ValidationError(BanditErrorCode.actionsInvalid, message, { details });
}

export function configError(message: string): ValidationError {
  return new ValidationError(BanditErrorCode.configInvalid, message);
}

export function unknownEventError(eventId: string): NotFoundError {
  return new NotFoundError(BanditErrorCode.eventUnknown, 'unknown bandit eventId', { details: { eventId } });
}
