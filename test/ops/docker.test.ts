/**
 * The Docker image, checked without a Docker engine: the Dockerfile is parsed and its steps are
 * reproduced in a temporary folder, so a broken image (a missing file, a runtime import of a
 * dev dependency, a CMD that does not start, a health check that cannot pass, root) fails here.
 *
 * - The build context is this checkout minus `.dockerignore`.
 * - Build stage: `npm ci … && npm prune --omit=dev` becomes one `npm ci --omit=dev` with the
 *   Dockerfile's own flags (the same tree, from the same lockfile, from the npm registry or its
 *   cache); `npm rebuild <native>` takes this checkout's compiled addon (compiling SQLite again
 *   takes minutes; CI's `npm ci` just built it for this platform); `npm run build` takes the
 *   `dist/` that `npm test` builds before the tests run. Any other RUN command fails the test,
 *   so a new step in the Dockerfile has to be reproduced here too.
 * - Final stage: its COPY, ENV, RUN mkdir/chown, USER, HEALTHCHECK and CMD are carried out as
 *   written (DATA_DIR and HTTP_PORT moved to a temporary folder and a free port). The CMD runs
 *   without DISCORD_TOKEN (`service`: the web pages alone) as a non-root user; `/healthz`,
 *   `/readyz` and `/api/ask` must answer and the HEALTHCHECK command must pass.
 *
 * `npm pack` is not used: the image is built from the build context, not from a package, and a
 * packed tarball has no package-lock.json for `npm ci`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { freePort } from '../support/free-port.js';

interface Instruction {
  op: string;
  args: string;
  line: number;
}
interface Stage {
  name: string;
  from: string;
  steps: Instruction[];
}

/** Dockerfile → stages of instructions (comments dropped, `\` continuations joined). */
function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    let body = lines[i]!.trim();
    if (!body || body.startsWith('#')) continue;
    while (body.endsWith('\\') && i + 1 < lines.length)
      body = `${body.slice(0, -1).trim()} ${lines[++i]!.trim()}`;
    const [, op = '', args = ''] = /^(\w+)\s+(.*)$/.exec(body) ?? [];
    const instruction = { op: op.toUpperCase(), args, line };
    if (instruction.op === 'FROM') {
      const [from = '', , name] = args.split(/\s+/);
      stages.push({ name: name ?? String(stages.length), from, steps: [] });
    } else {
      const stage = stages.at(-1);
      if (!stage) throw new Error(`Dockerfile line ${line}: ${op} before FROM`);
      stage.steps.push(instruction);
    }
  }
  return stages;
}

/** `["node", "x"]` (exec form) or a shell command (shell form, run with sh -c). */
function command(args: string): string[] {
  return args.startsWith('[') ? (JSON.parse(args) as string[]) : ['sh', '-c', args];
}

/** ENV k=v k2="v 2" → entries. */
function envOf(args: string): [string, string][] {
  return [...args.matchAll(/(\w+)=("[^"]*"|\S+)/g)].map((m) => [m[1]!, m[2]!.replace(/^"|"$/g, '')]);
}

const ROOT = process.cwd();
const DOCKERFILE = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
const IGNORED = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8')
  .split('\n')
  .map((l) => l.trim().replace(/\/$/, ''))
  .filter((l) => l && !l.startsWith('#'));

/**
 * COPY from the build context, as Docker does: into `dest` when it ends with `/` or there are
 * several sources, else to `dest` itself; refusing what .dockerignore keeps out of the context.
 */
function copyFromContext(sources: string[], dest: string, base: string): void {
  const into = dest.endsWith('/') || sources.length > 1;
  for (const src of sources) {
    const top = src.replace(/^\.\//, '').split('/')[0]!;
    if (IGNORED.includes(top)) throw new Error(`COPY ${src}: excluded by .dockerignore`);
    const to = path.resolve(base, dest, into ? path.basename(src) : '');
    cpSync(path.join(ROOT, src), to, { recursive: true });
  }
}

let tmp: string;
const stages = parseDockerfile(DOCKERFILE);
const finalStage = stages.at(-1)!;

/** The build stage, reproduced: returns its WORKDIR on disk. */
function buildStage(stage: Stage): string {
  const dir = path.join(tmp, 'build');
  mkdirSync(dir, { recursive: true });
  let ciFlags: string[] | undefined;
  let omitDev = false;
  const natives: string[] = [];
  let builds = false;
  for (const step of stage.steps) {
    if (step.op === 'WORKDIR') continue; // this folder is the stage's WORKDIR
    if (step.op === 'COPY') {
      const parts = step.args.split(/\s+/);
      copyFromContext(parts.slice(0, -1), parts.at(-1)!, dir);
      continue;
    }
    if (step.op !== 'RUN')
      throw new Error(`Dockerfile line ${step.line}: ${step.op} in the build stage not reproduced`);
    for (const cmd of step.args.split('&&').map((c) => c.trim())) {
      const words = cmd.split(/\s+/);
      if (/^(apt-get|rm -rf \/var\/lib\/apt)/.test(cmd))
        continue; // compilers for native addons
      else if (cmd.startsWith('npm ci')) ciFlags = words.slice(2);
      else if (cmd.startsWith('npm rebuild ')) natives.push(...words.slice(2));
      else if (cmd === 'npm run build') builds = true;
      else if (cmd === 'npm prune --omit=dev') omitDev = true;
      else throw new Error(`Dockerfile line ${step.line}: "${cmd}" is not reproduced by this test`);
    }
  }
  expect(ciFlags, 'the build stage installs with npm ci (the lockfile)').toBeDefined();
  expect(omitDev, 'the build stage prunes dev dependencies').toBe(true);
  const install = spawnSync(
    'npm',
    ['ci', ...ciFlags!, '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'],
    { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } },
  );
  expect(install.status, `npm ci failed:\n${install.stderr}`).toBe(0);
  for (const name of natives) {
    cpSync(path.join(ROOT, 'node_modules', name, 'build'), path.join(dir, 'node_modules', name, 'build'), {
      recursive: true,
    });
  }
  if (builds) {
    expect(existsSync(path.join(ROOT, 'dist/bin/cli.js')), 'dist/ is built (npm run build)').toBe(true);
    cpSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true });
  }
  return dir;
}

