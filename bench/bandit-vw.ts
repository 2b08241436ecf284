/**
 * Parley's learner against Vowpal Wabbit on the same logged data, in the same run. A log is drawn
 * from the layouts environment under uniform-random logging; both learn from it progressively
 * (score each example before learning it) with epsilon-greedy 0.05, squared loss and importance-weighted
 * regression on the chosen action (VW's mtr) over the same shared x action crosses, and we compare the progressive-validation reward: Parley's IPS estimate of its own
 * exploration policy vs VW --cb_explore_adf's average loss (cost = -reward, so reward = -loss).
 *
 *   pip install vowpalwabbit   # once
 *   npx tsx bench/bandit-vw.ts [--examples 20000] [--seed 1]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BanditModel, evaluatePolicy, LayoutsEnvironment, SeededRandom, toCbAdf, type LoggedExample } from '../src/bandit/index.js';

const { values } = parseArgs({ options: { examples: { type: 'string', default: '20000' }, seed: { type: 'string', default: '1' } } });
const N = Number(values.examples);
const SEED = Number(values.seed);

function uniformLog(): LoggedExample[] {
  const env = new LayoutsEnvironment(8, SEED + 1000);
  const random = new SeededRandom(SEED);
  const k = env.actions.length;
  return Array.from({ length: N }, () => {
    const context = env.sampleContext(random);
    const chosen = Math.min(k - 1, Math.floor(random.next() * k));
    const reward = random.next() < env.clickProbability(context, chosen) ? 1 : 0;
    return { context: env.features(context), actions: env.actions, chosen: env.actions[chosen]?.id ?? '', probability: 1 / k, reward };
  });
}

// VW namespaces are keyed by first letter: u(ser) x _(action id) and u(ser) x l(ook), as Parley's '*' x '*'.
const VW_SCRIPT = `
import sys, vowpalwabbit
ws = vowpalwabbit.Workspace('--cb_explore_adf --epsilon 0.05 -q u_ -q ul --quiet --random_seed ' + sys.argv[2])
block = []
for line in open(sys.argv[1]):
    line = line.rstrip('\\n')
    if line:
        block.append(line)
    elif block:
        ws.learn(block)
        block = []
print(ws.get_sum_loss() / ws.get_weighted_examples())
`;

const log = uniformLog();
const startParley = process.hrtime.bigint();
const parley = evaluatePolicy(log, {
  kind: 'model',
  model: BanditModel.create({ policy: 'epsilon-greedy', options: { epsilon: 0.05, update: 'iwr', loss: 'squared' }, seed: SEED }),
  isLearning: true,
});
const parleyMs = Number(process.hrtime.bigint() - startParley) / 1e6;

const dir = mkdtempSync(path.join(tmpdir(), 'parley-vw-'));
try {
  const file = path.join(dir, 'log.cb_adf');
  writeFileSync(file, toCbAdf(log));
  const startVw = process.hrtime.bigint();
  const vw = spawnSync('python3', ['-c', VW_SCRIPT, file, String(SEED)], { encoding: 'utf8' });
  const vwMs = Number(process.hrtime.bigint() - startVw) / 1e6;
  if (vw.status !== 0) {
    process.stderr.write(`vowpalwabbit failed (pip install vowpalwabbit?): ${vw.stderr.slice(0, 500)}\n`);
    process.exitCode = 1;
  } else {
    const vwReward = -Number(vw.stdout.trim());
    const relative = (parley.ips - vwReward) / vwReward;
    process.stdout.write(
      `${JSON.stringify({
        bench: 'bandit-vw',
        examples: N,
        parleyProgressiveReward: Number(parley.ips.toFixed(5)),
        parleyCi: parley.intervals.ips.map((x) => Number(x.toFixed(5))),
        vwProgressiveReward: Number(vwReward.toFixed(5)),
        relativeDifference: Number(relative.toFixed(4)),
        isWithin2Percent: Math.abs(relative) <= 0.02,
        parleyMs: Math.round(parleyMs),
        vwMs: Math.round(vwMs),
        vw: '--cb_explore_adf --epsilon 0.05 -q u_ -q ul',
      })}\n`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
