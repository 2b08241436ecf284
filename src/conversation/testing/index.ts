/** Conversation tests: YAML files of multi-turn conversations with expectations, and their runner. */
import { readFile, stat } from 'node:fs/promises';
import { ConversationTestFileError, MAX_TEST_FILE_BYTES, parseConversationTestFile } from './test-file-parser.js';
import type { ConversationTestFile } from './test-model.js';

export { ConversationTestFileError, parseConversationTestFile } from './test-file-parser.js';
export {
  assertFilesFitBot,
  checkFileAgainstBot,
  runConversationTests,
  type ConversationReport,
  type EngineUnderTest,
  type FileReport,
  type RunOptions,
  type RunReport,
  type TurnReport,
} from './conversation-test-runner.js';
export { formatReport } from './test-report.js';
export type * from './test-model.js';

/** Reads and parses each file; every problem of every file is thrown together. */
export async function readConversationTestFiles(paths: readonly string[]): Promise<ConversationTestFile[]> {
  const files: ConversationTestFile[] = [];
  const problems: ConversationTestFileError['problems'] = [];
  for (const path of paths) {
    try {
      const info = await stat(path);
      if (!info.isFile()) throw new ConversationTestFileError([{ source: path, line: 1, message: 'not a file' }]);
      if (info.size > MAX_TEST_FILE_BYTES) throw new ConversationTestFileError([{ source: path, line: 1, message: `the file is larger than ${MAX_TEST_FILE_BYTES} bytes` }]);
      const bytes = await readFile(path);
      const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
      const bad = text.indexOf('\uFFFD');
      if (bad >= 0 && !bytes.includes(Buffer.from('\uFFFD'))) {
        throw new ConversationTestFileError([{ source: path, line: text.slice(0, bad).split('\n').length, message: 'the file is not valid UTF-8' }]);
      }
      files.push(parseConversationTestFile(text, path));
    } catch (error) {
      if (error instanceof ConversationTestFileError) problems.push(...error.problems);
      else if (error instanceof Error && 'code' in error && (error as NodeJS.ErrnoException).code === 'ENOENT') problems.push({ source: path, line: 1, message: 'no such file' });
      else throw error;
    }
  }
  if (problems.length > 0) throw new ConversationTestFileError(problems);
  return files;
}
