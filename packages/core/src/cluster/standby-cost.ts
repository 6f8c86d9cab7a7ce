import type { BlockDeviceMapping } from '@aws-sdk/client-ec2';
import type { LaunchTemplateBlockDeviceMappingRequest } from '@aws-sdk/client-ec2';
import type { AwsClients } from '../aws/clients';
import { describeError } from '../errors';
import type { Runtime } from '../runtime';

/** Every figure below is this: a built-in table, not a price list read from AWS. */
export const PRICE_LABEL = 'estimate, us-east-1 list price';

/** On-demand Linux USD per hour in us-east-1 for common types. A type not here has no price, never a guess. */
export const ON_DEMAND_USD_PER_HOUR: Readonly<Record<string, number>> = {
  't2.micro': 0.0116,
  't2.small': 0.023,
  't2.medium': 0.0464,
  't3.nano': 0.0052,
  't3.micro': 0.0104,
  't3.small': 0.0208,
  't3.medium': 0.0416,
  't3.large': 0.0832,
  't3.xlarge': 0.1664,
  't3.2xlarge': 0.3328,
  't4g.nano': 0.0042,
  't4g.micro': 0.0084,
  't4g.small': 0.0168,
  't4g.medium': 0.0336,
  't4g.large': 0.0672,
  't4g.xlarge': 0.1344,
  't4g.2xlarge': 0.2688,
  'm5.large': 0.096,
  'm5.xlarge': 0.192,
  'm5.2xlarge': 0.384,
  'm5.4xlarge': 0.768,
  'm6i.large': 0.096,
  'm6i.xlarge': 0.192,
  'm6i.2xlarge': 0.384,
  'm6i.4xlarge': 0.768,
  'm6g.large': 0.077,
  'm6g.xlarge': 0.154,
  'm7g.large': 0.0816,
  'm7g.xlarge': 0.1632,
  'c5.large': 0.085,
  'c5.xlarge': 0.17,
  'c5.2xlarge': 0.34,
  'c6i.large': 0.085,
  'c6i.xlarge': 0.17,
  'c6i.2xlarge': 0.34,
  'c6g.large': 0.068,
  'c6g.xlarge': 0.136,
  'r5.large': 0.126,
  'r5.xlarge': 0.252,
  'r6i.large': 0.126,
  'r6i.xlarge': 0.252,
};

/** EBS USD per GB-month in us-east-1, by volume type (provisioned IOPS and throughput not counted). */
export const EBS_USD_PER_GB_MONTH: Readonly<Record<string, number>> = {
  gp3: 0.08,
  gp2: 0.1,
  io1: 0.125,
  io2: 0.125,
  st1: 0.045,
  sc1: 0.015,
  standard: 0.05,
};

export interface StandbyVolume {
  device: string;
  sizeGb: number;
  /** gp3 when neither the template nor the AMI says (EC2's default for new volumes). */
  type: string;
}

export interface StandbyCost {
  group: string;
  instances: number;
  instanceType: string | undefined;
  /** Per instance; undefined when the type is not in the table. */
  usdPerHour: number | undefined;
  /** Per instance; undefined when a volume's size or type has no price. */
  volumes: StandbyVolume[] | undefined;
  perDay: {
    /** The instances running around the clock, with their volumes. */
    keepWarm: number | undefined;
    /** Stopped in a warm pool: the volumes only. */
    stopped: number | undefined;
    scaleToZero: 0;
  };
}

/** The EBS volumes each instance gets: the AMI's mappings, with the launch template's overriding by device. */
export function standbyVolumes(
  template: readonly LaunchTemplateBlockDeviceMappingRequest[] | undefined,
  image: readonly BlockDeviceMapping[] | undefined,
): StandbyVolume[] | undefined {
  const byDevice = new Map<string, { size?: number; type?: string; none: boolean }>();
  for (const m of image ?? []) {
    if (!m.DeviceName) continue;
    byDevice.set(m.DeviceName, {
      ...(m.Ebs?.VolumeSize !== undefined ? { size: m.Ebs.VolumeSize } : {}),
      ...(m.Ebs?.VolumeType ? { type: m.Ebs.VolumeType } : {}),
      none: !m.Ebs,
    });
  }
  for (const m of template ?? []) {
    if (!m.DeviceName) continue;
    const base = byDevice.get(m.DeviceName);
    if (m.NoDevice !== undefined || (m.VirtualName && !m.Ebs)) {
      byDevice.set(m.DeviceName, { none: true });
      continue;
    }
    byDevice.set(m.DeviceName, {
      ...base,
      ...(m.Ebs?.VolumeSize !== undefined ? { size: m.Ebs.VolumeSize } : {}),
      ...(m.Ebs?.VolumeType ? { type: m.Ebs.VolumeType } : {}),
      none: false,
    });
  }
  const volumes: StandbyVolume[] = [];
  for (const [device, v] of [...byDevice].sort(([a], [b]) => a.localeCompare(b))) {
    if (v.none) continue;
    // A volume from a snapshot whose size nobody states: its cost is unknown.
    if (v.size === undefined) return undefined;
    volumes.push({ device, sizeGb: v.size, type: v.type ?? 'gp3' });
  }
  return volumes.length > 0 ? volumes : undefined;
}