interface Image {
  app: string;
  data: string;
  env: Record<string, string>;
  user?: string;
  owners: Map<string, string>;
  cmd: string[];
  healthcheck?: string[];
  volumes: string[];
}

/** The final stage, reproduced: WORKDIR, COPY (context or build stage), ENV, RUN mkdir/chown, USER… */
function finalImage(buildDir: string, buildWorkdir: string): Image {
  const fsRoot = path.join(tmp, 'root');
  const at = (p: string): string => path.join(fsRoot, p);
  const image: Image = { app: at('/'), data: '', env: {}, owners: new Map(), cmd: [], volumes: [] };
  for (const step of finalStage.steps) {
    const args = step.args;
    if (step.op === 'WORKDIR') {
      image.app = at(args);
      mkdirSync(image.app, { recursive: true });
    } else if (step.op === 'ENV') for (const [k, v] of envOf(args)) image.env[k] = v;
    else if (step.op === 'COPY') {
      const parts = args.split(/\s+/);
      const from = parts[0]!.startsWith('--from=') ? parts.shift()!.slice('--from='.length) : undefined;
      const raw = parts.pop()!;
      const dest = path.resolve(image.app, raw);
      if (from === undefined) copyFromContext(parts, raw, image.app);
      else {
        expect(from).toBe(stages[0]!.name);
        for (const src of parts) {
          const local = path.join(buildDir, path.relative(buildWorkdir, src));
          cpSync(
            local,
            path.basename(dest) === path.basename(src) ? dest : path.join(dest, path.basename(src)),
            {
              recursive: true,
            },
          );
        }
      }
    } else if (step.op === 'RUN') {
      for (const cmd of args.split('&&').map((c) => c.trim())) {
        const mk = /^mkdir -p (\S+)$/.exec(cmd);
        const own = /^chown (\S+?)(?::\S+)? (\S+)$/.exec(cmd);
        if (mk) mkdirSync(at(mk[1]!), { recursive: true });
        else if (own) image.owners.set(own[2]!, own[1]!);
        else throw new Error(`Dockerfile line ${step.line}: "${cmd}" is not reproduced by this test`);
      }
    } else if (step.op === 'USER') image.user = args.trim();
    else if (step.op === 'VOLUME') image.volumes.push(...(JSON.parse(args) as string[]));
    else if (step.op === 'CMD') image.cmd = command(args);
    else if (step.op === 'HEALTHCHECK') image.healthcheck = command(args.replace(/^(--\S+\s+)*CMD\s+/, ''));
    else if (step.op !== 'EXPOSE') throw new Error(`Dockerfile line ${step.line}: ${step.op} not reproduced`);
  }
  image.data = at(image.env.DATA_DIR ?? '/data');
  return image;
}

