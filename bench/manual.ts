import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { withCountedWorld } from './counted-world';

export interface ManualResult {
  available: boolean;
  /** `aws --version`, or why the row was skipped. */
  note: string;
  wallMs?: number;
  calls?: number;
}

const SCRIPT = join(__dirname, 'manual-red-black.sh');

function awsVersion(): string | undefined {
  const probe = spawnSync('aws', ['--version'], { encoding: 'utf8' });
  if (probe.status !== 0 || probe.error) return undefined;
  return `${probe.stdout}${probe.stderr}`.trim().split(/\s+/)[0];
}

function runScript(env: Record<string, string>, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [SCRIPT, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`manual-red-black.sh exited ${code}: ${output.slice(-800)}`)),
    );
  });
}

/**
 * The same red/black deploy by hand (bench/manual-red-black.sh, AWS CLI) against its own moto: a first
 * group, then the timed deploy of a second one replacing it, through a counting proxy.
 */
export async function benchManual(instances: number): Promise<ManualResult> {
  const version = awsVersion();
  if (!version) return { available: false, note: 'skipped: the aws CLI is not installed' };
  return withCountedWorld('manual', async ({ moto, proxy, net, amis }) => {
    const env = { ...moto.env, ENDPOINT: proxy.endpoint, AWS_PAGER: '' };
    const common = [net.subnetIds.join(','), net.targetGroupArn, String(instances)];
    await runScript(env, ['manual-v000', amis[0], ...common]);
    proxy.resetStats();
    const started = performance.now();
    await runScript(env, ['manual-v001', amis[1], ...common, 'manual-v000']);
    return {
      available: true,
      note: version,
      wallMs: performance.now() - started,
      calls: proxy.stats().total,
    };
  });
}
