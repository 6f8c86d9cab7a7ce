/** What we record on the groups themselves, so that no state lives anywhere else. */
export const TAG_PREFIX = 'immutable:';
export const TAGS = {
  cluster: 'immutable:cluster',
  ami: 'immutable:ami',
  sourceGroup: 'immutable:source-group',
  /** ami-from-cluster: the cluster whose serving AMI this group runs. */
  promotedFrom: 'immutable:promoted-from',
  run: 'immutable:run',
  /** Who made the group (run and job, or the local user): only they resume its deploy after a crash. */
  deployBy: 'immutable:deploy-by',
  /** Deploy progress: creating → waiting → serving; or failed, or rolled-back by an alarm. */
  phase: 'immutable:phase',
  /** When the group was disabled (ISO time). */
  disabledAt: 'immutable:disabled-at',
  /** When a disabled group expires (ISO time): cleanup scales it down, or deletes it when asked. */
  expiresAt: 'immutable:expires-at',
  /** The capacity a group had before it was scaled to zero, `min/desired/max`, so a rollback restores it. */
  capacity: 'immutable:capacity',
  /**
   * `previous-group: stopped`: the disabled group's warm pool is the deploy's own, put there to keep its
   * instances stopped. The value is `none`, or the user's own pool it replaced (JSON), put back on rollback.
   */
  warmPool: 'immutable:warm-pool',
  /** rolling-red-black: the capacity the new group grows to, `min/desired/max`, so a re-run knows where it is going. */
  targetCapacity: 'immutable:target-capacity',
  /** rolling-red-black: the last step (index into percentages) the new group reached. */
  rollingStep: 'immutable:rolling-step',
  /** The min a group had before a traffic switch pinned it to min = desired; removed when unpinned. */
  pinnedMin: 'immutable:pinned-min',
  /** One tag per target group ARN the group served: immutable:target-group:0, :1, … (a tag value holds 256 characters). */
  targetGroupPrefix: 'immutable:target-group:',
  /** One tag per classic load balancer the group served: immutable:load-balancer:0, :1, … */
  loadBalancerPrefix: 'immutable:load-balancer:',
  /** The processes the deploy itself suspended (comma-separated): enable resumes these and no others. */
  deploySuspended: 'immutable:deploy-suspended',
  /** On a CloudWatch alarm the deploy copied: the group it was copied for, so it is deleted with that group. */
  alarmCopyOf: 'immutable:alarm-for',
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
  return numberedTags(tags, TAGS.targetGroupPrefix);
}

export function servedLoadBalancerTags(names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((name, i) => [`${TAGS.loadBalancerPrefix}${i}`, name]));
}

export function servedLoadBalancers(tags: Readonly<Record<string, string>>): string[] {
  return numberedTags(tags, TAGS.loadBalancerPrefix);
}

function numberedTags(tags: Readonly<Record<string, string>>, prefix: string): string[] {
  return Object.entries(tags)
    .filter(([key]) => key.startsWith(prefix))
    .sort(([a], [b]) => Number(a.slice(prefix.length)) - Number(b.slice(prefix.length)))
    .map(([, value]) => value);
}

/**
 * The suspensions that are the deploy's own: those it recorded; for a group disabled before it recorded
 * them, the disable set it has. Any other suspended process was suspended by the user, on purpose.
 */
export function deploySuspendedProcesses(
  tags: Readonly<Record<string, string>>,
  suspended: readonly string[],
): string[] {
  const recorded = tags[TAGS.deploySuspended];
  if (recorded !== undefined) return recorded.split(',').filter((p) => p && suspended.includes(p));
  if (tags[TAGS.disabledAt] === undefined) return [];
  return DISABLE_PROCESSES.filter((p) => suspended.includes(p));
}
