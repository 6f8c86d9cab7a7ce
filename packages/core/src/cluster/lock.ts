import type { AwsClients } from '../aws/clients';
import { isNotFoundError, isTransientAwsError } from '../aws/errors';
import { describeError, ImmutableError, invalidInput } from '../errors';
import { poll } from '../poll/poller';
import { unrefSchedule, type Runtime } from '../runtime';
import { safeText } from '../safe-text';
import { TAGS } from './tags';

/**
 * One holder of a lock: a deploy or rollback in one process. Two jobs of one run, or two laptops of users
 * with one name, are two holders: the id ends in a random part made per process.
 */
export interface LockOwner {
  id: string;
  /** `repo#run_id/job`, the same across re-run attempts of that job; undefined outside Actions. */
  job?: string | undefined;
  /** Which attempt of the job's run: a later one takes the lock over at once. */
  attempt?: number | undefined;
  /** A link for people: the run's URL. */
  run?: string | undefined;
}

export interface LockOptions {
  cluster: string;
  owner: LockOwner;
  /** How long the lock lives unrenewed; a heartbeat renews it while the holder lives. Default 2 minutes. */
  leaseMs?: number | undefined;
  /** How long to wait for another holder; 0 fails at once, naming it. */
  timeoutMs: number;
  /** Break another holder's lock on purpose (break-lock, `immutable unlock`); the log names who held it. */
  breakForeign?: boolean | undefined;
  signal?: AbortSignal | undefined;
}

export interface ClusterLock {
  cluster: string;
  templateId: string;
  tookOver: boolean;
  /**
   * Confirms this holder still holds the lock and its lease has not lapsed (on AWS's clock); throws
   * LOCK_LOST otherwise. Called before every change: a holder that lost its lock changes nothing more.
   */
  assertHeld(): Promise<void>;
  /** Already known lost (a heartbeat found it broken, or it was released): no step may start. */
  knownLost?(): boolean;
  /** Stops the heartbeat and deletes the lock, if it is still this holder's. */
  release(): Promise<void>;
}

export interface LockHolder {
  /** Undefined for an untagged lock template. */
  owner: string | undefined;
  job: string | undefined;
  attempt: number | undefined;
  run: string | undefined;
  expires: string | undefined;
  /** When AWS made the lock template, by AWS's clock. */
  created: string | undefined;
}

interface FoundLock {
  templateId: string;
  holder: LockHolder;
}

type LockClients = Pick<AwsClients, 'ec2' | 'serverClock'>;

export const lockName = (cluster: string): string => `immutable-lock/${cluster}`;

/** Flags of `immutable unlock` (no action has it: deploy-asg and rollback-asg have break-lock). */
export const UNLOCK_INPUTS = { cluster: 'cluster', region: 'region' } as const;

export const DEFAULT_LEASE_MS = 2 * 60_000;
/** Expiry is judged on AWS's clock, estimated from Date headers to about a second: allow for that. */
const EXPIRY_MARGIN_MS = 2_000;

/**
 * For tests only: the bundles run as processes and cannot take an injected clock, so tests of the lock
 * through them shorten the lease (and with it the heartbeat, every quarter lease, and a waiter's polls).
 */
export const LEASE_ENV = 'IMMUTABLE_LOCK_LEASE_MS';

/**
 * The lease: 2 minutes, or IMMUTABLE_LOCK_LEASE_MS. Read once per acquisition, before any AWS call: a bad
 * value is refused in one line, never silently replaced by the default.
 */
export function leaseFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const text = env[LEASE_ENV]?.trim();
  if (!text) return DEFAULT_LEASE_MS;
  const ms = Number(text);
  if (!/^\d+$/.test(text) || ms < 1_000 || ms > DEFAULT_LEASE_MS) {
    throw invalidInput(LEASE_ENV, text, 'a whole number of milliseconds from 1000 to 120000, such as 4000');
  }
  return ms;
}

/** Who holds a lock, for a log line: sanitized, since tag values may hold any character. */
export function describeLockHolder(holder: LockHolder): string {
  if (holder.owner === undefined)
    return safeText(`an untagged lock${holder.created ? ` made at ${holder.created}` : ''}`);
  return safeText(
    `${holder.owner}${holder.run ? ` (${holder.run})` : ''}${holder.expires ? ` until ${holder.expires}` : ''}`,
  );
}

