import type { FailedActivity } from '../cluster/activities';
import type { Cluster } from '../cluster/describe';
import { servingGroup } from '../cluster/describe';
import { standbyCostLines } from '../cluster/standby-cost';
import { clusterMarkdown } from '../cluster/table';
import { TAGS, recordedCapacity } from '../cluster/tags';
import { recordedUserPool } from '../cluster/warm-pool';
import { formatDuration } from '../duration';
import { amiConsoleUrl } from '../packer/bake/summary';
import type { DeployResult } from './deploy';

export interface SummaryLinks {
  runUrl?: string | undefined;
  /** Where the AMI came from, e.g. `promoted from shop-staging (ami-…)`: a line under the AMI. */
  provenance?: string | undefined;
}

/** An AMI as a console link in its region (the global console when the region is unknown). */
export function amiLink(amiId: string, region: string | undefined): string {
  const url = region
    ? amiConsoleUrl(region, amiId)
    : `https://console.aws.amazon.com/ec2/home#ImageDetails:imageId=${amiId}`;
  return `[${amiId}](${url})`;
}

export function runLine(links: SummaryLinks): string[] {
  return links.runUrl ? [`- Run: [${links.runUrl}](${links.runUrl})`] : [];
}

/** The job summary of a deploy: what was done, and the cluster before and after. */
export function deploySummary(result: DeployResult, now: number, links: SummaryLinks = {}): string {
  const { plan } = result;
  const region = plan.options.region ?? process.env.AWS_REGION;
  const title = result.dryRun
    ? `### deploy-asg (dry run): ${plan.options.cluster} → ${result.newGroup}`
    : result.rolledBack
      ? `### deploy-asg (rolled back): ${plan.options.cluster} → ${result.rolledBack.restoredGroup}`
      : `### deploy-asg: ${plan.options.cluster} → ${result.newGroup}`;
  const lines = [title, ''];
  // previous-group: stopped took effect: the previous group waits in our warm pool.
  const stopped =
    !result.dryRun && !result.rolledBack
      ? result.after.groups.find(
          (g) => g.name === result.previousGroup && g.tags[TAGS.warmPool] !== undefined && !g.enabled,
        )
      : undefined;
  if (result.rolledBack) {
    const { alarm, restoredGroup } = result.rolledBack;
    lines.push(
      ...alertBlock('CAUTION', [
        `**Rolled back**: alarm ${alarm.name} went to ALARM during the bake time; ${restoredGroup} serves again.`,
        `Next step: find out why, then deploy a fixed AMI. ${result.newGroup} is disabled and kept for inspection; remove it with \`immutable delete --group ${result.newGroup}\`.`,
      ]),
      '',
    );
  }
  lines.push(`- AMI: ${amiLink(plan.image.id, region)}${plan.image.name ? ` (${plan.image.name})` : ''}`);
  if (links.provenance) lines.push(`- Provenance: ${links.provenance}`);
  lines.push(`- Bake time: ${bakeOutcome(result)}`);
  if (result.rolledBack) {
    const { alarm, restoredGroup } = result.rolledBack;
    lines.push(
      `- **Rolled back**: alarm ${alarm.name} went to ALARM during the bake time${alarm.reason ? ` (${alarm.reason})` : ''}; ${restoredGroup} serves again and ${result.newGroup} is disabled`,
    );
  } else if (result.previousGroup)
    lines.push(
      `- Previous group: ${result.previousGroup}${result.dryRun ? ' (would be disabled)' : stopped ? ' (disabled, stopped in a warm pool for rollback)' : ' (disabled, kept warm for rollback)'}`,
    );
  if (result.resumed) lines.push('- Finished the half-done work of an earlier run of this deploy');
  if (result.health) {
    lines.push(
      `- Healthy after ${formatDuration(result.health.elapsedMs)} (${result.health.attempts} check(s))`,
    );
  }
  if (result.deleted.length > 0) lines.push(`- Deleted: ${result.deleted.join(', ')}`);
  lines.push(`- Strategy: ${plan.options.strategy}`);
  if (plan.carried.length > 0 && plan.previous) {
    lines.push(
      `- Carried over from ${plan.previous.name}${result.dryRun ? ' (would be)' : ''}:`,
      ...plan.carried.map((line) => `  - ${line}`),
    );
  }
  if (plan.options.strategy === 'highlander' && !result.dryRun) {
    lines.push(
      `- Highlander keeps no warm group: to roll back, redeploy an earlier AMI (\`rollback-asg\` with \`to: ami-…\`)`,
    );
  }
  if (result.scaledDown.length > 0) {
    lines.push(
      `- Scaled to zero (capacity recorded; a rollback grows it back first): ${result.scaledDown.join(', ')}`,
    );
  }
  if (result.warm && !stopped) {
    const { group, instances, instanceType, instanceHoursPerDay } = result.warm;
    lines.push(
      `- Kept warm for an instant rollback: ${group}, ${instances} × ${instanceType ?? 'instance'} = ${instanceHoursPerDay} instance-hours/day` +
        (instances > 0 ? ' (set `previous-group: scale-to-zero` to pay nothing while it waits)' : ''),
    );
  }
  if (stopped) {
    lines.push(
      `- Stopped in a warm pool for rollback: ${stopped.name}, ${recordedCapacity(stopped.tags)?.desired ?? 0} instance(s) stopped (capacity recorded; a rollback starts them again, then deletes the pool${recordedUserPool(stopped.tags) ? ' and puts its own warm pool back' : ''})`,
    );
  }
  if (result.standby) {
    const [head, ...choices] = standbyCostLines(result.standby, result.plan.options.previousGroup);
    lines.push(`- ${head}`, ...choices.map((line) => `  - ${line}`));
  }
  lines.push(...runLine(links));
  if (result.dryRun) {
    lines.push('', '**Plan** (nothing was changed):', '', '```', ...result.planText, '```');
  }
  lines.push('', '**Before**', '', clusterMarkdown(result.before, now, region));
  if (!result.dryRun) lines.push('**After**', '', clusterMarkdown(result.after, now, region));
  return lines.join('\n');
}

