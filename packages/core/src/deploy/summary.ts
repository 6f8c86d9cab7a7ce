import { clusterMarkdown } from '../cluster/table';
import { formatDuration } from '../duration';
import type { DeployResult } from './deploy';

/** The job summary of a deploy: what was done, and the cluster before and after. */
export function deploySummary(
  result: DeployResult,
  now: number,
  links: { runUrl?: string | undefined } = {},
): string {
  const { plan } = result;
  const region = plan.options.region ?? process.env.AWS_REGION ?? '';
  const ami = `[${plan.image.id}](https://console.aws.amazon.com/ec2/home?region=${region}#ImageDetails:imageId=${plan.image.id})`;
  const title = result.dryRun
    ? `### deploy-asg (dry run): ${plan.options.cluster} → ${result.newGroup}`
    : `### deploy-asg: ${plan.options.cluster} → ${result.newGroup}`;
  const lines = [title, ''];
  lines.push(`- AMI: ${ami}${plan.image.name ? ` (${plan.image.name})` : ''}`);
  if (result.previousGroup)
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
  if (links.runUrl) lines.push(`- Run: ${links.runUrl}`);
  if (result.dryRun) {
    lines.push('', '**Plan** (nothing was changed):', '', '```', ...result.planText, '```');
  }
  lines.push('', '**Before**', '', clusterMarkdown(result.before, now));
  if (!result.dryRun) lines.push('**After**', '', clusterMarkdown(result.after, now));
  return lines.join('\n');
}
