/** `parley rec eval` in-process: one JSON line per recipe, and with --plot their metrics drawn side by side. */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRecEval } from '../../../src/cli/commands/rec-eval.js';
import { useInProcessCli } from '../../helpers/in-process-cli.js';
import { plantedBlocks } from './fixtures.js';

const cli = useInProcessCli('parley-rec-eval-');

describe('parley rec eval', () => {
  it('prints each recipe and draws their metrics', async () => {
    const csv = path.join(cli.dir, 'interactions.csv');
    await writeFile(csv, ['USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE', ...plantedBlocks(60, 10, 8).map((r) => `${r.userId},${r.itemId},${r.timestamp},click`)].join('\n'));
    const plot = path.join(cli.dir, 'recipes.svg');
    expect(await runRecEval({ interactions: csv, recipes: 'popularity-count,similar-items', k: '5', workers: '0', plot })).toBe(0);
    const lines = cli.out.map((l) => JSON.parse(l) as { recipe: string; ndcg: number; k: number });
    expect(lines.map((l) => l.recipe)).toEqual(['popularity-count', 'similar-items']);
    expect(lines.every((l) => l.k === 5 && l.ndcg >= 0 && l.ndcg <= 1)).toBe(true);
    const svg = await readFile(plot, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    for (const label of ['popularity-count', 'similar-items', 'ndcg@5', 'coverage', 'metrics at 5']) expect(svg).toContain(label);
    // Two recipes, five metrics: ten bars.
    expect(svg.match(/aria-roledescription="bar"/g)).toHaveLength(10);
    expect(cli.err.join('')).toContain(`rec eval: wrote ${plot}`);
  });
});
