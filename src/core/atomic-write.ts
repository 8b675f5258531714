/**
 * The project's one atomic writer (overlay knowledge, diagram cache, diagram export): a reader
 * sees the old content or the new one, never a part. `write-file-atomic` writes a temp file next
 * to the target (`<name>.<number>`, a name the loader never reads), fsyncs it and renames it over
 * the target; we add the fsync of the folder so the rename itself survives a power cut.
 */
import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';

export interface AtomicWriteOptions {
  /** Test hook: runs once the temp file exists, before the target is replaced (throwing = a crash). */
  onTempFile?: (tmpFile: string) => Promise<void> | void;
  /** false for caches that can be rebuilt: skips both fsyncs. Default true. */
  durable?: boolean;
}

/** Writes `data` to `target` atomically, creating its folder; see the module comment. */
export async function writeAtomic(
  target: string,
  data: string | Buffer,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const durable = options.durable ?? true;
  const dir = path.dirname(target);
  await mkdir(dir, { recursive: true });
  // write-file-atomic's promise API awaits this hook, though its types declare a void return.
  const tmpfileCreated = options.onTempFile as ((tmpFile: string) => void) | undefined;
  await writeFileAtomic(target, data, { fsync: durable, ...(tmpfileCreated ? { tmpfileCreated } : {}) });
  if (durable) await syncDir(dir);
}

/** fsync of a folder, so a rename or removal survives a power cut; skipped where the system cannot. */
export async function syncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EBADF') throw err;
  } finally {
    await handle?.close();
  }
}
