import { readFile } from 'node:fs/promises';
import { fromCbAdf, parseLog, toCbAdf } from '../../bandit/index.js';
import { isParleyError } from '../../shared/errors.js';

/** `parley bandit vw-export --log FILE.jsonl` / `vw-import FILE.vw`: cb_adf text <-> JSONL log on stdout. */
export async function runBanditVw(direction: 'export' | 'import', file: string): Promise<number> {
  try {
    const text = await readFile(file, 'utf8');
    if (direction === 'export') {
      process.stdout.write(toCbAdf(parseLog(text)));
    } else {
      for (const example of fromCbAdf(text)) process.stdout.write(`${JSON.stringify(example)}\n`);
    }
    return 0;
  } catch (error) {
    if (!isParleyError(error)) throw error;
    process.stderr.write(`parley: ${error.code}: ${error.message}\n`);
    return 1;
  }
}
