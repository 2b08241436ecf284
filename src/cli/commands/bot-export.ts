import path from 'node:path';
import { exportBotZip, UTTERANCE_COUNTS_FILE } from '../../conversation/local/index.js';
import { isParleyError } from '../../shared/errors.js';
import { writeOutput } from '../output-file.js';

/**
 * `parley bot export DIR --out FILE.zip`: checks the bot like `parley bot check`, then writes the
 * Lex V2 import zip. Prints each problem and exits 1 when the bot is invalid.
 */
export async function runBotExport(dir: string, options: { out: string }): Promise<number> {
  if (!options.out.toLowerCase().endsWith('.zip')) {
    process.stderr.write(`bot export: --out must name a .zip file, not ${options.out}\n`);
    return 1;
  }
  try {
    const result = await exportBotZip(dir);
    await writeOutput(options.out, result.zip);
    for (const w of result.warnings) process.stdout.write(`warning: ${w.file}: ${w.field}: ${w.message}\n`);
    // Parley's utterance counts are expected beside a bot's intents; anything else left out is worth naming.
    const counts = result.skipped.filter((file) => path.posix.basename(file) === UTTERANCE_COUNTS_FILE);
    const others = result.skipped.filter((file) => !counts.includes(file));
    if (counts.length > 0) process.stdout.write(`left out: Parley's utterance counts (${counts.length} ${UTTERANCE_COUNTS_FILE}), which Lex cannot hold; Lex trains on each sample utterance once\n`);
    if (others.length > 0) process.stdout.write(`left out (not part of the Lex export layout): ${others.join(', ')}\n`);
    process.stdout.write(`wrote ${options.out}: ${result.entries.length} entries, ${result.zip.byteLength} bytes\n`);
    return 0;
  } catch (error) {
    const diagnostics = isParleyError(error) && Array.isArray(error.details?.['diagnostics']) ? (error.details['diagnostics'] as Array<{ file: string; field: string; message: string }>) : [];
    for (const d of diagnostics) process.stderr.write(`error: ${d.file}: ${d.field}: ${d.message}\n`);
    const code = isParleyError(error) ? `${error.code}: ` : '';
    process.stderr.write(`bot export: ${code}${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
