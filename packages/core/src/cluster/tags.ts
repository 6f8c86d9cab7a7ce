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
  /** One tag per target group ARN the group served: immutable:target-group:0, :1, … (a tag value holds 256 characters). */
  targetGroupPrefix: 'immutable:target-group:',
  /** Set on the bad group when a rollback starts, so a re-run after a crash finishes the same rollback. */
  rollbackTo: 'immutable:rollback-to',
  /** Which run rolled it back: a re-run of that run finds its work done; another run may roll back further. */
  rollbackBy: 'immutable:rollback-by',
  lockOwner: 'immutable:lock-owner',
  lockRun: 'immutable:lock-run',
  lockExpires: 'immutable:lock-expires',
} as const;

export type DeployPhase = 'creating' | 'waiting' | 'serving' | 'failed' | 'rolled-back';

/** A group whose deploy never finished: not to be trusted as the serving group. */
export const isUnfinished = (phase: DeployPhase | undefined): boolean =>
  phase === 'creating' || phase === 'waiting';

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
