import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBanditOpe } from '../../../src/cli/commands/bandit-ope.js';
import { runBanditSimulate } from '../../../src/cli/commands/bandit-simulate.js';
import { runBanditVw } from '../../../src/cli/commands/bandit-vw.js';
import { useInProcessCli } from '../../helpers/in-process-cli.js';
import { syntheticLog } from './bandit-fixture.js';

const cli = useInProcessCli('parley-bandit-cli-');

async function writeLog(lines: unknown[]): Promise<string> {
  const file = path.join(cli.dir, 'log.jsonl');
  await writeFile(file, lines.map((l) => JSON.stringify(l)).join('\n'));
  return file;
}

describe('parley bandit commands', () => {
  it('ope prints one JSON line with the estimates', async () => {
    const log = await writeLog(syntheticLog(500, 1));
    expect(await runBanditOpe({ log, policy: 'uniform' })).toBe(0);
    const result = JSON.parse(cli.out.join('')) as Record<string, number>;
    expect(Object.keys(result)).toEqual(expect.arrayContaining(['ips', 'snips', 'dr', 'dm', 'ciLow', 'ciHigh', 'n']));
    expect(result.n).toBe(500);
  });

  it('ope --report --plot draws every candidate with its interval, and --plot alone is refused', async () => {
    const log = await writeLog(syntheticLog(400, 2));
    const plot = path.join(cli.dir, 'ope.svg');
    expect(await runBanditOpe({ log, report: true, plot })).toBe(0);
    const report = JSON.parse(cli.out.join('')) as { challengers: Array<{ name: string }> };
    const svg = await readFile(plot, 'utf8');
    for (const { name } of report.challengers) expect(svg).toContain(name);
    expect(svg.match(/aria-roledescription="point"/g)).toHaveLength(report.challengers.length);
    expect(svg).toContain('400 logged decisions');
    expect(await runBanditOpe({ log, plot })).toBe(1);
    expect(cli.err.join('')).toContain('--plot draws the champion/challenger report: give --report too');
  });

  it('ope exits 1 with the code and line for a log line missing a probability', async () => {
    const [good] = syntheticLog(1, 1);
    const log = await writeLog([good, { ...good, probability: undefined }]);
    expect(await runBanditOpe({ log, policy: 'default' })).toBe(1);
    expect(cli.err.join('')).toMatch(/PARLEY_BANDIT_LOG_INVALID: log line 2: probability is missing/);
  });

  it('simulate saves a snapshot that ope then evaluates frozen', async () => {
    const snapshot = path.join(cli.dir, 'model.json');
    expect(await runBanditSimulate({ rounds: '300', seed: '2', save: snapshot })).toBe(0);
    expect(JSON.parse(cli.out[0] ?? '{}')).toHaveProperty('ratio');
    const log = await writeLog(syntheticLog(200, 3));
    expect(await runBanditOpe({ log, policy: snapshot })).toBe(0);
    expect(await runBanditSimulate({ policy: 'nope' })).toBe(1);
  });

  it('simulate draws its learning curve, one point per stretch of rounds', async () => {
    const plot = path.join(cli.dir, 'curve.svg');
    expect(await runBanditSimulate({ rounds: '400', seed: '1', curvePoints: '8', plot })).toBe(0);
    const result = JSON.parse(cli.out[0] ?? '{}') as { curve: number[]; ratio: number };
    expect(result.curve).toHaveLength(8);
    const svg = await readFile(plot, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain(`400 rounds; last tenth ${result.ratio.toFixed(3)}`);
    // One point mark per curve point (Vega draws each as a path with its own aria label).
    expect(svg.match(/role="graphics-symbol" aria-roledescription="point"/g)).toHaveLength(8);
    expect(cli.err.join('')).toBe(`bandit simulate: wrote ${plot}\n`);
    expect(await runBanditSimulate({ rounds: '5', curvePoints: '6' })).toBe(1);
    expect(cli.err.join('')).toContain('--curve-points must be an integer from 1 to 5');
  });

  it('vw-export then vw-import gives the log back', async () => {
    const examples = syntheticLog(5, 4);
    const log = await writeLog(examples);
    expect(await runBanditVw('export', log)).toBe(0);
    const vwFile = path.join(cli.dir, 'log.cb_adf');
    await writeFile(vwFile, cli.out.join(''));
    cli.out.length = 0;
    expect(await runBanditVw('import', vwFile)).toBe(0);
    expect(cli.out.map((l) => (JSON.parse(l) as { chosen: string }).chosen)).toEqual(examples.map((e) => e.chosen));
  });
});
