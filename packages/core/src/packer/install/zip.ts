import { chmodSync, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { ImmutableError } from '../../errors';

/** HashiCorp's zips hold the binary and, since 2023, its licence; nothing else is accepted. */
const HARMLESS_EXTRAS = new Set(['LICENSE.txt']);
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const MADE_BY_UNIX = 3;

/**
 * Extracts the one binary of a Packer release zip into `destination` as mode 0755. Refused, before anything is
 * written: a symlink, a directory, a path (traversal or not), any other file than the binary and LICENSE.txt,
 * a second binary, or a binary larger than `maxBytes` (as declared, and as actually inflated).
 */
export async function extractPackerBinary(
  zipPath: string,
  destination: string,
  binary: string,
  maxBytes: number,
  shownName = zipPath,
): Promise<void> {
  const refuse = (why: string): ImmutableError =>
    new ImmutableError('VERIFY_FAILED', `Refusing ${shownName}: ${why}.`);
  const zip = await new Promise<yauzl.ZipFile>((resolveOpen, reject) =>
    yauzl.open(zipPath, { lazyEntries: true, autoClose: false, strictFileNames: true }, (error, file) =>
      error || !file ? reject(error ?? new Error('no zip file')) : resolveOpen(file),
    ),
  ).catch((error: unknown) => {
    throw new ImmutableError(
      'VERIFY_FAILED',
      `Refusing ${shownName}: it is not a readable zip (${error instanceof Error ? error.message : String(error)}).`,
      { cause: error },
    );
  });

  try {
    const entries = await new Promise<yauzl.Entry[]>((resolveAll, reject) => {
      const all: yauzl.Entry[] = [];
      zip.on('error', reject);
      zip.on('entry', (entry: yauzl.Entry) => {
        all.push(entry);
        zip.readEntry();
      });
      zip.on('end', () => resolveAll(all));
      zip.readEntry();
    });

    // Every entry is judged before one byte is written.
    let found: yauzl.Entry | undefined;
    for (const entry of entries) {
      const name = entry.fileName;
      const unixMode = entry.externalFileAttributes >>> 16;
      const type = entry.versionMadeBy >> 8 === MADE_BY_UNIX ? unixMode & S_IFMT : S_IFREG;
      const shown = JSON.stringify(name);
      if (name.endsWith('/')) throw refuse(`it holds a directory ${shown}`);
      if (name.includes('/') || name.includes('\\') || name === '..' || name === '.')
        throw refuse(`it holds ${shown}, a path, where only plain file names belong`);
      if (type !== S_IFREG && type !== 0)
        throw refuse(`${shown} is a ${type === 0o120000 ? 'symlink' : 'special file'}, not a regular file`);
      if (name === binary) {
        if (found) throw refuse(`it holds ${binary} twice`);
        found = entry;
      } else if (!HARMLESS_EXTRAS.has(name)) {
        throw refuse(`it holds ${shown} besides ${binary}`);
      }
    }
    if (!found) {
      const names = entries.map((e) => e.fileName).join(', ') || 'nothing';
      throw refuse(`it holds no ${binary} (it holds ${names})`);
    }
    if (found.uncompressedSize > maxBytes)
      throw refuse(`${binary} is ${found.uncompressedSize} bytes, over the ${maxBytes} allowed`);

    const input = await new Promise<NodeJS.ReadableStream>((ok, ko) =>
      zip.openReadStream(found, (error, stream) => (error || !stream ? ko(error) : ok(stream))),
    );
    let written = 0;
    // The declared size can lie; yauzl checks it against the inflated bytes, and this stops a lie early.
    const cap = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        written += chunk.length;
        done(
          written > maxBytes ? refuse(`${binary} inflates past the ${maxBytes} bytes allowed`) : null,
          chunk,
        );
      },
    });
    const target = join(destination, binary);
    await pipeline(input, cap, createWriteStream(target, { mode: 0o755, flags: 'wx' }));
    chmodSync(target, 0o755); // the umask must not drop the exec bit, and the zip's own mode does not count
  } catch (error) {
    if (error instanceof ImmutableError) throw error;
    throw new ImmutableError(
      'VERIFY_FAILED',
      `Refusing ${shownName}: ${error instanceof Error ? error.message : String(error)}.`,
      { cause: error },
    );
  } finally {
    zip.close();
  }
}