/**
 * A later attempt of the same job takes the lock over at once: GitHub starts a re-run only after the earlier
 * attempt ended. A sibling (another job, a matrix leg, the same attempt) never does.
 */
export function mayTakeOver(holder: LockHolder, owner: LockOwner): boolean {
  if (holder.owner === owner.id) return true;
  return (
    owner.job !== undefined &&
    holder.job === owner.job &&
    holder.attempt !== undefined &&
    owner.attempt !== undefined &&
    owner.attempt > holder.attempt
  );
}

/**
 * A cluster lock with no server: a launch template named `immutable-lock/<cluster>`. Creating a template
 * with a taken name fails atomically, so exactly one holder wins, even on an empty cluster; tags say who
 * holds it and until when, on AWS's clock. The lease is short and a heartbeat renews it; a holder whose
 * lease ended (it died, or stalled) may be broken by the next one.
 */
export async function acquireClusterLock(
  aws: LockClients,
  runtime: Runtime,
  options: LockOptions,
): Promise<ClusterLock> {
  const { cluster, owner } = options;
  const leaseMs = options.leaseMs ?? leaseFromEnv();
  let lastLogged = '';
  let brokeOnPurpose = false;
  const check = async (): Promise<
    { state: 'success'; value: ClusterLock } | { state: 'retry'; reason: string }
  > => {
    const expiresAt = aws.serverClock.now() + leaseMs;
    try {
      const created = await aws.ec2.createLaunchTemplate({
        LaunchTemplateName: lockName(cluster),
        VersionDescription:
          'Cluster lock held by Immutable Actions; deleted when the deploy or rollback ends',
        LaunchTemplateData: {},
        TagSpecifications: [{ ResourceType: 'launch-template', Tags: holderTags(cluster, owner, expiresAt) }],
      });
      const id = created.LaunchTemplate?.LaunchTemplateId ?? '';
      runtime.logger.info(`Locked cluster ${cluster} for ${safeText(owner.id)}`);
      // Looked for beside what the holder does next: the first check before a change waits for it.
      const seen = untilVisible(aws, runtime, cluster, id, owner, leaseMs / 4);
      return {
        state: 'success',
        value: hold(aws, runtime, options, leaseMs, id, expiresAt, false, seen),
      };
    } catch (error) {
      if (!(error instanceof Error && /AlreadyExists/.test(error.name))) throw error;
    }
    const found = await describeLock(aws, cluster);
    if (!found) return { state: 'retry', reason: 'the lock was released while we looked' };
    const { templateId, holder } = found;
    const held = describeLockHolder(holder);
    if (mayTakeOver(holder, owner)) {
      await aws.ec2.createTags({ Resources: [templateId], Tags: holderTags(cluster, owner, expiresAt) });
      runtime.logger.info(
        holder.owner === owner.id
          ? `Locked cluster ${cluster} for ${safeText(owner.id)} (it was already ours)`
          : `Taking over the lock on ${cluster} from ${held}: an earlier attempt of this job, which GitHub ended before this re-run`,
      );
      return {
        state: 'success',
        value: hold(aws, runtime, options, leaseMs, templateId, expiresAt, true, true),
      };
    }
    if (options.breakForeign && !brokeOnPurpose) {
      runtime.logger.warn(`Breaking the lock on ${cluster} on purpose (break-lock): it was held by ${held}`);
      await deleteTemplate(aws, templateId);
      brokeOnPurpose = true;
      return { state: 'retry', reason: 'broke the lock on purpose' };
    }
    const now = aws.serverClock.now();
    const breakableAt = breakableFrom(holder, leaseMs);
    if (now >= breakableAt) {
      runtime.logger.warn(
        `Breaking the expired lock on ${cluster} held by ${held}: its lease ended, and AWS's clock says ${new Date(now).toISOString()}`,
      );
      await deleteTemplate(aws, templateId);
      return { state: 'retry', reason: 'broke an expired lock' };
    }
    const reason = `locked by ${held}`;
    if (reason !== lastLogged && options.timeoutMs > 0) {
      runtime.logger.info(`Waiting for cluster ${cluster}: ${reason}`);
      lastLogged = reason;
    }
    return { state: 'retry', reason };
  };

  if (options.timeoutMs <= 0) {
    // No waiting: one try, and a lock broken (expired, or on purpose) at most twice.
    for (let attempt = 0; attempt < 3; attempt++) {
      const state = await check();
      if (state.state === 'success') return state.value;
      if (state.reason.startsWith('locked by')) throw lockedError(cluster, state.reason);
    }
    throw lockedError(cluster, 'locked by another holder that took it just now');
  }
  // A waiter looks again within an eighth of a lease (2 to 15 s at the default lease of 2 minutes): a lock
  // lives a lease unrenewed, so a shortened lease is also waited for in proportion.
  const maxDelayMs = Math.min(15_000, leaseMs / 8);
  try {
    const outcome = await poll(
      runtime,
      {
        what: `the lock on cluster ${cluster}`,
        timeoutMs: options.timeoutMs,
        minDelayMs: Math.min(2_000, maxDelayMs),
        maxDelayMs,
        isTransient: isTransientAwsError,
        ...(options.signal ? { signal: options.signal } : {}),
      },
      check,
    );
    return outcome.value;
  } catch (error) {
    if (error instanceof ImmutableError && error.code === 'TIMEOUT') {
      throw new ImmutableError('LOCKED', `Cluster ${cluster} is still locked: ${error.message}`, {
        cause: error,
      });
    }
    throw error;
  }
}

