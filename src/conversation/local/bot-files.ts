import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { NotFoundError, ValidationError } from '../../shared/errors.js';

/**
 * The files of a bot export, read from a folder tree or a .zip, keyed by '/'-separated path
 * relative to the export root (the folder holding the manifest). Only .json files are kept:
 * that is all the LexJson format contains, and it keeps stray files out of memory.
 */
export interface BotFileSet {
  /** The path the caller gave. */
  source: string;
  /** Relative path -> file text. */
  files: Map<string, string>;
  /** Relative path of the manifest, or undefined when there is none. */
  manifestPath: string | undefined;
}

/** Exports are a few hundred KB; these bounds stop a hostile zip or folder from exhausting memory. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;
const MAX_TOTAL_BYTES = 50 * 1024 * 1024;
const MAX_FILES = 20_000;
const MANIFEST_NAMES = new Set(['manifest.json']);

export async function readBotFiles(path: string): Promise<BotFileSet> {
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) {
    throw new NotFoundError('PARLEY_BOT_NOT_FOUND', `No bot folder or zip at ${path}`);
  }
  const raw = info.isDirectory() ? await readFolder(path) : readZip(path, await readFile(path));
  return rootAtManifest(path, raw);
}

async function readFolder(root: string): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  let total = 0;
  const walk = async (dir: string, rel: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      const relPath = rel === '' ? entry.name : `${rel}/${entry.name}`;
      // Symlinks are skipped so an export cannot pull in files from outside its folder.
      if (entry.isDirectory()) await walk(join(dir, entry.name), relPath);
      else if (entry.isFile() && entry.name.toLowerCase().endsWith('.json')) {
        const bytes = await readFile(join(dir, entry.name));
        total += bytes.byteLength;
        checkBounds(root, relPath, bytes.byteLength, total, out.size + 1);
        out.set(relPath, bytes);
      }
    }
  };
  await walk(root, '');
  return out;
}

function readZip(source: string, data: Uint8Array): Map<string, Uint8Array> {
  let total = 0;
  let count = 0;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(data, {
      // Checked before inflating, from the sizes the zip declares.
      filter: (file) => {
        if (!file.name.toLowerCase().endsWith('.json')) return false;
        total += file.originalSize;
        count += 1;
        checkBounds(source, file.name, file.originalSize, total, count);
        return true;
      },
    });
  } catch (cause) {
    if (cause instanceof ValidationError) throw cause;
    throw new ValidationError('PARLEY_BOT_INVALID', `${source} is neither a folder nor a readable zip file`, { cause });
  }
  const out = new Map<string, Uint8Array>();
  for (const [name, bytes] of Object.entries(entries)) {
    const clean = normalizeEntryName(name);
    if (clean !== undefined) out.set(clean, bytes);
  }
  return out;
}

/** Zip entry names may use '\' or a leading './'; entries escaping the root are dropped. */
function normalizeEntryName(name: string): string | undefined {
  const parts = name.replaceAll('\\', '/').split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) return undefined;
  return parts.join('/');
}

function checkBounds(source: string, file: string, bytes: number, total: number, count: number): void {
  if (bytes > MAX_FILE_BYTES || total > MAX_TOTAL_BYTES || count > MAX_FILES) {
    throw new ValidationError('PARLEY_BOT_TOO_LARGE', `Bot export ${source} is too large (at ${file})`, {
      details: { maxFileBytes: MAX_FILE_BYTES, maxTotalBytes: MAX_TOTAL_BYTES, maxFiles: MAX_FILES },
    });
  }
}

/** Re-roots paths at the shallowest manifest, so a zip whose entries sit under a top folder works. */
function rootAtManifest(source: string, raw: Map<string, Uint8Array>): BotFileSet {
  const manifests = [...raw.keys()]
    .filter((p) => MANIFEST_NAMES.has(basename(p).toLowerCase()))
    .sort((a, b) => depth(a) - depth(b) || a.localeCompare(b));
  const manifest = manifests[0];
  const prefix = manifest === undefined ? commonTopFolder(raw) : manifest.slice(0, manifest.length - basename(manifest).length);
  const decoder = new TextDecoder('utf-8');
  const files = new Map<string, string>();
  for (const key of [...raw.keys()].sort()) {
    if (!key.startsWith(prefix)) continue;
    files.set(key.slice(prefix.length), decoder.decode(raw.get(key)));
  }
  return { source, files, manifestPath: manifest?.slice(prefix.length) };
}

/** Without a manifest, still strip a single wrapping folder so the other files get sensible paths. */
function commonTopFolder(raw: Map<string, Uint8Array>): string {
  const tops = new Set([...raw.keys()].map((p) => (p.includes('/') ? p.slice(0, p.indexOf('/') + 1) : '')));
  const [only] = tops;
  return tops.size === 1 && only !== undefined && only !== '' && !raw.has(`${only}Bot.json`) ? only : '';
}

function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

function depth(p: string): number {
  return p.split('/').length;
}
