/** The syntax tree of a Personalize filter expression (see parser.ts for the grammar). */

export type FilterValue =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'param'; name: string; column: number }
  | { kind: 'current-item'; field: string };

export type Dataset = 'Items' | 'Interactions' | 'Users';
export type Operator = 'IN' | 'NOT IN' | '=' | '<' | '<=' | '>' | '>=';

export interface Condition {
  dataset: Dataset;
  field: string;
  operator: Operator;
  values: FilterValue[];
  /** 1-based column of the condition's first character. */
  column: number;
}

/** `IF CurrentUser.FIELD op value`: the expression applies only when the user matches. */
export interface UserGuard {
  field: string;
  operator: Operator;
  values: FilterValue[];
}

export interface FilterExpression {
  action: 'INCLUDE' | 'EXCLUDE';
  target: 'ItemID' | 'UserID';
  /** Conditions joined by `connectors[i]` between condition i and i + 1; AND binds tighter. */
  conditions: Condition[];
  connectors: Array<'AND' | 'OR'>;
  guard?: UserGuard;
}

/** Expressions chained with `|`: an item must pass every one. */
export type Filter = FilterExpression[];
