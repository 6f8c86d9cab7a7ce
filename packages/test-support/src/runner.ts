import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

export interface ActionRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  state: Record<string, string>;
  summary: string;
  path: string[];
  env: Record<string, string>;
  /** The lines the toolkit printed as `::error::`, decoded. */
  errors: string[];
  workdir: string;
}

export interface RunActionOptions {
  inputs?: Record<string, string>;
  env?: Record<string, string | undefined>;
  /** Extra state, as the runner passes a pre step's saved state to main and post (STATE_*). */
  state?: Record<string, string>;
  /** Which bundle file: index.js by default. */
  entry?: string;
  cwd?: string;
  timeoutMs?: number;
  /** Called with the child once it is spawned (kill tests). */
  onSpawn?: (child: ChildProcess) => void;
}

/** Input names as the runner passes them: INPUT_<NAME>, upper-cased, spaces to underscores, dashes kept. */
export function inputEnv(inputs: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(inputs).map(([name, value]) => [`INPUT_${name.replace(/ /g, '_').toUpperCase()}`, value]),
  );
}

/** Parses the GITHUB_OUTPUT / GITHUB_STATE file format (name=value or name<<DELIM heredocs). */
export function parseCommandFile(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc?.[1] && heredoc[2]) {
      const body: string[] = [];
      for (i++; i < lines.length && lines[i] !== heredoc[2]; i++) body.push(lines[i] ?? '');
      result[heredoc[1]] = body.join('\n');
    } else if (line.includes('=')) {
      const at = line.indexOf('=');
      result[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  return result;
}

function decodeCommandValue(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

/** The workflow run every bundle run (and in-process.ts's library runs) belongs to, as the runner sets it. */
export const RUN_GITHUB_ENV = {
  GITHUB_REPOSITORY: 'acme/shop',
  GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_RUN_ID: '4242',
  GITHUB_RUN_ATTEMPT: '1',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_WORKFLOW: 'deploy',
  GITHUB_JOB: 'deploy',
  GITHUB_ACTOR: 'octocat',
};

/**
 * Each run's folder (its GITHUB_* files, workspace, runner temp and tool cache), removed after the test file
 * (jest loads this module once per file) or when a script exits, not after the run: a test may still read it.
 */
const workdirs = new Set<string>();
function removeWorkdirs(): void {
  for (const dir of workdirs) rmSync(dir, { recursive: true, force: true });
  workdirs.clear();
}
const jestAfterAll = (globalThis as { afterAll?: (hook: () => void) => void }).afterAll;
if (jestAfterAll) jestAfterAll(removeWorkdirs);
else process.once('exit', removeWorkdirs);

/**
 * Left out of a bundle's environment unless a test passes it: a machine's extra CA file (NODE_EXTRA_CA_CERTS, set
 * here for a TLS proxy) is parsed by node at every start, before any of the bundle runs, and doubled bare
 * node's start on this machine (60 -> 124 ms). A bundle under test talks only to loopback http.
 */
export const MACHINE_ONLY_ENV: readonly string[] = ['NODE_EXTRA_CA_CERTS'];

/** Runs `node dist/<action>/index.js` exactly as the runner does: INPUT_* variables and the GITHUB_* files. */
export async function runAction(action: string, options: RunActionOptions = {}): Promise<ActionRun> {
  const workdir = mkdtempSync(join(tmpdir(), `run-${action}-`));
  workdirs.add(workdir);
  const files = {
    GITHUB_OUTPUT: join(workdir, 'output'),
    GITHUB_STATE: join(workdir, 'state'),
    GITHUB_STEP_SUMMARY: join(workdir, 'summary'),
    GITHUB_PATH: join(workdir, 'path'),
    GITHUB_ENV: join(workdir, 'env'),
  };
  for (const file of Object.values(files)) writeFileSync(file, '');
  const bundle = join(REPO_ROOT, 'dist', action, options.entry ?? 'index.js');
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run npm run build first`);

  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (
      value !== undefined &&
      !key.startsWith('INPUT_') &&
      !key.startsWith('GITHUB_') &&
      !key.startsWith('STATE_') &&
      !MACHINE_ONLY_ENV.includes(key)
    ) {
      env[key] = value;
    }
  }
  Object.assign(env, {
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    RUNNER_TEMP: join(workdir, 'runner-temp'),
    RUNNER_TOOL_CACHE: join(workdir, 'tool-cache'),
    GITHUB_WORKSPACE: options.cwd ?? workdir,
    ...RUN_GITHUB_ENV,
  });
  Object.assign(env, files, inputEnv(options.inputs ?? {}));
  for (const [key, value] of Object.entries(options.state ?? {})) env[`STATE_${key}`] = value;
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }

  const child = spawn(process.execPath, [bundle], {
    cwd: options.cwd ?? workdir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  options.onSpawn?.(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolveExit) =>
    child.on('close', (code, sig) => resolveExit([code, sig])),
  );
  clearTimeout(timer);

  const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : '');
  return {
    exitCode,
    signal,
    stdout,
    stderr,
    outputs: parseCommandFile(read(files.GITHUB_OUTPUT)),
    state: parseCommandFile(read(files.GITHUB_STATE)),
    summary: read(files.GITHUB_STEP_SUMMARY),
    path: read(files.GITHUB_PATH).split(/\r?\n/).filter(Boolean),
    env: parseCommandFile(read(files.GITHUB_ENV)),
    errors: stdout
      .split(/\r?\n/)
      .filter((l) => l.startsWith('::error'))
      .map((l) => decodeCommandValue(l.slice(l.indexOf('::', 2) + 2))),
    workdir,
  };
}

/**
 * Starts a bundle run and answers once its log shows `marker` (or once it ended without): what the test starts
 * next finds the run at that point, e.g. holding the cluster lock (`Locked cluster <name>`). `done` is its end.
 */
export async function startAction(
  action: string,
  marker: string,
  options: RunActionOptions = {},
): Promise<{ done: Promise<ActionRun> }> {
  let seen: () => void = () => {};
  const reached = new Promise<void>((resolve) => (seen = resolve));
  let out = '';
  const done = runAction(action, {
    ...options,
    onSpawn: (child) => {
      options.onSpawn?.(child);
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes(marker)) seen();
      });
    },
  });
  await Promise.race([reached, done]);
  return { done };
}

/** Env for runAction that sets the bundle's clock `ms` ahead of the real one (behind if negative). */
export function skewedClockEnv(ms: number): Record<string, string> {
  return {
    NODE_OPTIONS: `--require ${join(REPO_ROOT, 'packages', 'test-support', 'preload', 'skew-clock.cjs')}`,
    TEST_CLOCK_SKEW_MS: String(ms),
  };
}
