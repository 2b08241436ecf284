import path from 'node:path';
import { exportDatasets, importDatasets } from '../../recommend/index.js';
import { isParleyError } from '../../shared/errors.js';
import { openStore } from '../../store/index.js';
import { loadConfigOrExit } from '../load-config.js';

function report(what: string, error: unknown): number {
  // Bad-line reports are multi-line messages: printed whole.
  const message = isParleyError(error) ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error);
  process.stderr.write(`${what}: ${message}\n`);
  return 1;
}

/** `parley export personalize --out DIR`: interactions, items, users as Personalize CSVs + Avro schemas. */
export async function runExportPersonalize(options: { out: string }): Promise<number> {
  const config = loadConfigOrExit();
  const store = await openStore(config, { log: (m) => process.stderr.write(`${m}\n`) });
  try {
    const dir = path.resolve(options.out);
    const summary = await exportDatasets(store, dir);
    process.stdout.write(`${JSON.stringify({ dir, ...summary })}\n`);
    return 0;
  } catch (error) {
    return report('export personalize', error);
  } finally {
    await store.close();
  }
}

/** `parley import personalize DIR [--skip-bad-lines]`: the same files into MongoDB. */
export async function runImportPersonalize(dir: string, options: { skipBadLines?: boolean }): Promise<number> {
  const config = loadConfigOrExit();
  const store = await openStore(config, { log: (m) => process.stderr.write(`${m}\n`) });
  try {
    const summary = await importDatasets(store, path.resolve(dir), { skipBadLines: options.skipBadLines === true });
    for (const bad of summary.badLines) process.stderr.write(`${bad.file} line ${bad.line}: ${bad.message} (skipped)\n`);
    const { badLines, ...counts } = summary;
    process.stdout.write(`${JSON.stringify({ ...counts, badLines: badLines.length })}\n`);
    return 0;
  } catch (error) {
    return report('import personalize', error);
  } finally {
    await store.close();
  }
}
