import { clusterMarkdown } from '../cluster/table';
import { formatDuration } from '../duration';
import type { RollbackResult } from './rollback';

export function rollbackSummary(
  result: RollbackResult,
  now: number,
  links: { runUrl?: string | undefined } = {},
): string {
  const { plan } = result;
  const lines = [
    `### rollback-asg${result.dryRun ? ' (dry run)' : ''}: ${plan.options.cluster} → ${result.servingGroup}`,
    '',
  ];
  if (result.redeploy)
    lines.push(`- ${plan.redeployAmi} had no group left: deployed anew as ${result.servingGroup}`);
  else
    lines.push(
      `- Restored ${result.servingGroup} (${plan.target?.amiId ?? 'unknown AMI'})${result.dryRun ? ' (would be)' : ''}`,
    );
  if (result.disabledGroup)
    lines.push(`- Disabled ${result.disabledGroup}${result.dryRun ? ' (would be)' : ', kept warm'}`);
  if (plan.resizeTo)
    lines.push(
      `- ${plan.target?.name} was scaled down: resized to ${plan.resizeTo.desired} instance(s) first`,
    );
  if (result.health) lines.push(`- Healthy after ${formatDuration(result.health.elapsedMs)}`);
  if (links.runUrl) lines.push(`- Run: ${links.runUrl}`);
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
    clusterMarkdown(result.before, now),
  );
  if (!result.dryRun) lines.push('**After**', '', clusterMarkdown(result.after, now));
  return lines.join('\n');
}
