import { chmodSync, createWriteStream, mkdirSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { ImmutableError } from '../../errors';

/**
 * Extracts a zip into `destination`, keeping each file's Unix mode (the exec bit of `packer`). Returns the
 * names of the extracted files. Entries that would land outside `destination` are refused.
 */
export async function extractZip(
  zipPath: string,
  destination: string,
  shownName = zipPath,
): Promise<string[]> {
  const zip = await new Promise<yauzl.ZipFile>((resolveOpen, reject) =>
    yauzl.open(zipPath, { lazyEntries: true, autoClose: true }, (error, file) =>
      error || !file ? reject(error ?? new Error('no zip file')) : resolveOpen(file),
    ),
  );
  const root = resolve(destination);
  const extracted: string[] = [];
  const fail = (why: string, cause?: unknown): ImmutableError =>
    new ImmutableError(
      'DOWNLOAD_FAILED',
      `Cannot extract ${shownName}: ${why}.`,
      cause === undefined ? {} : { cause },
    );

  try {
    await new Promise<void>((resolveAll, reject) => {
      zip.on('error', reject);
      zip.on('end', () => resolveAll());
      zip.on('entry', (entry: yauzl.Entry) => {
        void (async () => {
          const target = resolve(root, entry.fileName);
          if (!target.startsWith(root + sep)) throw fail(`entry ${entry.fileName} points outside the folder`);
          if (entry.fileName.endsWith('/')) {
            mkdirSync(target, { recursive: true });
          } else {
            mkdirSync(dirname(target), { recursive: true });
            // The upper 16 bits of the external attributes are the Unix mode when the zip was made on Unix.
            const unixMode = (entry.externalFileAttributes >>> 16) & 0o777;
            const mode = unixMode || (/^packer(\.exe)?$/.test(entry.fileName) ? 0o755 : 0o644);
            const input = await new Promise<NodeJS.ReadableStream>((ok, ko) =>
              zip.openReadStream(entry, (error, stream) => (error || !stream ? ko(error) : ok(stream))),
            );
            await pipeline(input, createWriteStream(target, { mode }));
            chmodSync(target, mode); // the umask must not drop the exec bit
            extracted.push(entry.fileName);
          }
          zip.readEntry();
        })().catch(reject);
      });
      zip.readEntry();
    });
  } catch (error) {
    if (zip.isOpen) zip.close();
    if (error instanceof ImmutableError) throw error;
    throw fail(error instanceof Error ? error.message : String(error), error);
  }
  return extracted;
}
