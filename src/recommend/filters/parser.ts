/**
 * Recursive-descent parser for Amazon Personalize filter expressions:
 *
 *   filter     := expression ("|" expression)*
 *   expression := (INCLUDE | EXCLUDE) (ItemID | UserID) WHERE condition ((AND | OR) condition)*
 *                 [IF CurrentUser.FIELD operator operand]
 *   condition  := (Items | Interactions | Users) "." FIELD operator operand
 *   operator   := IN | NOT IN | = | < | <= | > | >=
 *   operand    := "(" value ("," value)* ")" | value
 *   value      := "string" | number | $PARAM | CurrentItem.FIELD | *
 *
 * Keywords are case-insensitive. Errors are ValidationError PARLEY_RECOMMEND_FILTER_SYNTAX with
 * the 1-based column. Personalize's rule that an AND/OR chain stays within the dataset of its
 * first condition is checked here too.
 */
import type { Condition, Dataset, Filter, FilterExpression, FilterValue, Operator, UserGuard } from './ast.js';
import { filterSyntaxError, tokenize, type Token } from './tokenizer.js';

const DATASETS: readonly Dataset[] = ['Items', 'Interactions', 'Users'];

export function parseFilter(source: string): Filter {
  if (source.trim() === '') throw filterSyntaxError('empty expression', 1);
  return new Parser(tokenize(source)).filter();
}

class Parser {
  private at = 0;

  constructor(private readonly tokens: Token[]) {}

  filter(): Filter {
    const expressions = [this.expression()];
    while (this.acceptSymbol('|')) expressions.push(this.expression());
    const token = this.peek();
    if (token.kind !== 'end') throw filterSyntaxError(`unexpected "${token.text}"`, token.column);
    return expressions;
  }

  private expression(): FilterExpression {
    const action = this.keyword(['INCLUDE', 'EXCLUDE']) as FilterExpression['action'];
    const targetToken = this.peek();
    const target = this.keyword(['ITEMID', 'USERID']) === 'ITEMID' ? 'ItemID' : 'UserID';
    this.keyword(['WHERE']);
    const conditions = [this.condition()];
    const connectors: Array<'AND' | 'OR'> = [];
    while (this.isKeyword('AND') || this.isKeyword('OR')) {
      connectors.push(this.keyword(['AND', 'OR']) as 'AND' | 'OR');
      const next = this.condition();
      if (next.dataset !== conditions[0]?.dataset) {
        throw filterSyntaxError(
          `an AND/OR chain must stay in ${conditions[0]?.dataset ?? 'one dataset'}; join ${next.dataset} conditions with "|"`,
          next.column,
        );
      }
      conditions.push(next);
    }
    const first = conditions[0] as Condition;
    if ((target === 'UserID') !== (first.dataset === 'Users')) {
      throw filterSyntaxError(`${target} filters cannot use ${first.dataset} conditions`, targetToken.column);
    }
    const expression: FilterExpression = { action, target, conditions, connectors };
    if (this.isKeyword('IF')) {
      this.at++;
      expression.guard = this.guard();
    }
    return expression;
  }

  private condition(): Condition {
    const start = this.peek();
    const datasetName = this.word('a dataset (Items, Interactions or Users)');
    const dataset = DATASETS.find((d) => d.toLowerCase() === datasetName.toLowerCase());
    if (dataset === undefined) {
      throw filterSyntaxError(`unknown dataset "${datasetName}" (expected Items, Interactions or Users)`, start.column);
    }
    this.symbol('.');
    const field = this.word('a field name');
    const operator = this.operator();
    return { dataset, field, operator, values: this.operand(operator), column: start.column };
  }

  private guard(): UserGuard {
    const start = this.peek();
    if (this.word('CurrentUser').toLowerCase() !== 'currentuser') throw filterSyntaxError('expected CurrentUser after IF', start.column);
    this.symbol('.');
    const field = this.word('a field name');
    const operator = this.operator();
    return { field, operator, values: this.operand(operator) };
  }

  private operator(): Operator {
    const token = this.peek();
    if (this.isKeyword('NOT')) {
      this.at++;
      this.keyword(['IN']);
      return 'NOT IN';
    }
    if (this.isKeyword('IN')) {
      this.at++;
      return 'IN';
    }
    if (token.kind === 'symbol' && ['=', '<', '<=', '>', '>='].includes(token.text)) {
      this.at++;
      return token.text as Operator;
    }
    throw filterSyntaxError(`expected IN, NOT IN, =, <, <=, > or >= but found "${token.text || 'end'}"`, token.column);
  }

  private operand(operator: Operator): FilterValue[] {
    if (operator !== 'IN' && operator !== 'NOT IN') return [this.value()];
    this.symbol('(');
    const values = [this.value()];
    while (this.acceptSymbol(',')) values.push(this.value());
    this.symbol(')');
    return values;
  }

  private value(): FilterValue {
    const token = this.next();
    if (token.kind === 'string') return { kind: 'string', value: token.text };
    if (token.kind === 'number') return { kind: 'number', value: Number(token.text) };
    if (token.kind === 'param') return { kind: 'param', name: token.text, column: token.column };
    if (token.kind === 'word' && token.text === '*') return { kind: 'string', value: '*' };
    if (token.kind === 'word' && token.text.toLowerCase() === 'currentitem') {
      this.symbol('.');
      return { kind: 'current-item', field: this.word('a field name') };
    }
    throw filterSyntaxError(`expected a value ("text", number, $PARAM or CurrentItem.FIELD) but found "${token.text || 'end'}"`, token.column);
  }

  private peek(): Token {
    return this.tokens[this.at] as Token;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.at++;
    return token;
  }

  private isKeyword(keyword: string): boolean {
    const token = this.peek();
    return token.kind === 'word' && token.text.toUpperCase() === keyword;
  }

  private keyword(options: readonly string[]): string {
    const token = this.peek();
    const upper = token.kind === 'word' ? token.text.toUpperCase() : '';
    if (!options.includes(upper)) {
      throw filterSyntaxError(`expected ${options.join(' or ')} but found "${token.text || 'end'}"`, token.column);
    }
    this.at++;
    return upper;
  }

  private word(what: string): string {
    const token = this.peek();
    if (token.kind !== 'word' || token.text === '*') {
      throw filterSyntaxError(`expected ${what} but found "${token.text || 'end'}"`, token.column);
    }
    this.at++;
    return token.text;
  }

  private symbol(symbol: string): void {
    if (!this.acceptSymbol(symbol)) {
      const token = this.peek();
      throw filterSyntaxError(`expected "${symbol}" but found "${token.text || 'end'}"`, token.column);
    }
  }

  private acceptSymbol(symbol: string): boolean {
    const token = this.peek();
    if (token.kind !== 'symbol' || token.text !== symbol) return false;
    this.at++;
    return true;
  }
}
