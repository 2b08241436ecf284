/**
 * Turns a parsed filter into a per-item predicate for one request: binds parameters, resolves
 * CurrentItem / CurrentUser, and precomputes the user's interaction sets (the 100 most recent
 * interactions per event type, as Personalize). Event types match case-insensitively.
 */
import { ValidationError } from '../../shared/errors.js';
import type { UserEvent } from '../local/types.js';
import type { Condition, Filter, FilterExpression, FilterValue, Operator } from './ast.js';
import { bindFilterValues } from './filter-values.js';

export type Metadata = Readonly<Record<string, string>>;

export interface FilterContext {
  itemMetadata: (item: number) => Metadata | undefined;
  /** The user's events, oldest first. */
  history: readonly UserEvent[];
  currentUser?: Metadata;
  currentItem?: Metadata;
  filterValues?: Readonly<Record<string, string>>;
}

export const INTERACTIONS_PER_EVENT_TYPE = 100;

type ItemTest = (item: number) => boolean;

function unsupported(message: string): ValidationError {
  return new ValidationError('PARLEY_RECOMMEND_FILTER_UNSUPPORTED', message);
}

export function compileItemFilter(filter: Filter, context: FilterContext): ItemTest {
  const params = bindFilterValues(context.filterValues);
  const tests: ItemTest[] = [];
  for (const expression of filter) {
    const test = compileExpression(expression, context, params);
    if (test !== undefined) tests.push(test);
  }
  return (item) => tests.every((test) => test(item));
}

function compileExpression(expression: FilterExpression, context: FilterContext, params: Map<string, string[]>): ItemTest | undefined {
  if (expression.target !== 'ItemID') throw unsupported('UserID filters select users; item recommendations need an ItemID filter');
  const missing = expression.conditions.flatMap((c) => c.values).find((v) => v.kind === 'param' && !params.has(v.name));
  if (missing?.kind === 'param') {
    // Personalize: EXCLUDE parameters may be omitted (the expression is skipped), INCLUDE ones not.
    if (expression.action === 'EXCLUDE') return undefined;
    throw new ValidationError('PARLEY_RECOMMEND_FILTER_VALUES', `filterValues.${missing.name} is required by an INCLUDE expression`, {
      details: { parameter: missing.name },
    });
  }
  if (expression.guard !== undefined) {
    const { field, operator, values } = expression.guard;
    const resolved = resolveValues(values, context, params);
    if (!matches(splitValues(context.currentUser?.[field]), operator, resolved)) return undefined;
  }
  // AND binds tighter than OR: the chain is an OR of AND groups.
  const groups: ItemTest[][] = [[]];
  expression.conditions.forEach((condition, i) => {
    if (i > 0 && expression.connectors[i - 1] === 'OR') groups.push([]);
    groups[groups.length - 1]?.push(compileCondition(condition, context, params));
  });
  const matchesAny: ItemTest = (item) => groups.some((group) => group.every((test) => test(item)));
  return expression.action === 'INCLUDE' ? matchesAny : (item) => !matchesAny(item);
}

function compileCondition(condition: Condition, context: FilterContext, params: Map<string, string[]>): ItemTest {
  const values = resolveValues(condition.values, context, params);
  if (condition.dataset === 'Items') {
    return (item) => matches(fieldValues(context.itemMetadata(item), condition.field), condition.operator, values);
  }
  if (condition.field.toUpperCase() !== 'EVENT_TYPE') {
    throw unsupported(`Interactions.${condition.field}: only Interactions.EVENT_TYPE can be filtered`);
  }
  if (condition.operator !== 'IN' && condition.operator !== 'NOT IN') {
    throw unsupported('Interactions.EVENT_TYPE takes IN or NOT IN');
  }
  const wanted = new Set(values.map((v) => v.toLowerCase()));
  const isWanted = (type: string): boolean => wanted.has('*') || wanted.has(type.toLowerCase());
  const items = recentItems(context.history, condition.operator === 'IN' ? isWanted : (type) => !isWanted(type));
  return (item) => items.has(item);
}

/** Items among the most recent INTERACTIONS_PER_EVENT_TYPE interactions of each matching type. */
function recentItems(history: readonly UserEvent[], typeMatches: (type: string) => boolean): Set<number> {
  const perType = new Map<string, number>();
  const items = new Set<number>();
  for (let i = history.length - 1; i >= 0; i--) {
    const event = history[i] as UserEvent;
    const type = event.eventType.toLowerCase();
    const seen = perType.get(type) ?? 0;
    if (seen >= INTERACTIONS_PER_EVENT_TYPE) continue;
    perType.set(type, seen + 1);
    if (typeMatches(type)) items.add(event.item);
  }
  return items;
}

function resolveValues(values: readonly FilterValue[], context: FilterContext, params: Map<string, string[]>): string[] {
  return values.flatMap((value): string[] => {
    if (value.kind === 'string') return [value.value];
    if (value.kind === 'number') return [String(value.value)];
    if (value.kind === 'param') return params.get(value.name) ?? [];
    if (context.currentItem === undefined) throw unsupported(`CurrentItem.${value.field} needs a request with an itemId`);
    return splitValues(context.currentItem[value.field]);
  });
}

/**
 * An item's values of one field, split once per metadata object: filters run over thousands of
 * items per request. Metadata objects are replaced, never changed, when an item is updated.
 */
const splitFields = new WeakMap<object, Map<string, string[]>>();

function fieldValues(metadata: Readonly<Record<string, string>> | undefined, field: string): string[] {
  if (metadata === undefined) return [];
  let fields = splitFields.get(metadata);
  if (fields === undefined) {
    fields = new Map();
    splitFields.set(metadata, fields);
  }
  let values = fields.get(field);
  if (values === undefined) {
    values = splitValues(metadata[field]);
    fields.set(field, values);
  }
  return values;
}

/** Multi-valued categorical metadata uses `|` between values. */
function splitValues(raw: string | undefined): string[] {
  return raw === undefined || raw === '' ? [] : raw.split('|');
}

function matches(actual: readonly string[], operator: Operator, wanted: readonly string[]): boolean {
  if (operator === 'IN') return actual.some((v) => wanted.includes(v));
  if (operator === 'NOT IN') return !actual.some((v) => wanted.includes(v));
  if (operator === '=' && actual[0] !== undefined && actual[0] === wanted[0]) return true;
  const left = Number(actual[0]);
  const right = Number(wanted[0]);
  if (actual.length === 0 || Number.isNaN(left) || Number.isNaN(right)) return false;
  if (operator === '=') return left === right;
  if (operator === '<') return left < right;
  if (operator === '<=') return left <= right;
  if (operator === '>') return left > right;
  return left >= right;
}