/** When a lock may be broken, on AWS's clock: its lease's end, or, untagged or unreadable, a grace after AWS made it. */
function breakableFrom(holder: LockHolder, leaseMs: number): number {
  const expires = Date.parse(holder.expires ?? '');
  if (holder.owner !== undefined && Number.isFinite(expires)) return expires + EXPIRY_MARGIN_MS;
  const created = Date.parse(holder.created ?? '');
  return Number.isFinite(created) ? created + 2 * leaseMs : Number.NEGATIVE_INFINITY;
}

function holderTags(cluster: string, owner: LockOwner, expiresAt: number) {
  return [
    { Key: TAGS.lockOwner, Value: owner.id.slice(0, 256) },
    { Key: TAGS.lockExpires, Value: new Date(expiresAt).toISOString() },
    { Key: TAGS.cluster, Value: cluster },
    ...(owner.job ? [{ Key: TAGS.lockJob, Value: owner.job.slice(0, 256) }] : []),
    ...(owner.attempt !== undefined ? [{ Key: TAGS.lockAttempt, Value: String(owner.attempt) }] : []),
    ...(owner.run ? [{ Key: TAGS.lockRun, Value: owner.run.slice(0, 256) }] : []),
  ];
}

export async function describeLock(
  aws: Pick<AwsClients, 'ec2'>,
  cluster: string,
): Promise<FoundLock | undefined> {
  let template;
  try {
    template = (await aws.ec2.describeLaunchTemplates({ LaunchTemplateNames: [lockName(cluster)] }))
      .LaunchTemplates?.[0];
  } catch (error) {
    if (isNotFoundError(error)) return undefined;
    throw error;
  }
  const templateId = template?.LaunchTemplateId;
  if (!templateId) return undefined;
  // The tags as they are now: renewals and take-overs rewrite them with CreateTags, which moto's
  // DescribeLaunchTemplates does not show (it answers the tags the template was created with).
  const tags = (
    await aws.ec2.describeTags({ Filters: [{ Name: 'resource-id', Values: [templateId] }], MaxResults: 100 })
  ).Tags;
  const tag = (key: string) => tags?.find((t) => t.Key === key)?.Value;
  const attempt = Number(tag(TAGS.lockAttempt));
  return {
    templateId,
    holder: {
      owner: tag(TAGS.lockOwner),
      job: tag(TAGS.lockJob),
      attempt: Number.isInteger(attempt) && attempt > 0 ? attempt : undefined,
      run: tag(TAGS.lockRun),
      expires: tag(TAGS.lockExpires),
      created: template?.CreateTime?.toISOString(),
    },
  };
}

/** EC2 filter values treat `*` and `?` as wildcards: such an owner is checked the long way. */
const WILDCARD = /[*?\\]/;

/**
 * One read that proves the lock is still this holder's: the template under the lock's name is ours and its
 * live owner tag names us (EC2 filters on the tags as they are now, moto too, where its DescribeLaunchTemplates
 * answers the tags of the creation). False is no verdict: gone, taken over, tampered with, or not listed yet;
 * describeLock then says which. It keeps the check before every change to one call where it used to be two.
 */
