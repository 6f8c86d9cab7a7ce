import { formatDuration } from '../duration';
import type { Cluster } from './describe';
import type { ServerGroup } from './model';

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

export function clusterMarkdown(cluster: Cluster, now: number): string {
  const rows = clusterRows(cluster, now);
  if (rows.length === 0) return `_Cluster ${cluster.name} has no groups._\n`;
  const keys = Object.keys(HEADERS) as (keyof ClusterRow)[];
  return (
    [
      `| ${keys.map((k) => HEADERS[k]).join(' | ')} |`,
      `| ${keys.map(() => '---').join(' | ')} |`,
      ...rows.map(
        (r) =>
          `| ${keys.map((k) => (k === 'group' && r.state === 'serving' ? `**${r[k]}**` : r[k])).join(' | ')} |`,
      ),
    ].join('\n') + '\n'
  );
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
