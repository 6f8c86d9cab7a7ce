import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * One moto for the whole bench, as jest's pool gives one per worker (test/moto-pool.mjs): every section's
 * startMoto() leases it, reset to an empty world, instead of starting a cold one (seconds of Python import
 * each, nine times in a quick run). Sections run one after another and stop what they start, so one lease is
 * out at a time; the measured deploys already follow an untimed warm-up against the same moto. The bench is the
 * pool's owner (test-support's moto.ts shares it with the owner process only, never with the bundles it runs).
 * Returns the teardown, which stops the moto.
 */
export function shareOneMoto(): () => Promise<void> {
  if (process.env.IMMUTABLE_MOTO_POOL) return async () => {};
  const pool = mkdtempSync(join(tmpdir(), 'immutable-bench-moto-'));
  writeFileSync(join(pool, 'owner.json'), JSON.stringify({ pid: process.pid }));
  process.env.IMMUTABLE_MOTO_POOL = pool;
  return async () => {
    delete process.env.IMMUTABLE_MOTO_POOL;
    const pids = readdirSync(pool)
      .filter((file) => /^moto-.+\.json$/.test(file))
      .map((file) => (JSON.parse(readFileSync(join(pool, file), 'utf8')) as { pid?: unknown }).pid)
      .filter((pid): pid is number => typeof pid === 'number');
    for (const pid of pids) signal(pid, 'SIGTERM');
    const deadline = Date.now() + 3000;
    while (pids.some((pid) => signal(pid, 0)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    for (const pid of pids) signal(pid, 'SIGKILL');
    rmSync(pool, { recursive: true, force: true });
  };
}

/** Sends a signal (0: only asks whether the process is alive); false when it is gone. */
function signal(pid: number, name: NodeJS.Signals | 0): boolean {
  try {
    process.kill(pid, name);
    return true;
  } catch {
    return false;
  }
}