async function isStillOurs(
  aws: Pick<AwsClients, 'ec2'>,
  cluster: string,
  templateId: string,
  owner: LockOwner,
): Promise<boolean> {
  const ownerTag = owner.id.slice(0, 256);
  if (WILDCARD.test(ownerTag)) return (await describeLock(aws, cluster))?.holder.owner === ownerTag;
  try {
    const answer = await aws.ec2.describeLaunchTemplates({
      LaunchTemplateNames: [lockName(cluster)],
      Filters: [{ Name: `tag:${TAGS.lockOwner}`, Values: [ownerTag] }],
    });
    return (answer.LaunchTemplates ?? []).some((t) => t.LaunchTemplateId === templateId);
  } catch (error) {
    if (isNotFoundError(error)) return false;
    throw error;
  }
}

/** `immutable unlock`: breaks the lock whoever holds it, and says who did. */
export async function breakClusterLock(
  aws: Pick<AwsClients, 'ec2'>,
  runtime: Runtime,
  cluster: string,
): Promise<LockHolder | undefined> {
  const found = await describeLock(aws, cluster);
  if (!found) {
    runtime.logger.info(`Cluster ${cluster} is not locked`);
    return undefined;
  }
  await deleteTemplate(aws, found.templateId);
  runtime.logger.warn(
    `Broke the lock on cluster ${cluster}: it was held by ${describeLockHolder(found.holder)}`,
  );
  return found.holder;
}

function lockedError(cluster: string, reason: string): ImmutableError {
  return new ImmutableError(
    'LOCKED',
    `Cluster ${cluster} is ${reason}: another deploy or rollback is running. Set lock-timeout to wait for it, or break-lock if its holder is gone.`,
  );
}

/**
 * Waits, bounded, until AWS lists the lock just created (eventual consistency), so that from then on its
 * absence proves it was broken. Not seen in time: the lease alone then decides (see hold's verdict). It
 * runs while the holder goes on reading; the first check before a change, and the release, wait for it.
 */
async function untilVisible(
  aws: LockClients,
  runtime: Runtime,
  cluster: string,
  templateId: string,
  owner: LockOwner,
  timeoutMs: number,
): Promise<boolean> {
  try {
    await poll(
      runtime,
      {
        what: `the lock on ${cluster} to be visible`,
        timeoutMs,
        minDelayMs: 250,
        maxDelayMs: 2_000,
        isTransient: isTransientAwsError,
      },
      async () =>
        (await isStillOurs(aws, cluster, templateId, owner))
          ? { state: 'success', value: true }
          : { state: 'retry', reason: 'AWS does not list it yet' },
    );
    return true;
  } catch (error) {
    if (error instanceof ImmutableError && error.code === 'TIMEOUT') return false;
    throw error;
  }
}

