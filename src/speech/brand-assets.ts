import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { parseBrandScript, type BrandScript } from './brand-script.js';
import { parseVoiceProfile, type VoiceProfile } from './profile.js';
import { loadLexicon, type Lexicon } from './ssml/lexicon.js';

/** The brand voice folder (ssml/): profiles, scripts and lexicons, read and checked. */
export interface BrandAssets {
  profiles: VoiceProfile[];
  scripts: BrandScript[];
  /** By lexicon name (the file name without .pls). */
  lexicons: Map<string, Lexicon>;
}

/** Reads ssml/voices/*.json, ssml/scripts/*.json and ssml/lexicons/*.pls; throws on the first bad file. */
export async function loadBrandAssets(dir: string): Promise<BrandAssets> {
  const profiles = await readAll(path.join(dir, 'voices'), '.json', async (file) => parseVoiceProfile(JSON.parse(await readFile(file, 'utf8'))));
  const scripts = await readAll(path.join(dir, 'scripts'), '.json', async (file) => parseBrandScript(JSON.parse(await readFile(file, 'utf8'))));
  const lexiconList = await readAll(path.join(dir, 'lexicons'), '.pls', async (file) => loadLexicon(await readFile(file, 'utf8'), path.basename(file, '.pls')));
  return { profiles, scripts, lexicons: new Map(lexiconList.map((lexicon) => [lexicon.name, lexicon])) };
}

async function readAll<T>(dir: string, extension: string, read: (file: string) => Promise<T>): Promise<T[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith(extension)).sort();
  return Promise.all(names.map((name) => read(path.join(dir, name))));
}
