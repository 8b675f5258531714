/**
 * Diagrams rendered in a child process. resvg keeps the native memory of every PNG it draws
 * (resvg-js#216, ~1.5–15 MB each, not given back to the system) and Graphviz's WASM heap only
 * grows: in the bot's own process, drawing the knowledge's diagrams once took it from ~130 MB to
 * 250–300 MB for good. Here a child draws them and exits when idle or after a few drawings, so
 * that memory goes back to the system; the bot keeps only the PNGs (cached on disk as before).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  DiagramRenderError,
  rasterise as rasteriseHere,
  type Rasterise,
  type RenderArtifact,
  type RenderJob,
} from '../core/diagram/renderer.js';
import type { Problem } from '../core/knowledge/problems.js';

/** The compiled child; absent when running from TypeScript sources (tests): then in-process. */
const CHILD = fileURLToPath(new URL('./diagram-child.js', import.meta.url));

/** A child's answer to one job. */
export type ChildReply =
  | { n: number; ok: true; artifact: RenderArtifact }
  | { n: number; ok: false; message: string; problem?: Problem };

/** Options for {@link DiagramProcess}. */
export interface DiagramProcessOptions {
  /** The child's script (default: the compiled `diagram-child.js` beside this module). */
  file?: string;
  /** A child with nothing to do exits after this long (default 3 s). */
  idleMs?: number;
  /** A child exits after this many drawings (default 8): its leaked memory stays bounded. */
  maxJobs?: number;
  /** A drawing that takes longer ends its child (default 30 s): a stuck layout frees the queue. */
  timeoutMs?: number;
}

interface Waiting {
  resolve: (a: RenderArtifact) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

interface Child {
  proc: ChildProcess;
  sent: number;
  waiting: Map<number, Waiting>;
  idle?: NodeJS.Timeout;
}

/** Lays out and rasterises diagrams in short-lived child processes; see the module comment. */
export class DiagramProcess {
  private readonly file: string;
  private readonly idleMs: number;
  private readonly maxJobs: number;
  private readonly timeoutMs: number;
  private readonly childExists: boolean;
  private current: Child | undefined;
  private readonly live = new Set<Child>();
  private next = 0;
  /** Children started so far (for tests and logs). */
  started = 0;

  constructor(options: DiagramProcessOptions = {}) {
    this.file = options.file ?? CHILD;
    this.idleMs = options.idleMs ?? 3_000;
    this.maxJobs = options.maxJobs ?? 8;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.childExists = existsSync(this.file);
  }

  /** The {@link Rasterise} to give a DiagramRenderer; in-process when the child script is absent. */
  readonly rasterise: Rasterise = (job) => (this.childExists ? this.send(job) : rasteriseHere(job));

  /** Ends every child (their drawings in progress fail). */
  close(): void {
    for (const c of this.live) this.retire(c, true);
    this.current = undefined;
  }

  private send(job: RenderJob): Promise<RenderArtifact> {
    const child = this.current ?? this.spawn();
    clearTimeout(child.idle);
    child.sent++;
    if (child.sent >= this.maxJobs) this.current = undefined; // the next job starts a fresh child
    const n = this.next++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => child.proc.kill('SIGKILL'), this.timeoutMs).unref();
      child.waiting.set(n, { resolve, reject, timer });
      child.proc.send({ n, job }, (err) => {
        if (err) this.settle(child, n, { n, ok: false, message: `diagram renderer: ${err.message}` });
      });
    });
  }

  private spawn(): Child {
    const proc = fork(this.file, [], {
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      // Not the parent's Node flags: a parent started with `-e` or `--input-type` would hand them on.
      execArgv: [],
    });
    const child: Child = { proc, sent: 0, waiting: new Map() };
    this.started++;
    this.live.add(child);
    this.current = child;
    proc.on('message', (r: ChildReply) => this.settle(child, r.n, r));
    proc.once('exit', (code, signal) =>
      this.lost(child, `diagram renderer exited (${signal ?? `code ${code}`})`),
    );
    // A child that could not start (or whose channel broke) may never say 'exit'.
    proc.once('error', (err) => {
      this.lost(child, `diagram renderer failed: ${err.message}`);
      proc.kill('SIGKILL');
    });
    return child;
  }

  /** The child is gone: its drawings in progress fail, the next job starts another. */
  private lost(child: Child, message: string): void {
    this.live.delete(child);
    if (this.current === child) this.current = undefined;
    clearTimeout(child.idle);
    for (const [n] of child.waiting) this.settle(child, n, { n, ok: false, message });
  }

  private settle(child: Child, n: number, r: ChildReply): void {
    const waiting = child.waiting.get(n);
    if (!waiting) return;
    child.waiting.delete(n);
    clearTimeout(waiting.timer);
    if (r.ok) waiting.resolve({ ...r.artifact, png: asBuffer(r.artifact.png) });
    else waiting.reject(r.problem ? new DiagramRenderError(r.problem) : new Error(r.message));
    if (child.waiting.size > 0 || !this.live.has(child)) return;
    if (this.current !== child) this.retire(child);
    else child.idle = setTimeout(() => this.retire(child), this.idleMs).unref();
  }

  private retire(child: Child, kill = false): void {
    if (this.current === child) this.current = undefined;
    clearTimeout(child.idle);
    if (kill) child.proc.kill();
    else if (child.proc.connected) child.proc.disconnect();
  }
}

/** A PNG as it crossed the channel (a Uint8Array) as a Buffer over the same memory. */
const asBuffer = (png: Uint8Array): Buffer =>
  Buffer.isBuffer(png) ? png : Buffer.from(png.buffer, png.byteOffset, png.byteLength);
