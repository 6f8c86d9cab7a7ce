import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { median } from './util';

export interface ColdStart {
  action: string;
  /** What a run that fails on its inputs reads: index.js (the entry) and main.js (the bundle) when it has one. */
  bundleBytes: number;
  /** Spawn to the first byte on stdout or stderr, each run. */
  runsMs: number[];
  medianMs: number;
  /** Spawn to exit, median: what the runner waits for when the action fails at once. */
  exitMedianMs: number;
}

/** With no inputs each action fails on its first required one; setup-packer's only input is given a bad value. */
const FAIL_FAST_INPUTS: Record<string, Record<string, string>> = {
  'setup-packer': { INPUT_VERSION: 'bad' },
};

function once(
  bundle: string,
  env: NodeJS.ProcessEnv,
  extra: string[] = [],
): Promise<{ firstByteMs: number; exitMs: number }> {
  return new Promise((resolveRun, reject) => {
    const started = performance.now();
    let firstByteMs: number | undefined;
    const child = spawn(process.execPath, [bundle, ...extra], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const mark = (): void => {
      firstByteMs ??= performance.now() - started;
    };
    child.stdout.on('data', mark);
    child.stderr.on('data', mark);
    child.on('error', reject);
    child.on('close', () => {
      const exitMs = performance.now() - started;
      resolveRun({ firstByteMs: firstByteMs ?? exitMs, exitMs });
    });
  });
}

export function actionsIn(distDir: string): string[] {
  if (!existsSync(distDir)) return [];
  return readdirSync(distDir)
    .filter((name) => existsSync(join(distDir, name, 'index.js')))
    .sort();
}

/** `node <dist>/<action>/index.js` from spawn to its first byte of output, `runs` times (median reported). */
export async function coldStart(distDir: string, action: string, runs = 5): Promise<ColdStart> {
  const bundle = resolve(distDir, action, 'index.js');
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(INPUT_|GITHUB_|STATE_|RUNNER_)/.test(key)) env[key] = value;
  }
  Object.assign(env, FAIL_FAST_INPUTS[action] ?? {});
  await once(bundle, env); // warm the page cache and the compile cache: every later run reads both from memory, as a second run on a runner does
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await once(bundle, env));
  const runsMs = results.map((r) => r.firstByteMs);
  return {
    action,
    bundleBytes: [bundle, join(dirname(bundle), 'main.js')]
      .filter((file) => existsSync(file))
      .reduce((sum, file) => sum + statSync(file).size, 0),
    runsMs,
    medianMs: median(runsMs),
    exitMedianMs: median(results.map((r) => r.exitMs)),
  };
}

/** Bare `node -e` writing one byte: the floor under every cold start on this machine. */
export async function nodeBaseline(runs = 5, env: NodeJS.ProcessEnv = { ...process.env }): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const { firstByteMs } = await once('-e', env, ["process.stdout.write('x')"]);
    if (i > 0) times.push(firstByteMs);
  }
  return median(times);
}

// `tsx bench/cold-start.ts <dist dir>...`: compare builds (e.g. made with scripts/build.mjs --out).
if (require.main === module) {
  void (async () => {
    const dirs = process.argv.slice(2);
    console.log(`node -e (floor)\t${Math.round(await nodeBaseline())} ms`);
    for (const dir of dirs.length ? dirs : ['dist']) {
      for (const action of actionsIn(dir)) {
        const result = await coldStart(dir, action);
        console.log(
          `${dir}\t${action}\t${Math.round(result.bundleBytes / 1024)} KB\tfirst byte ${Math.round(result.medianMs)} ms\texit ${Math.round(result.exitMedianMs)} ms\t[${result.runsMs.map(Math.round).join(', ')}]`,
        );
      }
    }
  })();
}
