import type { Cluster } from '../cluster/describe';
import { clusterMarkdown } from '../cluster/table';
import { formatDuration } from '../duration';
import { amiConsoleUrl } from '../packer/bake/summary';
import type { DeployResult } from './deploy';

export interface SummaryLinks {
  runUrl?: string | undefined;
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
  lines.push(`- AMI: ${amiLink(plan.image.id, region)}${plan.image.name ? ` (${plan.image.name})` : ''}`);
  if (result.rolledBack) {
    const { alarm, restoredGroup } = result.rolledBack;
    lines.push(
      `- **Rolled back**: alarm ${alarm.name} went to ALARM during the bake time${alarm.reason ? ` (${alarm.reason})` : ''}; ${restoredGroup} serves again and ${result.newGroup} is disabled`,
    );
  } else if (result.previousGroup)
    lines.push(
      `- Previous group: ${result.previousGroup}${result.dryRun ? ' (would be disabled)' : ' (disabled, kept warm for rollback)'}`,
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
  if (result.warm) {
    const { group, instances, instanceType, instanceHoursPerDay } = result.warm;
    lines.push(
      `- Kept warm for an instant rollback: ${group}, ${instances} × ${instanceType ?? 'instance'} = ${instanceHoursPerDay} instance-hours/day` +
        (instances > 0 ? ' (set `previous-group: scale-to-zero` to pay nothing while it waits)' : ''),
    );
  }
  lines.push(...runLine(links));
  if (result.dryRun) {
    lines.push('', '**Plan** (nothing was changed):', '', '```', ...result.planText, '```');
  }
  lines.push('', '**Before**', '', clusterMarkdown(result.before, now));
  if (!result.dryRun) lines.push('**After**', '', clusterMarkdown(result.after, now));
  return lines.join('\n');
}

/** The job summary of a failed deploy: what failed, and the cluster as it is now (when it could be read). */
export function deployFailureSummary(
  failure: {
    cluster: string;
    amiId: string;
    region: string | undefined;
    message: string;
    /** The cluster read after the failure; undefined when that failed too. */
    now?: Cluster | undefined;
  },
  now: number,
  links: SummaryLinks = {},
): string {
  const region = failure.region ?? process.env.AWS_REGION;
  const lines = [
    `### deploy-asg failed: ${failure.cluster}`,
    '',
    `- AMI: ${amiLink(failure.amiId, region)}`,
    `- Error: ${failure.message}`,
    ...runLine(links),
    '',
    '**The cluster now**',
    '',
    failure.now ? clusterMarkdown(failure.now, now) : '_Could not read the cluster._\n',
  ];
  return lines.join('\n');
}
