import { describe, expect, it } from 'vitest';
import { parseFilter, parseFilterValueList } from '../../../src/recommend/index.js';
import { isParleyError } from '../../../src/shared/errors.js';

function syntaxError(expression: string): { code: string; column: unknown; message: string } {
  try {
    parseFilter(expression);
  } catch (error) {
    if (isParleyError(error)) return { code: error.code, column: error.details?.['column'], message: error.message };
  }
  throw new Error('expected a syntax error');
}

describe('filter expression parser', () => {
  it.each([
    'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("click","stream")',
    'INCLUDE ItemID WHERE Items.CATEGORY IN ($CATEGORY)',
    'INCLUDE ItemID WHERE Items.PRICE <= $PRICE',
    'EXCLUDE ItemID WHERE Items.GENRE IN ($GENRE) IF CurrentUser.AGE = $AGE',
    'INCLUDE UserID WHERE Users.MEMBERSHIP_STATUS IN ($MEMBERSHIP)',
    'INCLUDE ItemID WHERE Items.GENRE IN (CurrentItem.GENRE)',
    'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("*") | INCLUDE ItemID WHERE Items.PRICE > 5 AND Items.PRICE < 10 OR Items.GENRE NOT IN ("x")',
  ])('parses %s', (expression) => {
    expect(parseFilter(expression).length).toBeGreaterThan(0);
  });

  it('builds the tree with chain connectors and the guard', () => {
    const [expression] = parseFilter('exclude ItemID where Items.GENRE not in ("A", $G) and Items.PRICE >= 3 IF CurrentUser.TIER = "gold"');
    expect(expression?.action).toBe('EXCLUDE');
    expect(expression?.conditions.map((c) => c.operator)).toEqual(['NOT IN', '>=']);
    expect(expression?.connectors).toEqual(['AND']);
    expect(expression?.guard?.field).toBe('TIER');
  });

  it('names the column of the error', () => {
    expect(syntaxError('INCLUDE ItemID WHER Items.X IN ("a")')).toMatchObject({ code: 'PARLEY_RECOMMEND_FILTER_SYNTAX', column: 16 });
    expect(syntaxError('INCLUDE ItemID WHERE Items.X IN ("a"')).toMatchObject({ column: 37 });
    expect(syntaxError('INCLUDE ItemID WHERE Things.X IN ("a")').message).toContain('unknown dataset "Things"');
    expect(syntaxError('INCLUDE ItemID WHERE Items.X LIKE ("a")').column).toBe(30);
    expect(syntaxError('INCLUDE ItemID WHERE Items.X IN ("a)').message).toContain('unterminated string at column 34');
    expect(syntaxError('').code).toBe('PARLEY_RECOMMEND_FILTER_SYNTAX');
  });

  it('rejects an AND chain that changes dataset, pointing at the second condition', () => {
    const error = syntaxError('INCLUDE ItemID WHERE Items.X IN ("a") AND Interactions.EVENT_TYPE IN ("click")');
    expect(error.column).toBe(43);
    expect(error.message).toContain('"|"');
  });

  it('binds quoted comma lists and rejects malformed ones', () => {
    expect(parseFilterValueList('G', '"Comedy","Drama"')).toEqual(['Comedy', 'Drama']);
    expect(parseFilterValueList('P', '10')).toEqual(['10']);
    expect(() => parseFilterValueList('G', 'Comedy')).toThrow(/filterValues.G: expected a quoted value at character 1/);
    expect(() => parseFilterValueList('G', '"A",')).toThrow(/trailing/);
  });
});
