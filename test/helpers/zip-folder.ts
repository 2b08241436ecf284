import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { zipSync, type Zippable } from 'fflate';

/**
 * Zips a folder tree the way a Lex export zip is laid out. With `topFolder`, every entry sits
 * under that folder (as when someone zips the export folder itself rather than its contents).
 */
export async function zipFolder(dir: string, zipPath: string, options: { topFolder?: string } = {}): Promise<void> {
  const entries: Zippable = {};
  const walk = async (abs: string, rel: string): Promise<void> => {
    for (const entry of await readdir(abs, { withFileTypes: true })) {
      const relPath = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) await walk(join(abs, entry.name), relPath);
      else if (entry.isFile()) entries[relPath] = new Uint8Array(await readFile(join(abs, entry.name)));
    }
  };
  await walk(dir, '');
  const tree: Zippable = options.topFolder === undefined ? entries : { [options.topFolder]: entries };
  await writeFile(zipPath, zipSync(tree));
}