const round2 = (usd: number): number => Math.round(usd * 100) / 100;

/** What the previous group costs per day under each previous-group choice. */
export function standbyCost(input: {
  group: string;
  instances: number;
  instanceType: string | undefined;
  volumes: StandbyVolume[] | undefined;
}): StandbyCost {
  const usdPerHour = input.instanceType ? ON_DEMAND_USD_PER_HOUR[input.instanceType] : undefined;
  const prices = input.volumes?.map((v) => EBS_USD_PER_GB_MONTH[v.type]);
  const ebsPerInstanceMonth =
    input.volumes && prices?.every((p) => p !== undefined)
      ? input.volumes.reduce((sum, v, i) => sum + v.sizeGb * (prices[i] ?? 0), 0)
      : undefined;
  const stopped =
    ebsPerInstanceMonth === undefined ? undefined : (ebsPerInstanceMonth * input.instances) / 30;
  const keepWarm =
    usdPerHour === undefined || stopped === undefined
      ? undefined
      : input.instances * usdPerHour * 24 + stopped;
  return {
    group: input.group,
    instances: input.instances,
    instanceType: input.instanceType,
    usdPerHour,
    volumes: input.volumes,
    perDay: {
      keepWarm: keepWarm === undefined ? undefined : round2(keepWarm),
      stopped: stopped === undefined ? undefined : round2(stopped),
      scaleToZero: 0,
    },
  };
}

const usd = (value: number): string => `$${value.toFixed(2)}`;

/** One line per choice, the one this deploy took marked, for the log, the plan and the job summary. */
export function standbyCostLines(cost: StandbyCost, chosen: string): string[] {
  const mark = (choice: string) => (choice === chosen ? ' ← this deploy' : '');
  const type = cost.instanceType ?? 'an unknown instance type';
  const disks = cost.volumes
    ? cost.volumes.map((v) => `${v.sizeGb} GB ${v.type}`).join(' + ')
    : 'volumes of unknown size';
  const unknownPrice = cost.usdPerHour === undefined ? `unknown price for ${type}` : undefined;
  const unknownEbs = cost.perDay.stopped === undefined ? 'unknown price (volume sizes unknown)' : undefined;
  return [
    `What ${cost.group} costs per day while it waits for a rollback (${PRICE_LABEL}; ${cost.instances} × ${type}, ${disks} each):`,
    `keep-warm: ${unknownPrice ?? unknownEbs ?? usd(cost.perDay.keepWarm ?? 0)} (instances running, rollback in seconds)${mark('keep-warm')}`,
    `stopped: ${unknownEbs ?? usd(cost.perDay.stopped ?? 0)} (EBS only; a rollback starts the stopped instances, about a minute)${mark('stopped')}`,
    `scale-to-zero: ${usd(0)} (a rollback boots and provisions fresh instances, a cold start)${mark('scale-to-zero')}`,
  ];
}

/**
 * The previous group's volumes: its launch template's mappings over its AMI's (one DescribeImages). An AMI
 * that cannot be read leaves the template's alone, or none: the cost says "unknown", the deploy goes on.
 */
export async function readStandbyVolumes(
  aws: Pick<AwsClients, 'ec2'>,
  runtime: Runtime,
  amiId: string | undefined,
  template: readonly LaunchTemplateBlockDeviceMappingRequest[] | undefined,
): Promise<StandbyVolume[] | undefined> {
  let image: BlockDeviceMapping[] | undefined;
  if (amiId) {
    try {
      image = (await aws.ec2.describeImages({ ImageIds: [amiId] })).Images?.[0]?.BlockDeviceMappings;
    } catch (error) {
      runtime.logger.debug(
        `Could not read ${amiId}'s volumes for the cost estimate: ${describeError(error)}`,
      );
    }
  }
  return standbyVolumes(template, image);
}
