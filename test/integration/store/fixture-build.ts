/**
 * Builds a plain-JS copy of the embedded-server module (and what it imports) so that a child
 * process can run it without vitest: exit paths are tested in a real, killable parent process.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const SOURCES = [
  'src/shared/errors.ts',
  'src/store/embedded-server.ts',
  'src/store/ferretdb-install.ts',
  'src/store/file-lock.ts',
  'src/store/run-command.ts',
  'src/store/store-log.ts',
];

const PARENT = `
import { startEmbeddedServer } from './src/store/embedded-server.js';
const [dataDir, toolsDir] = process.argv.slice(2);
const server = await startEmbeddedServer({ dataDir, toolsDir, log: () => {} });
process.stdout.write(JSON.stringify({ pid: server.pid, port: server.port }) + '\\n');
setInterval(() => {}, 1000); // stay alive until killed
`;

/** Returns the path of a script that starts FerretDB, prints {pid, port} and waits to be killed. */
export async function buildStoreFixture(dir: string): Promise<string> {
  const out = path.join(dir, 'fixture');
  for (const source of SOURCES) {
    const text = await readFile(path.join(ROOT, source), 'utf8');
    const js = ts.transpileModule(text, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
    }).outputText;
    const target = path.join(out, source.replace(/\.ts$/, '.js'));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, js);
  }
  await writeFile(path.join(out, 'package.json'), '{"type":"module"}');
  const parent = path.join(out, 'parent.js');
  await writeFile(parent, PARENT);
  return parent;
}
