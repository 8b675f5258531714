/**
 * Moderators' local changes as one download (`.tar.gz`) for a pull request. The archive format
 * is `tar-stream`'s (POSIX ustar); we only refuse paths that could escape the folder it is
 * unpacked into, since the archive is meant to be unpacked over a repository.
 */
import { buffer } from 'node:stream/consumers';
import { createGzip } from 'node:zlib';
import { pack } from 'tar-stream';

/** A file to put in an archive: a relative `/`-separated path and its UTF-8 text. */
export interface TarFile {
  path: string;
  text: string;
}

export interface TarOptions {
  /** Modification time written for every file (default: now). */
  mtime?: Date;
}

/** A ustar archive of `files`. Rejects absolute paths, `..` segments and paths ustar cannot hold. */
export async function tarFiles(files: readonly TarFile[], options: TarOptions = {}): Promise<Buffer> {
  for (const file of files) checkPath(file.path);
  const archive = pack();
  const mtime = options.mtime ?? new Date();
  const out = buffer(archive);
  for (const file of files) {
    await new Promise<void>((resolve, reject) =>
      archive.entry({ name: file.path, mode: 0o644, mtime }, file.text, (err) =>
        err ? reject(err) : resolve(),
      ),
    );
  }
  archive.finalize();
  return out;
}

/** `tarFiles`, gzipped: a `.tar.gz`. */
export async function tarGz(files: readonly TarFile[], options: TarOptions = {}): Promise<Buffer> {
  const gzip = createGzip();
  const out = buffer(gzip);
  gzip.end(await tarFiles(files, options));
  return out;
}

function checkPath(filePath: string): void {
  const segments = filePath.split('/');
  if (
    !filePath ||
    filePath.startsWith('/') ||
    filePath.includes('\\') ||
    filePath.includes('\0') ||
    segments.some((s) => s === '' || s === '.' || s === '..')
  ) {
    throw new Error(`tar: unsafe path "${filePath}"`);
  }
  // ustar holds a name of <= 100 bytes after a prefix of <= 155 bytes, split at a '/'.
  const fits = segments.some((_, i) => {
    const prefix = segments.slice(0, i).join('/');
    const name = segments.slice(i).join('/');
    return Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100;
  });
  if (!fits) throw new Error(`tar: path too long for ustar "${filePath}"`);
}