/** GitHub's alert block: `> [!CAUTION]` and the lines quoted. */
export function alertBlock(kind: 'CAUTION' | 'WARNING' | 'NOTE', lines: readonly string[]): string[] {
  return [`> [!${kind}]`, ...lines.flatMap((line, i) => (i === 0 ? [`> ${line}`] : ['>', `> ${line}`]))];
}

/** What the bake time came to: watched quietly, cut short by an alarm, or not asked for. */
export function bakeOutcome(result: DeployResult): string {
  const { bakeTimeMs, alarmNames } = result.plan.options;
  if (bakeTimeMs <= 0 || alarmNames.length === 0) {
    return alarmNames.length === 0 ? 'none (no alarm-names to watch)' : 'none (bake-time is 0)';
  }
  const watched = `${formatDuration(bakeTimeMs)} watching ${alarmNames.length} alarm(s)`;
  if (result.dryRun) return `${watched} (would be)`;
  if (result.rolledBack) return `${watched}: ${result.rolledBack.alarm.name} went to ALARM, rolled back`;
  return `${watched}: passed, every alarm quiet`;
}

/** The job summary of a failed deploy: an alert with the next step, what failed, and the cluster as it is now. */
export function deployFailureSummary(
  failure: {
    cluster: string;
    amiId: string;
    region: string | undefined;
    message: string;
    /** The cluster read after the failure; undefined when that failed too. */
    now?: Cluster | undefined;
    /** The new group's newest failed scaling activity, when there is one. */
    activity?: FailedActivity | undefined;
  },
  now: number,
  links: SummaryLinks = {},
): string {
  const region = failure.region ?? process.env.AWS_REGION;
  const lines = [
    `### deploy-asg failed: ${failure.cluster}`,
    '',
    ...alertBlock('CAUTION', [`**deploy-asg failed**: ${failure.message}`, failureNextStep(failure)]),
    '',
    `- AMI: ${amiLink(failure.amiId, region)}`,
    ...(links.provenance ? [`- Provenance: ${links.provenance}`] : []),
    `- Error: ${failure.message}`,
    ...(failure.activity
      ? [
          `- Failed scaling activity: ${failure.activity.description}: ${failure.activity.statusMessage}${failure.activity.startTime ? ` (${failure.activity.startTime})` : ''}`,
        ]
      : []),
    ...runLine(links),
    '',
    '**The cluster now**',
    '',
    failure.now ? clusterMarkdown(failure.now, now, region) : '_Could not read the cluster._\n',
  ];
  return lines.join('\n');
}

/** The one thing to do next, from what the cluster looks like after the failure. */
export function failureNextStep(failure: {
  cluster: string;
  amiId: string;
  now?: Cluster | undefined;
  activity?: FailedActivity | undefined;
}): string {
  const cluster = failure.cluster;
  const rollback = `\`immutable rollback --cluster ${cluster}\` (or the rollback-asg action)`;
  if (failure.activity) {
    return `Next step: the new group could not launch instances (${failure.activity.statusMessage}); fix that (capacity, quota, launch template), then re-run this deploy.`;
  }
  if (!failure.now)
    return `Next step: check the cluster with \`immutable status --cluster ${cluster}\`; to undo, ${rollback}.`;
  const serving = servingGroup(failure.now);
  const newGroup = failure.now.groups.filter((g) => g.amiId === failure.amiId).at(-1);
  if (serving && newGroup && serving.name === newGroup.name) {
    return `Next step: ${serving.name} (the new AMI) serves; to go back, ${rollback}.`;
  }
  if (serving) {
    return `Next step: ${serving.name} still serves, untouched; fix the cause and re-run this deploy (it finishes or replaces ${newGroup?.name ?? 'the half-made group'}).`;
  }
  return `Next step: nothing serves ${cluster}; ${rollback} restores the previous group.`;
}
