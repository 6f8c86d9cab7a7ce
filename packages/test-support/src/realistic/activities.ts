// DescribeScalingActivities, which moto does not implement: the layer answers it from what it saw of each
// group, in the Query protocol's XML shape (newest first, as AWS lists them).
import { fnv1a, mulberry32 } from '../aws-wire';
import type { GroupRecord, World } from './world';
import { element, leaf, type XmlElement } from './xml';

export interface ScalingActivity {
  activityId: string;
  groupName: string;
  groupArn: string;
  description: string;
  cause: string;
  start: number;
  end?: number;
  status: 'InProgress' | 'Successful' | 'Failed';
  statusMessage?: string;
  progress: number;
  details: string;
}

/** AWS's message when a zone has no capacity for the instance type. */
export function insufficientCapacityMessage(
  instanceType: string,
  zone: string,
  otherZones: string[],
): string {
  const others = otherZones.length > 0 ? otherZones.join(', ') : 'another Availability Zone';
  return (
    `We currently do not have sufficient ${instanceType} capacity in the Availability Zone you requested (${zone}). ` +
    `Our system will be working on provisioning additional capacity. You can currently get ${instanceType} capacity ` +
    `by not specifying an Availability Zone in your request or choosing ${others}. Launching EC2 instance failed.`
  );
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A UUID-shaped id, the same for the same seed and activity. */
function activityId(seed: number, key: string): string {
  const random = mulberry32(seed ^ fnv1a(key));
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function detailsOf(group: GroupRecord, zone: string, index: number): string {
  const subnet = group.subnets[index % Math.max(group.subnets.length, 1)];
  return JSON.stringify({ ...(subnet ? { 'Subnet ID': subnet } : {}), 'Availability Zone': zone });
}

function failedActivities(group: GroupRecord, now: number, seed: number): ScalingActivity[] {
  const rule = group.failure;
  if (!rule || group.failingFrom === undefined) return [];
  const first = group.failingFrom + (rule.afterMs ?? 100);
  const until = Math.min(group.failingUntil ?? now, now);
  const retryMs = Math.max(rule.retryMs ?? 1000, 1);
  const activities: ScalingActivity[] = [];
  for (let at = first, n = 0; at <= until && n < 1000; at += retryMs, n++) {
    const zone = group.zones[n % Math.max(group.zones.length, 1)] ?? 'us-east-1a';
    const message =
      rule.message ??
      insufficientCapacityMessage(
        rule.instanceType ?? 't3.micro',
        zone,
        group.zones.filter((z) => z !== zone),
      );
    activities.push({
      activityId: activityId(seed, `failed:${group.name}:${group.failingFrom}:${n}`),
      groupName: group.name,
      groupArn: group.arn,
      description: `Launching a new EC2 instance.  Status Reason: ${message}`,
      cause: `At ${iso(at)} an instance was started in response to a difference between desired and actual capacity, increasing the capacity from 0 to ${group.desired}.`,
      start: at,
      end: at,
      status: 'Failed',
      statusMessage: message,
      progress: 100,
      details: detailsOf(group, zone, n),
    });
  }
  return activities;
}

/** A group's activities at `now`, newest first. */
export function activitiesOf(world: World, group: GroupRecord, now: number, seed: number): ScalingActivity[] {
  const launches = group.launches
    .filter((l) => l.at <= now)
    .map((launch, n): ScalingActivity => {
      const bootedAt = world.bootedAt(launch.instanceId);
      const done = bootedAt <= now;
      return {
        activityId: activityId(seed, `launch:${group.name}:${launch.instanceId}`),
        groupName: group.name,
        groupArn: group.arn,
        description: `Launching a new EC2 instance: ${launch.instanceId}`,
        cause: `At ${iso(launch.at)} an instance was started in response to a difference between desired and actual capacity, increasing the capacity from ${launch.from} to ${launch.to}.`,
        start: launch.at,
        ...(done ? { end: bootedAt } : {}),
        status: done ? 'Successful' : 'InProgress',
        progress: done ? 100 : 30,
        details: detailsOf(group, launch.zone, n),
      };
    });
  const terminations = group.terminations
    .filter((t) => t.at <= now)
    .map((t): ScalingActivity => ({
      activityId: activityId(seed, `terminate:${group.name}:${t.instanceId}`),
      groupName: group.name,
      groupArn: group.arn,
      description: `Terminating EC2 instance: ${t.instanceId}`,
      cause: `At ${iso(t.at)} an instance was taken out of service in response to a difference between desired and actual capacity, shrinking the capacity from ${t.from} to ${t.to}.`,
      start: t.at,
      end: t.at,
      status: 'Successful',
      progress: 100,
      details: detailsOf(group, group.zones[0] ?? 'us-east-1a', 0),
    }));
  return [...launches, ...terminations, ...failedActivities(group, now, seed)].sort(
    (a, b) => b.start - a.start || a.activityId.localeCompare(b.activityId),
  );
}

export function activityXml(activity: ScalingActivity): XmlElement {
  return element(
    'member',
    leaf('ActivityId', activity.activityId),
    leaf('AutoScalingGroupName', activity.groupName),
    leaf('Description', activity.description),
    leaf('Cause', activity.cause),
    leaf('StartTime', new Date(activity.start).toISOString()),
    ...(activity.end !== undefined ? [leaf('EndTime', new Date(activity.end).toISOString())] : []),
    leaf('StatusCode', activity.status),
    ...(activity.statusMessage ? [leaf('StatusMessage', activity.statusMessage)] : []),
    leaf('Progress', String(activity.progress)),
    leaf('Details', activity.details),
    leaf('AutoScalingGroupARN', activity.groupArn),
  );
}