/** The held lock: a heartbeat renews the lease every quarter lease until released or lost. */
function hold(
  aws: LockClients,
  runtime: Runtime,
  options: LockOptions,
  leaseMs: number,
  templateId: string,
  firstExpiry: number,
  tookOver: boolean,
  visible: boolean | Promise<boolean>,
): ClusterLock {
  const { cluster, owner } = options;
  const schedule = runtime.schedule ?? unrefSchedule;
  let expiresAt = firstExpiry;
  let lost: string | undefined;
  let released = false;
  let timer: { cancel(): void } | undefined;
  let renewing: Promise<void> | undefined;

  /** Why this holder no longer holds the lock, or undefined while it does. */
  // Until our template has been seen once, its absence is no proof: AWS may not list a just-created one yet.
  let seen = visible === true;
  // The look for a just-created lock, while it is under way: the first check waits for it and, when it
  // saw the lock, takes it as its proof (it went out after the holder's last change, and none was made since).
  let looking: Promise<boolean> | undefined;
  if (typeof visible !== 'boolean') {
    const look = visible.then(
      (found) => {
        if (found) seen = true;
        if (looking === look) looking = undefined;
        return found;
      },
      (error: unknown) => {
        if (looking === look) looking = undefined;
        throw error;
      },
    );
    look.catch(() => undefined);
    looking = look;
  }
  const verdict = (found: FoundLock | undefined): string | undefined => {
    if (found?.templateId === templateId) seen = true;
    if (!found && !seen) {
      const now = aws.serverClock.now();
      return now >= expiresAt
        ? `AWS never showed it before its lease ended at ${new Date(expiresAt).toISOString()}`
        : undefined;
    }
    if (!found || found.templateId !== templateId)
      return found
        ? `it was broken, and is now held by ${describeLockHolder(found.holder)}`
        : 'it was broken';
    // The template is the proof: tags missing (tampered with) are restored by the next renewal.
    if (found.holder.owner !== undefined && found.holder.owner !== owner.id)
      return `it is now held by ${describeLockHolder(found.holder)}`;
    const now = aws.serverClock.now();
    if (now >= expiresAt)
      return `its lease ended at ${new Date(expiresAt).toISOString()} before it was renewed (AWS's clock says ${new Date(now).toISOString()})`;
    return undefined;
  };
  /** The one-call proof, with the lease still running on AWS's clock; false leaves the verdict to describeLock. */
  const confirmed = async (): Promise<boolean> => {
    if (!(await isStillOurs(aws, cluster, templateId, owner))) return false;
    seen = true;
    return aws.serverClock.now() < expiresAt;
  };
  const markLost = (reason: string): void => {
    if (lost) return;
    lost = reason;
    timer?.cancel();
    runtime.logger.warn(`Lost the lock on cluster ${cluster}: ${reason}. Changing nothing more.`);
  };
  const renew = async (): Promise<void> => {
    try {
      if (!(await confirmed())) {
        const why = verdict(await describeLock(aws, cluster));
        if (why) return markLost(why);
      }
      const next = aws.serverClock.now() + leaseMs;
      await aws.ec2.createTags({ Resources: [templateId], Tags: holderTags(cluster, owner, next) });
      expiresAt = next;
      runtime.logger.debug(`Renewed the lock on ${cluster} until ${new Date(next).toISOString()}`);
    } catch (error) {
      // Throttled or unreachable: the lease still runs; the next beat tries again, unless it has ended.
      if (aws.serverClock.now() >= expiresAt)
        markLost(`its lease ended before it could be renewed (${describeError(error)})`);
      else runtime.logger.debug(`Could not renew the lock on ${cluster} (${describeError(error)})`);
    }
  };
  const interval = Math.max(250, Math.floor(leaseMs / 4));
  const beat = (delayMs = interval): void => {
    timer = schedule(delayMs, () => {
      if (released || lost) return;
      renewing = renew().finally(() => {
        renewing = undefined;
        if (!released && !lost) beat();
      });
      return renewing;
    });
  };
  // Renew when a quarter of the lease is used: sooner if taking the lock was slow (a cold SDK, a busy runner).
  beat(Math.max(0, Math.min(interval, firstExpiry - aws.serverClock.now() - (leaseMs - interval))));

  return {
    cluster,
    templateId,
    tookOver,
    knownLost: () => lost !== undefined || released,
    async assertHeld() {
      const look = looking;
      looking = undefined;
      // Still under way when asked: its answer is as fresh as a read made now, so it is the proof.
      if (look && (await look) && !lost && !released && aws.serverClock.now() < expiresAt) return;
      if (!lost && !released && !(await confirmed())) {
        const why = verdict(await describeLock(aws, cluster));
        if (why) markLost(why);
      }
      if (lost || released) {
        throw new ImmutableError(
          'LOCK_LOST',
          `Lost the lock on cluster ${cluster}: ${lost ?? 'it was released'}. Stopped before the next change; nothing more was changed.`,
        );
      }
    },
    async release() {
      released = true;
      timer?.cancel();
      await renewing;
      // A lock AWS does not list yet would look broken, and stay until its lease ends: wait for the look.
      await looking?.catch(() => undefined);
      if (lost) {
        runtime.logger.info(`Not releasing the lock on ${cluster}: it is no longer ours`);
        return;
      }
      const ours = await isStillOurs(aws, cluster, templateId, owner);
      const found = ours ? undefined : await describeLock(aws, cluster);
      if (
        ours ||
        (found && found.templateId === templateId && (found.holder.owner ?? owner.id) === owner.id)
      ) {
        await deleteTemplate(aws, templateId);
        runtime.logger.info(`Released the lock on ${cluster}`);
      }
    },
  };
}

async function deleteTemplate(aws: Pick<AwsClients, 'ec2'>, templateId: string): Promise<void> {
  try {
    await aws.ec2.deleteLaunchTemplate({ LaunchTemplateId: templateId });
  } catch (error) {
    if (!isNotFoundError(error)) throw error;
  }
}
