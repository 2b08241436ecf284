/**
 * Files the commands write (--out, --predictions, --save): a missing folder is made, and a file
 * that cannot be written is a clear error ("cannot write out/a.mp3: EACCES: permission denied,
 * ...") rather than a crash from a stream's unhandled error event.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';

export class OutputFileError extends Error {
  constructor(file: string, cause: unknown) {
    // Node's message names the errno and the path it failed on (a parent folder that is a file).
    super(`cannot write ${file}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'OutputFileError';
  }
}

/** An open stream to `file`, its folder made first; rejects with OutputFileError. */
export async function openOutput(file: string): Promise<WriteStream> {
  try {
    await mkdir(path.dirname(path.resolve(file)), { recursive: true });
    const stream = createWriteStream(file);
    await once(stream, 'open');
    return stream;
  } catch (error) {
    throw new OutputFileError(file, error);
  }
}

/** Writes `data` to `file`, its folder made first; rejects with OutputFileError. */
export async function writeOutput(file: string, data: string | Uint8Array): Promise<void> {
  try {
    await mkdir(path.dirname(path.resolve(file)), { recursive: true });
    await writeFile(file, data);
  } catch (error) {
    throw new OutputFileError(file, error);
  }
}

/** Ends the stream and waits until its data is on disk; nothing when there is no stream. */
export async function closeOutput(stream: WriteStream | undefined): Promise<void> {
  if (stream === undefined || stream.closed) return;
  await new Promise<void>((resolve) => stream.end(resolve));
}