let image: Image;
let child: ChildProcess | undefined;
let port = 0;
let output = '';

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'dialtone-image-'));
  chmodSync(tmp, 0o755); // the non-root user reads the app
  const build = stages[0]!;
  const buildWorkdir = build.steps.find((s) => s.op === 'WORKDIR')?.args ?? '/';
  image = finalImage(buildStage(build), buildWorkdir);
  port = await freePort();
}, 240_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('close', r));
  }
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Root runs the image's CMD as `nobody` (like USER), owning only the data folder, as chown does. */
function asUser(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {}; // already not root
  const uid = 65534;
  const gid = 65534;
  for (const [dir] of image.owners) chownSync(path.join(tmp, 'root', dir), uid, gid);
  return { uid, gid };
}

async function get(pathname: string): Promise<Response> {
  return fetch(`http://127.0.0.1:${port}${pathname}`);
}

describe('Dockerfile', () => {
  it('builds in two stages and runs as a non-root user that owns the data volume', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(finalStage.from).toMatch(/^node:\d+/);
    const major = Number(/^node:(\d+)/.exec(finalStage.from)![1]);
    const engines = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };
    expect(major).toBeGreaterThanOrEqual(Number(/(\d+)/.exec(engines.engines.node)![1]));
    expect(image.user).toBeDefined();
    expect(['root', '0', '0:0']).not.toContain(image.user);
    expect(image.volumes).toContain(image.env.DATA_DIR);
    expect(image.owners.get(image.env.DATA_DIR!)).toBe(image.user);
    expect(image.cmd.length).toBeGreaterThan(0);
    expect(image.healthcheck).toBeDefined();
    for (const secret of ['.env', 'node_modules', 'data']) expect(IGNORED).toContain(secret);
  });

  it("the image's CMD, without DISCORD_TOKEN, serves the web pages: /healthz, /readyz, /api/ask; the HEALTHCHECK passes", async () => {
    const [exe, ...args] = image.cmd;
    expect(exe).toBe('node');
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      ...image.env,
      DATA_DIR: image.data,
      HTTP_PORT: String(port),
      HTTP_HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
    };
    child = spawn(process.execPath, args, {
      cwd: image.app,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...asUser(),
    });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const end = Date.now() + 90_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the CMD exited ${child.exitCode}:\n${output}`);
      const ok = await get('/healthz').then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (Date.now() > end) throw new Error(`/healthz did not answer within 90 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    expect((await get('/readyz')).status).toBe(200);
    const ask = await get('/api/ask?q=what+is+an+fxs+port');
    expect(ask.status).toBe(200);
    expect(((await ask.json()) as { status: string; entry?: { id: string } }).entry?.id).toBe('fxs');
    const [hcExe, ...hcArgs] = image.healthcheck!;
    const hc = spawnSync(hcExe === 'node' ? process.execPath : hcExe!, hcArgs, {
      env: { ...env },
      encoding: 'utf8',
      timeout: 10_000,
    });
    expect(hc.status, `HEALTHCHECK: ${hc.stderr}`).toBe(0);
    expect(output).not.toMatch(/"level":(50|60)/); // no error or fatal line
    // `docker stop` sends SIGTERM: a clean exit.
    const closed = new Promise<number | null>((r) => child!.once('close', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await closed).toBe(0);
  }, 150_000);
});

describe('compose.yaml', () => {
  const compose = parseYaml(readFileSync('compose.yaml', 'utf8')) as {
    services: Record<string, Record<string, unknown>>;
    volumes: Record<string, unknown>;
  };

  it('runs the bot from this Dockerfile with its data in a volume', () => {
    const bot = compose.services.dialtone!;
    expect(bot.build).toBe('.');
    expect(bot.ports).toContain('8080:8080');
    expect(bot.volumes).toContain('dialtone-data:/data');
    expect(bot.restart).toBe('unless-stopped');
    expect(bot.profiles).toBeUndefined(); // started by a plain `docker compose up`
    expect(Object.keys(compose.volumes)).toContain('dialtone-data');
  });

  it('has an optional PostgreSQL service (a profile) with a health check and its own volume', () => {
    const pg = compose.services.postgres!;
    expect(pg.image).toMatch(/^postgres:\d+/);
    expect(pg.profiles).toEqual(['postgres']);
    expect(pg.healthcheck).toBeDefined();
    expect(Object.keys(compose.volumes)).toContain('dialtone-postgres');
    // The URL the README gives for it matches the service's user, password default and database.
    const env = pg.environment as Record<string, string>;
    expect(readFileSync('README.md', 'utf8')).toContain(
      `DATABASE_URL=postgres://${env.POSTGRES_USER}:dialtone@postgres:5432/${env.POSTGRES_DB}`,
    );
  });
});
