import { BanditModel, DEFAULT_MODEL_CONFIG, isPolicyName, learningCurvePlot, simulate, type ModelConfig } from '../../bandit/index.js';
import { isParleyError } from '../../shared/errors.js';
import { writeChart } from '../chart-file.js';
import { writeOutput } from '../output-file.js';

export interface BanditSimulateOptions {
  rounds?: string;
  /** `default` or a policy name with its default options. */
  policy?: string;
  seed?: string;
  variants?: string;
  /** Write the trained model's snapshot here (for `ope --policy FILE`). */
  save?: string;
  /** Points of the learning curve (default 10). */
  curvePoints?: string;
  /** Draw the learning curve into this SVG file. */
  plot?: string;
}

/** `parley bandit simulate --rounds N --policy P [--seed S] [--plot FILE.svg]`: one JSON line {meanReward, oracleReward, ratio, curve}. */
export async function runBanditSimulate(options: BanditSimulateOptions): Promise<number> {
  const rounds = Number(options.rounds ?? 20_000);
  const seed = Number(options.seed ?? 1);
  const variants = Number(options.variants ?? 8);
  const name = options.policy ?? 'default';
  const curvePoints = Number(options.curvePoints ?? 10);
  if (!Number.isInteger(rounds) || rounds < 1 || !Number.isInteger(seed)) {
    process.stderr.write('parley: --rounds must be a positive integer and --seed an integer\n');
    return 1;
  }
  if (!Number.isInteger(curvePoints) || curvePoints < 1 || curvePoints > Math.min(rounds, 1000)) {
    process.stderr.write(`parley: --curve-points must be an integer from 1 to ${Math.min(rounds, 1000)} (at most one per round)\n`);
    return 1;
  }
  let model: ModelConfig;
  if (name === 'default') model = { ...DEFAULT_MODEL_CONFIG, seed };
  else if (isPolicyName(name)) model = { policy: name, seed };
  else {
    process.stderr.write(`parley: unknown policy ${JSON.stringify(name)}\n`);
    return 1;
  }
  try {
    const trained = BanditModel.create(model);
    const result = simulate({ rounds, model: trained, seed, variants, curvePoints });
    if (options.save !== undefined) await writeSnapshot(trained, options.save);
    if (options.plot !== undefined) {
      await writeChart(options.plot, learningCurvePlot(result, name));
      process.stderr.write(`bandit simulate: wrote ${options.plot}\n`);
    }
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  } catch (error) {
    if (!isParleyError(error)) throw error;
    process.stderr.write(`parley: ${error.code}: ${error.message}\n`);
    return 1;
  }
}

async function writeSnapshot(model: BanditModel, file: string): Promise<void> {
  await writeOutput(file, `${JSON.stringify(model.snapshot())}\n`);
}
