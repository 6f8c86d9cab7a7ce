import type { AwsClients } from '../aws/clients';
import { isNotFoundError, isTransientAwsError } from '../aws/errors';
import { ImmutableError } from '../errors';
import { poll } from '../poll/poller';
import type { Runtime } from '../runtime';
import { TAGS } from './tags';

/** Who holds a lock: a stable id (the same across re-runs of one workflow run) and a link for people. */
export interface LockOwner {
  id: string;
  run?: string | undefined;
  /** The workflow job (GITHUB_JOB): a re-run resumes only a group made by the same run and job. */
  job?: string | undefined;
}

export interface LockOptions {
  cluster: string;
  owner: LockOwner;
  /** After this, another run may break the lock (its holder is presumed dead). */
  ttlMs: number;
  /** How long to wait for another holder; 0 fails at once, naming it. */
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

export interface ClusterLock {
  cluster: string;
  templateId: string;
  tookOver: boolean;
  /** Throws LOCK_LOST, naming the new holder, when the lock is no longer ours (checked before each change). */
  assertHeld(): Promise<void>;
  release(): Promise<void>;
}

export interface LockHolder {
  owner: string;
  run: string | undefined;
  expires: string | undefined;
}

type LockClients = Pick<AwsClients, 'ec2'>;

export const lockName = (cluster: string): string => `immutable-lock/${cluster}`;

/**
 * A cluster lock with no server: a launch template named `immutable-lock/<cluster>`. Creating a template
 * with a taken name fails atomically, so exactly one run wins, even on an empty cluster; tags say who
 * holds it, for which run, and until when. A re-run of the holder's own workflow run takes it over; an
 * expired one is broken.
 */
export async function acquireClusterLock(
  aws: LockClients,
  runtime: Runtime,
  options: LockOptions,
): Promise<ClusterLock> {
  const name = lockName(options.cluster);
  let lastLogged = '';
  const check = async (): Promise<
    { state: 'success'; value: ClusterLock } | { state: 'retry'; reason: string }
  > => {
    const expires = new Date(runtime.clock.now() + options.ttlMs).toISOString();
    const tags = [
      { Key: TAGS.lockOwner, Value: options.owner.id.slice(0, 256) },
      { Key: TAGS.lockExpires, Value: expires },
      { Key: TAGS.cluster, Value: options.cluster },
      ...(options.owner.run ? [{ Key: TAGS.lockRun, Value: options.owner.run.slice(0, 256) }] : []),
    ];
    try {
      const created = await aws.ec2.createLaunchTemplate({
        LaunchTemplateName: name,
        VersionDescription:
          'Cluster lock held by Immutable Actions; deleted when the deploy or rollback ends',
        LaunchTemplateData: {},
        TagSpecifications: [{ ResourceType: 'launch-template', Tags: tags }],
      });
      const id = created.LaunchTemplate?.LaunchTemplateId ?? '';
      return { state: 'success', value: handle(aws, runtime, options, id, false) };
    } catch (error) {
      if (!(error instanceof Error && /AlreadyExists/.test(error.name))) throw error;
    }
    const found = await describeLock(aws, options.cluster);
    if (!found) return { state: 'retry', reason: 'the lock was released while we looked' };
    const { templateId, holder } = found;
    if (holder.owner === options.owner.id) {
      await aws.ec2.createTags({ Resources: [templateId], Tags: tags });
      runtime.logger.info(
        `Taking over the lock on ${options.cluster} left by an earlier attempt of this run`,
      );
      return { state: 'success', value: handle(aws, runtime, options, templateId, true) };
    }
    if (holder.expires && Date.parse(holder.expires) < runtime.clock.now()) {
      runtime.logger.warn(`Breaking the stale lock on ${options.cluster} held by ${describeHolder(holder)}`);
      await deleteTemplate(aws, templateId);
      return { state: 'retry', reason: 'broke a stale lock' };
    }
    const reason = `locked by ${describeHolder(holder)}`;
    if (reason !== lastLogged && options.timeoutMs > 0) {
      runtime.logger.info(`Waiting for cluster ${options.cluster}: ${reason}`);
      lastLogged = reason;
    }
    return { state: 'retry', reason };
  };

  if (options.timeoutMs <= 0) {
    // No waiting: one try, and a stale lock broken once.
    for (let attempt = 0; attempt < 2; attempt++) {
      const state = await check();
      if (state.state === 'success') return state.value;
      if (state.reason.startsWith('locked by')) throw lockedError(options.cluster, state.reason);
    }
    throw lockedError(options.cluster, 'another run took it just now');
  }
  try {
    const outcome = await poll(
      runtime,
      {
        what: `the lock on cluster ${options.cluster}`,
        timeoutMs: options.timeoutMs,
        minDelayMs: 2_000,
        maxDelayMs: 15_000,
        isTransient: isTransientAwsError,
        ...(options.signal ? { signal: options.signal } : {}),
      },
      check,
    );
    return outcome.value;
  } catch (error) {
    if (error instanceof ImmutableError && error.code === 'TIMEOUT') {
      throw new ImmutableError('LOCKED', `Cluster ${options.cluster} is still locked: ${error.message}`, {
        cause: error,
      });
    }
    throw error;
  }
}

export async function describeLock(
  aws: LockClients,
  cluster: string,
): Promise<{ templateId: string; holder: LockHolder } | undefined> {
  let template;
  try {
    template = (await aws.ec2.describeLaunchTemplates({ LaunchTemplateNames: [lockName(cluster)] }))
      .LaunchTemplates?.[0];
  } catch (error) {
    if (isNotFoundError(error)) return undefined;
    throw error;
  }
  if (!template?.LaunchTemplateId) return undefined;
  const tag = (key: string) => template.Tags?.find((t) => t.Key === key)?.Value;
  return {
    templateId: template.LaunchTemplateId,
    holder: {
      owner: tag(TAGS.lockOwner) ?? 'unknown',
      run: tag(TAGS.lockRun),
      expires: tag(TAGS.lockExpires),
    },
  };
}

function describeHolder(holder: LockHolder): string {
  return `${holder.owner}${holder.run ? ` (${holder.run})` : ''}${holder.expires ? ` until ${holder.expires}` : ''}`;
}

function lockedError(cluster: string, reason: string): ImmutableError {
  return new ImmutableError(
    'LOCKED',
    `Cluster ${cluster} is ${reason}: another deploy or rollback is running. Set lock-timeout to wait for it.`,
  );
}

function handle(
  aws: LockClients,
  runtime: Runtime,
  options: LockOptions,
  templateId: string,
  tookOver: boolean,
): ClusterLock {
  runtime.logger.info(`Locked cluster ${options.cluster} for ${options.owner.id}`);
  return {
    cluster: options.cluster,
    templateId,
    tookOver,
    async assertHeld() {
      const found = await describeLock(aws, options.cluster);
      if (found?.holder.owner === options.owner.id) return;
      throw new ImmutableError(
        'LOCK_LOST',
        `Lost the lock on cluster ${options.cluster}: ${found ? `now held by ${describeHolder(found.holder)}` : 'it was deleted'}. Stopped before the next change.`,
      );
    },
    async release() {
      const found = await describeLock(aws, options.cluster);
      if (found?.holder.owner === options.owner.id) {
        await deleteTemplate(aws, found.templateId);
        runtime.logger.info(`Released the lock on ${options.cluster}`);
      }
    },
  };
}

async function deleteTemplate(aws: LockClients, templateId: string): Promise<void> {
  try {
    await aws.ec2.deleteLaunchTemplate({ LaunchTemplateId: templateId });
  } catch (error) {
    if (!isNotFoundError(error)) throw error;
  }
}
