/**
 * Converts MovieLens 100K (../shared/data/ml-100k/u.data: user, item, rating, unix time; tabs)
 * into a Personalize interactions CSV in bench/out/ (gitignored; the data may not be
 * redistributed). Every rating is one `rating` event with the stars as EVENT_VALUE.
 * Usage: npx tsx bench/ml100k-to-csv.ts [SOURCE_DIR] [OUT_FILE]
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const ML100K_CSV = path.resolve(import.meta.dirname, 'out/ml100k-interactions.csv');

export async function convertMl100k(sourceDir = path.resolve(import.meta.dirname, '../../shared/data/ml-100k'), outFile = ML100K_CSV): Promise<string> {
  const lines = (await readFile(path.join(sourceDir, 'u.data'), 'utf8')).split('\n').filter((line) => line.trim() !== '');
  const rows = lines.map((line) => {
    const [user, item, rating, time] = line.split('\t');
    return `${user},${item},rating,${rating},${time}`;
  });
  await mkdir(path.dirname(outFile), { recursive: true });
  await writeFile(outFile, `USER_ID,ITEM_ID,EVENT_TYPE,EVENT_VALUE,TIMESTAMP\n${rows.join('\n')}\n`);
  return outFile;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = await convertMl100k(process.argv[2], process.argv[3]);
  process.stdout.write(`wrote ${out}\n`);
}
