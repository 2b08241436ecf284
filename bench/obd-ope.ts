/**
 * Validation on the Open Bandit Dataset sample (ZOZOTOWN, ../shared/data/obd, see its README):
 * estimate the value (click rate) of the uniform-random policy off-policy from the Bernoulli TS logs,
 * with the logged propensities, and compare it with the click rate observed on-policy in the
 * random logs of the same campaign. Prints one JSON line per campaign. Reads the data in place.
 *
 *   npx tsx bench/obd-ope.ts [--data ../shared/data/obd]
 *
 * The uniform policy shows each item in a slot with probability 1/items, so each BTS impression gets
 * weight (1/items) / propensity. No reward model is used (DR = IPS here), since the question is
 * whether the logged propensities alone recover the truth.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { OpeAccumulator } from '../src/bandit/index.js';

const { values } = parseArgs({ options: { data: { type: 'string', default: path.resolve(import.meta.dirname, '../../shared/data/obd') } } });
const DATA = values.data ?? '';
const Z95 = 1.959963984540054;

interface Impression {
  item: number;
  click: number;
  propensity: number;
}

async function readLog(file: string): Promise<Impression[]> {
  const lines = (await readFile(file, 'utf8')).split('\n');
  const header = (lines[0] ?? '').split(',');
  const col = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${file}: no column ${name}`);
    return i;
  };
  const [item, click, propensity] = [col('item_id'), col('click'), col('propensity_score')];
  return lines
    .slice(1)
    .filter((l) => l.length > 0)
    .map((l) => {
      const cells = l.split(',');
      return { item: Number(cells[item]), click: Number(cells[click]), propensity: Number(cells[propensity]) };
    });
}

function round(x: number, digits = 5): number {
  return Number(x.toFixed(digits));
}

async function campaign(name: string, items: number): Promise<void> {
  const bts = await readLog(path.join(DATA, 'bts', name, `${name}.csv`));
  const random = await readLog(path.join(DATA, 'random', name, `${name}.csv`));
  const ope = new OpeAccumulator();
  for (const row of bts) ope.add({ weight: 1 / items / row.propensity, reward: row.click, directMethod: 0, predictedLogged: 0 });
  const estimate = ope.result();
  const clicks = random.reduce((s, r) => s + r.click, 0);
  const rate = clicks / random.length;
  const se = Math.sqrt((rate * (1 - rate)) / random.length);
  const ipsSe = (estimate.intervals.ips[1] - estimate.ips) / Z95;
  // Two independent estimates agree when their difference is inside its own 95% interval.
  const agrees = Math.abs(estimate.ips - rate) <= Z95 * Math.hypot(se, ipsSe);
  process.stdout.write(
    `${JSON.stringify({
      bench: 'obd-ope',
      campaign: name,
      items,
      uniformFromBts: {
        n: estimate.n,
        ips: round(estimate.ips),
        ipsCi: estimate.intervals.ips.map((x) => round(x)),
        snips: round(estimate.snips),
        snipsCi: estimate.intervals.snips.map((x) => round(x)),
        meanWeight: round(estimate.meanWeight, 3),
      },
      observedRandom: { n: random.length, clicks, clickRate: round(rate), ci: [round(rate - Z95 * se), round(rate + Z95 * se)] },
      agrees,
    })}\n`,
  );
}

await campaign('men', 34);
await campaign('women', 46);
