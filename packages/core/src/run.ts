import type { LockOwner } from './cluster/lock';

export type Environment = Readonly<Record<string, string | undefined>>;

/** The workflow run's URL, recorded on what we create so it can be traced back; none outside Actions. */
export function runUrlFrom(env: Environment): string | undefined {
  const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID } = env;
  return GITHUB_REPOSITORY && GITHUB_RUN_ID
    ? `${GITHUB_SERVER_URL ?? 'https://github.com'}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}`
    : undefined;
}

/**
 * Who holds a cluster lock and made a group: the workflow run, the same across its re-run attempts, so a
 * re-run of a killed deploy takes over its own lock. Outside Actions (a shell, act without a run id), the user.
 */
export function runOwnerFrom(env: Environment): LockOwner {
  const { GITHUB_REPOSITORY, GITHUB_RUN_ID } = env;
  const id =
    GITHUB_REPOSITORY && GITHUB_RUN_ID
      ? `${GITHUB_REPOSITORY}#${GITHUB_RUN_ID}`
      : `local:${env.USER ?? env.USERNAME ?? 'user'}`;
  return { id, run: runUrlFrom(env), ...(env.GITHUB_JOB && GITHUB_RUN_ID ? { job: env.GITHUB_JOB } : {}) };
}

/** The owner when the caller names none: the local user. */
export const LOCAL_OWNER: LockOwner = runOwnerFrom({
  USER: process.env.USER,
  USERNAME: process.env.USERNAME,
});

/** Who made a group, recorded on it: the run and job (or the local user), so only they resume it. */
export function deployerKey(owner: LockOwner): string {
  return `${owner.id}${owner.job ? `/${owner.job}` : ''}`.slice(0, 256);
}
