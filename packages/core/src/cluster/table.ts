import { describeLockHolder } from './lock';
import { formatDuration } from '../duration';
import type { Cluster } from './describe';
import type { ServerGroup } from './model';
import type { ClusterStatus, GroupStatus } from './status';

export interface ClusterRow {
  group: string;
  state: string;
  ami: string;
  launchTemplate: string;
  capacity: string;
  instances: string;
  age: string;
}

/** Asgard's cluster page in rows: one per group, oldest first. No AWS calls: all from one describe. */
export function clusterRows(cluster: Cluster, now: number): ClusterRow[] {
  return cluster.groups.map((g) => ({
    group: g.name,
    state: groupState(g),
    ami: g.amiId ?? '?',
    launchTemplate: g.launchTemplate?.name ?? g.launchTemplate?.id ?? '-',
    capacity: `${g.capacity.min}/${g.capacity.desired}/${g.capacity.max}`,
    instances: `${g.instances.filter((i) => i.lifecycleState === 'InService' && i.healthStatus === 'Healthy').length}/${g.instances.length}`,
    age: formatDuration(Math.max(0, now - g.createdTime.getTime())),
  }));
}

export function groupState(group: ServerGroup): string {
  if (group.phase === 'failed') return 'failed';
  if (group.phase === 'creating' || group.phase === 'waiting')
    return group.enabled ? 'deploying' : 'deploying (disabled)';
  return group.enabled ? 'serving' : 'disabled';
}

const HEADERS: Record<keyof ClusterRow, string> = {
  group: 'Group',
  state: 'State',
  ami: 'AMI',
  launchTemplate: 'Launch template',
  capacity: 'Min/Desired/Max',
  instances: 'Healthy/Total',
  age: 'Age',
};

/** With a region, each group links to its page in the EC2 console. */
export function clusterMarkdown(cluster: Cluster, now: number, region?: string): string {
  const rows = clusterRows(cluster, now);
  if (rows.length === 0) return `_Cluster ${cluster.name} has no groups._\n`;
  const keys = Object.keys(HEADERS) as (keyof ClusterRow)[];
  return (
    [
      `| ${keys.map((k) => HEADERS[k]).join(' | ')} |`,
      `| ${keys.map(() => '---').join(' | ')} |`,
      ...rows.map((r) => `| ${keys.map((k) => (k === 'group' ? groupCell(r, region) : r[k])).join(' | ')} |`),
    ].join('\n') + '\n'
  );
}

function groupCell(row: ClusterRow, region: string | undefined): string {
  const name = region ? `[${row.group}](${groupConsoleUrl(region, row.group)})` : row.group;
  return row.state === 'serving' ? `**${name}**` : name;
}

export function clusterText(cluster: Cluster, now: number): string {
  const rows = clusterRows(cluster, now);
  if (rows.length === 0) return `cluster ${cluster.name}: no groups`;
  const keys = Object.keys(HEADERS) as (keyof ClusterRow)[];
  const widths = keys.map((k) => Math.max(HEADERS[k].length, ...rows.map((r) => r[k].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [
    `cluster ${cluster.name}`,
    line(keys.map((k) => HEADERS[k])),
    ...rows.map((r) => line(keys.map((k) => r[k]))),
  ].join('\n');
}

/** An Auto Scaling group's page in the EC2 console. */
export function groupConsoleUrl(region: string, group: string): string {
  return `https://${region}.console.aws.amazon.com/ec2/home?region=${region}#AutoScalingGroupDetails:id=${encodeURIComponent(group)};view=details`;
}

const tally = (counts: Record<string, number>): string =>
  Object.entries(counts)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');

function expiryText(g: GroupStatus): string {
  if (g.expiresInSeconds === null) return '-';
  const left = formatDuration(Math.abs(g.expiresInSeconds) * 1000);
  return g.expiresInSeconds >= 0 ? `in ${left}` : `${left} ago`;
}

/**
 * `immutable status`: the table, then each group's details (image provenance, traffic, instances by
 * lifecycle and health, suspended processes), then the next group, the next step and the lock.
 */
export function clusterStatusText(status: ClusterStatus): string {
  const headers = ['Group', 'State', 'AMI', 'Commit', 'Min/Desired/Max', 'Healthy/Total', 'Age', 'Expires'];
  const rows = status.groups.map((g) => [
    g.group,
    g.state,
    g.ami ?? '?',
    g.image?.commit?.slice(0, 7) ?? '-',
    `${g.capacity.min}/${g.capacity.desired}/${g.capacity.max}`,
    `${g.instances.healthy}/${g.instances.total}`,
    formatDuration(g.ageSeconds * 1000),
    expiryText(g),
  ]);
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const out = [`cluster ${status.cluster} (${status.region})`];
  if (status.groups.length === 0) out.push('no groups yet');
  else out.push(line(headers), ...rows.map(line));
  for (const g of status.groups) {
    const image = g.image;
    out.push(
      '',
      `${g.group}:`,
      `  image: ${g.ami ?? '?'}${image?.name ? ` ${image.name}` : ''}${image?.commit ? `, commit ${image.commit}` : ''}${image?.repository ? ` of ${image.repository}` : ''}${image?.runUrl ? `, run ${image.runUrl}` : ''}${image && !image.commit && !image.runUrl ? ' (no bake tags)' : ''}`,
      `  target groups: ${g.targetGroups.map((t) => t.name).join(', ') || 'none'}; classic ELBs: ${g.loadBalancers.join(', ') || 'none'}`,
      `  instances: ${tally(g.instances.byLifecycleState) || 'none'}${g.instances.total ? `; ${tally(g.instances.byHealthStatus)}` : ''}`,
      `  suspended: ${g.suspendedProcesses.join(', ') || 'none'}`,
    );
    if (g.disabledAt)
      out.push(
        `  disabled at ${g.disabledAt}${g.expiresAt ? `, expires ${g.expiresAt} (${expiryText(g)})` : ', never expires'}`,
      );
  }
  out.push(
    '',
    `next group: ${status.nextGroup}`,
    `next step: ${status.nextStep}`,
    status.lock ? `lock: held by ${describeLockHolder(status.lock)}` : 'lock: free',
  );
  return out.join('\n');
}
