import { clusterMarkdown } from '../cluster/table';
import { TAGS } from '../cluster/tags';
import { amiLink, runLine, type SummaryLinks } from '../deploy/summary';
import { formatDuration } from '../duration';
import type { RollbackResult } from './rollback';

export function rollbackSummary(result: RollbackResult, now: number, links: SummaryLinks = {}): string {
  const { plan } = result;
  const region = plan.options.region ?? process.env.AWS_REGION;
  const ami = (id: string | undefined) => (id ? amiLink(id, region) : 'unknown AMI');
  const lines = [
    `### rollback-asg${result.dryRun ? ' (dry run)' : ''}: ${plan.options.cluster} → ${result.servingGroup}`,
    '',
  ];
  if (result.redeploy)
    lines.push(`- ${ami(plan.redeployAmi)} had no group left: deployed anew as ${result.servingGroup}`);
  else
    lines.push(
      `- Restored ${result.servingGroup} (${ami(plan.target?.amiId)})${result.dryRun ? ' (would be)' : ''}`,
    );
  if (result.disabledGroup)
    lines.push(
      `- Disabled ${result.disabledGroup}${plan.bad?.name === result.disabledGroup && plan.bad?.amiId ? ` (${ami(plan.bad.amiId)})` : ''}${result.dryRun ? ' (would be)' : ', kept warm'}`,
    );
  if (plan.resizeTo && plan.target?.tags[TAGS.warmPool] !== undefined)
    lines.push(
      `- ${plan.target.name} waited stopped in a warm pool: grown back to ${plan.resizeTo.desired} instance(s) from it${result.dryRun ? ' (would be)' : ', and the pool removed (or its own put back)'}`,
    );
  else if (plan.resizeTo)
    lines.push(
      `- ${plan.target?.name} was scaled down: resized to ${plan.resizeTo.desired} instance(s) first`,
    );
  if (result.health) lines.push(`- Healthy after ${formatDuration(result.health.elapsedMs)}`);
  lines.push(...runLine(links));
  lines.push(
    '',
    '**Plan**',
    '',
    '```',
    ...result.planText,
    '```',
    '',
    '**Before**',
    '',
    clusterMarkdown(result.before, now, region),
  );
  if (!result.dryRun) lines.push('**After**', '', clusterMarkdown(result.after, now, region));
  return lines.join('\n');
}
