// One moto per jest worker instead of one per test file (packages/test-support/src/moto.ts leases it):
// this makes the run's pool folder, and the teardown stops what the workers started in it.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const POOL_ENV = 'IMMUTABLE_MOTO_POOL';

export async function setup() {
  if (process.env.IMMUTABLE_MOTO_POOL_OFF === '1') return;
  const pool = mkdtempSync(join(tmpdir(), 'immutable-moto-pool-'));
  // Workers are this process's children and inherit the variable; their own children are not in the pool.
  writeFileSync(join(pool, 'owner.json'), JSON.stringify({ pid: process.pid }));
  process.env[POOL_ENV] = pool;
}

export async function teardown() {
  const pool = process.env[POOL_ENV];
  if (!pool) return;
  const pids = readdirSync(pool)
    .filter((file) => /^moto-.+\.json$/.test(file))
    .map((file) => JSON.parse(readFileSync(join(pool, file), 'utf8')).pid)
    .filter((pid) => typeof pid === 'number');
  for (const pid of pids) signal(pid, 'SIGTERM');
  const deadline = Date.now() + 3000;
  while (pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  for (const pid of pids.filter(alive)) signal(pid, 'SIGKILL');
  rmSync(pool, { recursive: true, force: true });
  delete process.env[POOL_ENV];
}

function signal(pid, name) {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
