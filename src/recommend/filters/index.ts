export type { Filter, FilterExpression, Condition, FilterValue, Operator, Dataset } from './ast.js';
export { parseFilter } from './parser.js';
export { compileItemFilter, type FilterContext, type Metadata } from './evaluator.js';
export { parseFilterValueList, bindFilterValues } from './filter-values.js';
