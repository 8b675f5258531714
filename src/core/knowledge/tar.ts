/**
 * A minimal POSIX ustar writer, for handing moderators their local changes as one download
 * (`.tar.gz`) without a dependency. Regular files only; folders are implied by the paths.
 */
import { gzipSync } from 'node:zlib';

const BLOCK = 512;

/** A file to put in an archive: a relative `/`-separated path and its UTF-8 text. */
export interface TarFile {
  path: string;
  text: string;
}

export interface TarOptions {
  /** Modification time written for every file (default: now). */
  mtime?: Date;
}

/**
 * A ustar archive of `files`: per file a 512-byte header and the content padded to 512 bytes,
 * then two zero blocks. Throws on absolute paths, `..` segments and paths ustar cannot hold.
 */
export function tarFiles(files: readonly TarFile[], options: TarOptions = {}): Buffer {
  const mtime = Math.floor((options.mtime ?? new Date()).getTime() / 1000);
  const parts: Buffer[] = [];
  for (const file of files) {
    const data = Buffer.from(file.text, 'utf8');
    parts.push(header(file.path, data.length, mtime), data);
    const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
    if (pad) parts.push(Buffer.alloc(pad));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}

/** `tarFiles`, gzipped: a `.tar.gz`. */
export function tarGz(files: readonly TarFile[], options: TarOptions = {}): Buffer {
  return gzipSync(tarFiles(files, options));
}

function header(filePath: string, size: number, mtime: number): Buffer {
  const { name, prefix } = splitPath(filePath);
  const h = Buffer.alloc(BLOCK);
  put(h, 0, 100, name);
  put(h, 100, 8, octal(0o644, 7));
  put(h, 108, 8, octal(0, 7)); // uid
  put(h, 116, 8, octal(0, 7)); // gid
  put(h, 124, 12, octal(size, 11));
  put(h, 136, 12, octal(mtime, 11));
  h.fill(0x20, 148, 156); // checksum counts as spaces while summing
  put(h, 156, 1, '0'); // regular file
  put(h, 257, 6, 'ustar\0');
  put(h, 263, 2, '00');
  put(h, 345, 155, prefix);
  let sum = 0;
  for (const byte of h) sum += byte;
  put(h, 148, 8, `${octal(sum, 6)}\0 `);
  return h;
}

/** Splits a path into ustar's `name` (<= 100 bytes) and `prefix` (<= 155 bytes). */
function splitPath(filePath: string): { name: string; prefix: string } {
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
  if (Buffer.byteLength(filePath) <= 100) return { name: filePath, prefix: '' };
  for (let i = segments.length - 1; i > 0; i--) {
    const prefix = segments.slice(0, i).join('/');
    const name = segments.slice(i).join('/');
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100) return { name, prefix };
  }
  throw new Error(`tar: path too long for ustar "${filePath}"`);
}

function octal(value: number, digits: number): string {
  const s = value.toString(8);
  if (s.length > digits) throw new Error(`tar: ${value} does not fit in ${digits} octal digits`);
  return s.padStart(digits, '0');
}

function put(buf: Buffer, offset: number, length: number, value: string): void {
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length > length) throw new Error(`tar: field too long: "${value}"`);
  bytes.copy(buf, offset);
}
