import { createHash, randomBytes } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import type { LockOwner } from './cluster/lock';
import type { DeployOptions } from './deploy/options';

export type Environment = Readonly<Record<string, string | undefined>>;

/** The workflow run's URL, recorded on what we create so it can be traced back; none outside Actions. */
export function runUrlFrom(env: Environment): string | undefined {
  const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID } = env;
  return GITHUB_REPOSITORY && GITHUB_RUN_ID
    ? `${GITHUB_SERVER_URL ?? 'https://github.com'}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}`
    : undefined;
}

/** What makes a holder unique besides the environment; each defaults to this process's. */
export interface OwnerSources {
  /** Random per process: two matrix legs share run, job and attempt, and two laptops a user name. */
  processId?: string;
  host?: string;
  user?: string;
}

/**
 * Who holds a cluster lock and made a group: one holder, `repo#run_id/job/attempt/<random>` in Actions, and
 * `local:user@host/<random>` elsewhere (a shell, act without a run id). The job and attempt let a re-run
 * take over the lock of its own killed attempt, and nobody else's.
 */
export function runOwnerFrom(env: Environment, sources: OwnerSources = {}): LockOwner {
  const processId = sources.processId ?? randomBytes(4).toString('hex');
  const { GITHUB_REPOSITORY, GITHUB_RUN_ID } = env;
  if (GITHUB_REPOSITORY && GITHUB_RUN_ID) {
    const job = `${GITHUB_REPOSITORY}#${GITHUB_RUN_ID}/${env.GITHUB_JOB || 'job'}`;
    const attempt = Number(env.GITHUB_RUN_ATTEMPT);
    const known = Number.isInteger(attempt) && attempt > 0 ? attempt : 1;
    return { id: `${job}/${known}/${processId}`, job, attempt: known, run: runUrlFrom(env) };
  }
  const user = env.USER || env.USERNAME || env.LOGNAME || sources.user || osUser();
  return { id: `local:${user}@${sources.host ?? hostname()}/${processId}`, run: undefined };
}

/**
 * The same across re-run attempts (what a re-run recognises as its own work). In Actions, the job: its
 * attempts share it. Locally every process is a new holder, so "the same local invocation" is the user and
 * host with the invocation (what defines the deploy: see deployInvocation): the same command run again
 * after a crash matches, another one (another AMI, instance type, capacity…) does not. Without an
 * invocation, locally, nothing but this process matches.
 */
export function rerunKey(owner: LockOwner, invocation?: string): string {
  if (owner.job !== undefined) return owner.job;
  if (invocation === undefined) return owner.id;
  // `local:user@host/<random per process>`: the random part is what a re-run cannot repeat.
  return `${owner.id.replace(/\/[^/@]*$/, '')}/${invocation}`;
}

/**
 * A short, stable digest of the inputs that make a deploy what it is (cluster, region, AMI, strategy,
 * template, subnets, target groups, capacity, instance type, steps, what happens to the previous group,
 * max groups, allowed drops); waits, timeouts, alarms and lock handling are not part of it, so a re-run
 * with a longer health-timeout is still the same deploy.
 */
export function deployInvocation(options: DeployOptions): string {
  const defining = [
    options.cluster,
    options.region ?? null,
    options.amiId,
    options.strategy,
    options.launchTemplate ?? null,
    options.subnets ?? null,
    options.targetGroups ?? null,
    options.minSize ?? null,
    options.maxSize ?? null,
    options.desiredCapacity ?? null,
    options.instanceType ?? null,
    options.strategy === 'rolling-red-black' ? options.percentages : null,
    options.previousGroup,
    options.maxGroups,
    [...options.allowDrop].sort(),
  ];
  return `deploy-${createHash('sha256').update(JSON.stringify(defining)).digest('hex').slice(0, 16)}`;
}

function osUser(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The owner when the caller names none: the local user. */
export const LOCAL_OWNER: LockOwner = runOwnerFrom({
  USER: process.env.USER,
  USERNAME: process.env.USERNAME,
});
