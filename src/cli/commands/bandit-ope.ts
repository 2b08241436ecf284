import { readFile } from 'node:fs/promises';
import {
  apprenticeReport,
  BanditModel,
  championChallenger,
  championChallengerPlot,
  DEFAULT_MODEL_CONFIG,
  defaultCandidates,
  evaluatePolicy,
  isPolicyName,
  parseLog,
  type LoggedExample,
  type ModelConfig,
  type TargetPolicy,
} from '../../bandit/index.js';
import { isParleyError } from '../../shared/errors.js';
import { writeChart } from '../chart-file.js';

export interface BanditOpeOptions {
  log: string;
  /** `uniform`, `baseline`, `default`, a policy name (learned progressively) or a snapshot file. */
  policy?: string;
  seed?: string;
  /** Print the champion/challenger report instead of one estimate. */
  report?: boolean;
  /** Print the apprentice-mode gate for `policy` instead of one estimate. */
  apprentice?: boolean;
  /** With `report`: draw the candidates' estimates into this SVG file. */
  plot?: string;
}

/** `parley bandit ope --log FILE.jsonl --policy NAME|FILE`: one JSON line of estimates. */
export async function runBanditOpe(options: BanditOpeOptions): Promise<number> {
  if (options.plot !== undefined && options.report !== true) {
    process.stderr.write('parley: --plot draws the champion/challenger report: give --report too\n');
    return 1;
  }
  try {
    const examples = parseLog(await readFile(options.log, 'utf8'));
    const seed = options.seed === undefined ? 1 : Number(options.seed);
    const policy = options.policy ?? 'uniform';
    let output: unknown;
    if (options.report === true) {
      const report = championChallenger(examples, defaultCandidates(seed));
      if (options.plot !== undefined) {
        await writeChart(options.plot, championChallengerPlot(report));
        process.stderr.write(`bandit ope: wrote ${options.plot}\n`);
      }
      output = report;
    } else if (options.apprentice === true) {
      output = apprenticeReport(examples, modelConfig(policy, seed) ?? { ...DEFAULT_MODEL_CONFIG, seed });
    } else {
      output = evaluatePolicy(examples, await target(policy, seed, examples));
    }
    process.stdout.write(`${JSON.stringify(output)}\n`);
    return 0;
  } catch (error) {
    if (!isParleyError(error) && !(error instanceof Error && 'code' in error)) throw error;
    process.stderr.write(`parley: ${isParleyError(error) ? `${error.code}: ` : ''}${error.message}\n`);
    return 1;
  }
}

function modelConfig(name: string, seed: number): ModelConfig | undefined {
  if (name === 'default') return { ...DEFAULT_MODEL_CONFIG, seed };
  return isPolicyName(name) ? { policy: name, seed } : undefined;
}

async function target(name: string, seed: number, _examples: LoggedExample[]): Promise<TargetPolicy> {
  if (name === 'uniform' || name === 'baseline') return { kind: name };
  const config = modelConfig(name, seed);
  if (config) return { kind: 'model', model: BanditModel.create(config), isLearning: true };
  // Anything else is a snapshot file: evaluated frozen, as it would be deployed.
  const snapshot: unknown = JSON.parse(await readFile(name, 'utf8'));
  return { kind: 'model', model: BanditModel.restore(snapshot), isLearning: false };
}
