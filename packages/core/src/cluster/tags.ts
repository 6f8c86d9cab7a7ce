/** What we record on the groups themselves, so that no state lives anywhere else. */
export const TAG_PREFIX = 'immutable:';
export const TAGS = {
  cluster: 'immutable:cluster',
  ami: 'immutable:ami',
  sourceGroup: 'immutable:source-group',
  run: 'immutable:run',
  /** Deploy progress: creating → waiting → serving; or failed, or rolled-back by an alarm. */
  phase: 'immutable:phase',
  /** When the group was disabled (ISO time). */
  disabledAt: 'immutable:disabled-at',
  /** When a disabled group expires (ISO time): cleanup scales it down, or deletes it when asked. */
  expiresAt: 'immutable:expires-at',
  /** The capacity a group had before it was scaled to zero, `min/desired/max`, so a rollback restores it. */
  capacity: 'immutable:capacity',
  /** rolling-red-black: the capacity the new group grows to, `min/desired/max`, so a re-run knows where it is going. */
  targetCapacity: 'immutable:target-capacity',
  /** rolling-red-black: the last step (index into percentages) the new group reached. */
  rollingStep: 'immutable:rolling-step',
  /** The min a group had before a traffic switch pinned it to min = desired; removed when unpinned. */
  pinnedMin: 'immutable:pinned-min',
  /** One tag per target group ARN the group served: immutable:target-group:0, :1, … (a tag value holds 256 characters). */
  targetGroupPrefix: 'immutable:target-group:',
  /** Set on the bad group when a rollback starts, so a re-run after a crash finishes the same rollback. */
  rollbackTo: 'immutable:rollback-to',
  /** Which run rolled it back: a re-run of that run finds its work done; another run may roll back further. */
  rollbackBy: 'immutable:rollback-by',
  lockOwner: 'immutable:lock-owner',
  lockRun: 'immutable:lock-run',
  /** The holder's job, `repo#run_id/job`, and its attempt: a later attempt of that job may take the lock over. */
  lockJob: 'immutable:lock-job',
  lockAttempt: 'immutable:lock-attempt',
  lockExpires: 'immutable:lock-expires',
} as const;

export type DeployPhase = 'creating' | 'waiting' | 'rolling' | 'serving' | 'failed' | 'rolled-back';

/** A group whose deploy never finished: not to be trusted as the serving group. */
export const isUnfinished = (phase: DeployPhase | undefined): boolean =>
  phase === 'creating' || phase === 'waiting' || phase === 'rolling';

/** Reads `min/desired/max` as recorded before a scale to zero (or, with `key`, another capacity tag). */
export function recordedCapacity(
  tags: Readonly<Record<string, string>>,
  key: string = 'immutable:capacity',
): { min: number; desired: number; max: number } | undefined {
  const match = /^(\d+)\/(\d+)\/(\d+)$/.exec(tags[key] ?? '');
  return match ? { min: Number(match[1]), desired: Number(match[2]), max: Number(match[3]) } : undefined;
}

/** The processes a disabled group has suspended: no launches, no terminations, no traffic (as Asgard). */
export const DISABLE_PROCESSES = ['Launch', 'Terminate', 'AddToLoadBalancer', 'AZRebalance'] as const;

export function servedTargetGroupTags(arns: readonly string[]): Record<string, string> {
  return Object.fromEntries(arns.map((arn, i) => [`${TAGS.targetGroupPrefix}${i}`, arn]));
}

export function servedTargetGroups(tags: Readonly<Record<string, string>>): string[] {
  return Object.entries(tags)
    .filter(([key]) => key.startsWith(TAGS.targetGroupPrefix))
    .sort(
      ([a], [b]) =>
        Number(a.slice(TAGS.targetGroupPrefix.length)) - Number(b.slice(TAGS.targetGroupPrefix.length)),
    )
    .map(([, value]) => value);
}
