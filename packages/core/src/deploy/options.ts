import { DURATION_BOUNDS, parseDuration } from '../duration';
import { invalidInput } from '../errors';
import {
  optional,
  parseBoolean,
  parseChoice,
  parseCount,
  parseList,
  required,
  type RawInputs,
} from '../inputs';
import { parseClusterName } from '../naming/names';

/** Input names of deploy-asg, shared by action.yml, the action, the CLI and the docs test. */
export const DEPLOY_INPUTS = {
  cluster: 'cluster',
  amiId: 'ami-id',
  region: 'region',
  strategy: 'strategy',
  maxGroups: 'max-groups',
  healthTimeout: 'health-timeout',
  dryRun: 'dry-run',
  launchTemplate: 'launch-template',
  subnets: 'subnets',
  targetGroups: 'target-groups',
  minSize: 'min-size',
  maxSize: 'max-size',
  desiredCapacity: 'desired-capacity',
  instanceType: 'instance-type',
  alarmNames: 'alarm-names',
  bakeTime: 'bake-time',
  percentages: 'percentages',
  stepWait: 'step-wait',
  previousGroup: 'previous-group',
  disabledTtl: 'disabled-ttl',
  lockTimeout: 'lock-timeout',
  breakLock: 'break-lock',
  allowDrop: 'allow-drop',
  amiFromCluster: 'ami-from-cluster',
  regions: 'regions',
  amis: 'amis',
  githubToken: 'github-token',
} as const;

export const DEPLOY_OUTPUTS = {
  asgName: 'asg-name',
  previousAsgName: 'previous-asg-name',
  launchTemplateId: 'launch-template-id',
  rolledBack: 'rolled-back',
  amiId: 'ami-id',
  amis: 'amis',
  asgNames: 'asg-names',
  failedRegion: 'failed-region',
} as const;

export const STRATEGIES = ['red-black', 'highlander', 'rolling-red-black'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export const PREVIOUS_GROUP_POLICIES = ['keep-warm', 'stopped', 'scale-to-zero'] as const;
export type PreviousGroupPolicy = (typeof PREVIOUS_GROUP_POLICIES)[number];

export interface DeployOptions {
  cluster: string;
  amiId: string;
  region: string | undefined;
  strategy: Strategy;
  maxGroups: number;
  healthTimeoutMs: number;
  dryRun: boolean;
  launchTemplate: string | undefined;
  subnets: string[] | undefined;
  targetGroups: string[] | undefined;
  minSize: number | undefined;
  maxSize: number | undefined;
  desiredCapacity: number | undefined;
  instanceType: string | undefined;
  alarmNames: string[];
  bakeTimeMs: number;
  lockTimeoutMs: number;
  /** Break another holder's lock on purpose (its holder is gone); the log names who held it. */
  breakLock: boolean;
  /** rolling-red-black: the share of the serving capacity the new group grows to, step by step, ending at 100. */
  percentages: number[];
  stepWaitMs: number;
  previousGroup: PreviousGroupPolicy;
  disabledTtlMs: number;
  /** Fields of the previous group (DescribeAutoScalingGroups names) the next group may go without. */
  allowDrop: string[];
  /** ami-from-cluster: the cluster the AMI was found serving in, recorded on the new group. */
  promotedFrom?: string | undefined;
}

export type DeployRawInputs = RawInputs<keyof typeof DEPLOY_INPUTS>;

const AMI_ID = /^ami-[0-9a-f]{8,17}$/;
const SUBNET_ID = /^subnet-[0-9a-f]{8,17}$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
const CAPACITY = { min: 0, max: 10_000 };

/** Validates every deploy input at once, before anything talks to AWS: one region, one AMI (`ami-id`). */
export function parseDeployOptions(raw: DeployRawInputs): DeployOptions {
  const cluster = parseClusterName(required(DEPLOY_INPUTS.cluster, raw.cluster)).cluster;
  const amiId = parseAmiId(DEPLOY_INPUTS.amiId, required(DEPLOY_INPUTS.amiId, raw.amiId));
  return { ...parseDeploySettings(raw, cluster), amiId };
}

function parseAmiId(input: string, value: string): string {
  if (!AMI_ID.test(value)) throw invalidInput(input, value, 'an AMI id like ami-0123456789abcdef0');
  return value;
}

/** Where each region's AMI comes from: one id, bake-ami's map by region, or what another cluster serves. */
export type ImageSource =
  | { kind: 'ami-id'; amiId: string }
  | { kind: 'amis'; byRegion: Record<string, string> }
  | { kind: 'cluster'; cluster: string };

/** A deploy to one region or to several in waves, its AMI not resolved yet. */
export interface DeployRequest {
  /** Every setting but the AMI, shared by all regions (`region` is the single region, when one). */
  settings: Omit<DeployOptions, 'amiId'>;
  image: ImageSource;
  /** In wave order (the first one alone); undefined: the one region of `region` or AWS_REGION. */
  regions: string[] | undefined;
}

// As the client factory's resolveRegion checks a single region.
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** The action's and the CLI's inputs: every one checked, the AMI source and regions included. */
export function parseDeployRequest(raw: DeployRawInputs): DeployRequest {
  const cluster = parseClusterName(required(DEPLOY_INPUTS.cluster, raw.cluster)).cluster;
  const settings = parseDeploySettings(raw, cluster);
  let regions = parseRegions(raw.regions);
  const amiId = optional(raw.amiId);
  const amis = optional(raw.amis);
  const fromCluster = optional(raw.amiFromCluster);
  const given = [
    amiId && DEPLOY_INPUTS.amiId,
    amis && DEPLOY_INPUTS.amis,
    fromCluster && DEPLOY_INPUTS.amiFromCluster,
  ].filter((name) => name !== undefined && name !== '');
  if (given.length === 0)
    throw invalidInput(
      DEPLOY_INPUTS.amiId,
      '',
      `an AMI id (or ${DEPLOY_INPUTS.amis} by region, or ${DEPLOY_INPUTS.amiFromCluster})`,
    );
  if (given.length > 1) {
    const second = given[1] as keyof typeof RAW_OF;
    throw invalidInput(
      second,
      RAW_OF[second](raw) ?? '',
      `no ${second} beside ${given[0]}: give one source of the AMI`,
    );
  }
  if (regions && settings.region)
    throw invalidInput(
      DEPLOY_INPUTS.regions,
      optional(raw.regions) ?? '',
      `no ${DEPLOY_INPUTS.regions} beside ${DEPLOY_INPUTS.region}: give one of them`,
    );
  let image: ImageSource;
  if (amiId) {
    if (regions && regions.length > 1)
      throw invalidInput(
        DEPLOY_INPUTS.amiId,
        amiId,
        `one AMI per region when deploying to ${regions.length} regions (an AMI id is regional: use ${DEPLOY_INPUTS.amis}, bake-ami's amis output)`,
      );
    image = { kind: 'ami-id', amiId: parseAmiId(DEPLOY_INPUTS.amiId, amiId) };
  } else if (amis) {
    const byRegion = parseAmisByRegion(amis);
    regions ??= settings.region ? [settings.region] : Object.keys(byRegion);
    for (const region of regions) {
      if (!byRegion[region])
        throw invalidInput(DEPLOY_INPUTS.amis, amis, `an AMI for every region deployed (none for ${region})`);
    }
    image = { kind: 'amis', byRegion };
  } else {
    const source = parseClusterName(fromCluster ?? '').cluster;
    if (source === cluster)
      throw invalidInput(DEPLOY_INPUTS.amiFromCluster, source, `another cluster than ${cluster}`);
    image = { kind: 'cluster', cluster: source };
  }
  return { settings, image, regions };
}

const RAW_OF = {
  [DEPLOY_INPUTS.amiId]: (raw: DeployRawInputs) => optional(raw.amiId),
  [DEPLOY_INPUTS.amis]: (raw: DeployRawInputs) => optional(raw.amis),
  [DEPLOY_INPUTS.amiFromCluster]: (raw: DeployRawInputs) => optional(raw.amiFromCluster),
};

/** `us-east-1, eu-west-1` (commas or lines): distinct region names, the first deployed alone. */
export function parseRegions(value: string | undefined): string[] | undefined {
  const text = optional(value);
  if (text === undefined) return undefined;
  const regions = parseList(text);
  const expected = 'region names, comma or newline separated, each once, e.g. us-east-1, eu-west-1';
  if (regions.length === 0) throw invalidInput(DEPLOY_INPUTS.regions, text, expected);
  for (const [i, region] of regions.entries()) {
    if (!REGION.test(region) || regions.indexOf(region) !== i)
      throw invalidInput(DEPLOY_INPUTS.regions, text, expected);
  }
  return regions;
}

/**
 * bake-ami's `amis` output, a JSON object `{"us-east-1":"ami-…"}`, or lines `us-east-1: ami-…` (or `=`):
 * every region a region name, every AMI an AMI id.
 */
export function parseAmisByRegion(text: string): Record<string, string> {
  const expected =
    'a JSON object of region to AMI id (bake-ami\'s amis output), or lines "us-east-1: ami-0123456789abcdef0"';
  let entries: [string, unknown][];
  if (text.trimStart().startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw invalidInput(DEPLOY_INPUTS.amis, text, expected);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw invalidInput(DEPLOY_INPUTS.amis, text, expected);
    entries = Object.entries(parsed);
  } else {
    entries = parseList(text).map((line) => {
      const match = /^([^:=\s]+)\s*[:=]\s*(\S+)$/.exec(line);
      if (!match) throw invalidInput(DEPLOY_INPUTS.amis, text, expected);
      return [match[1] ?? '', match[2]];
    });
  }
  const byRegion: Record<string, string> = {};
  for (const [region, ami] of entries) {
    if (!REGION.test(region) || typeof ami !== 'string' || !AMI_ID.test(ami) || byRegion[region])
      throw invalidInput(DEPLOY_INPUTS.amis, text, expected);
    byRegion[region] = ami;
  }
  if (Object.keys(byRegion).length === 0) throw invalidInput(DEPLOY_INPUTS.amis, text, expected);
  return byRegion;
}

/** Everything but the AMI: the same for every region of a wave. */
function parseDeploySettings(raw: DeployRawInputs, cluster: string): Omit<DeployOptions, 'amiId'> {
  const strategy = parseChoice(DEPLOY_INPUTS.strategy, raw.strategy, STRATEGIES, 'red-black');
  const maxGroups = parseCount(DEPLOY_INPUTS.maxGroups, raw.maxGroups, { min: 2, max: 100 }) ?? 2;
  const healthTimeoutMs = parseDuration(
    DEPLOY_INPUTS.healthTimeout,
    optional(raw.healthTimeout) ?? '10m',
    DURATION_BOUNDS.healthTimeout,
  );
  const subnets = raw.subnets === undefined || !optional(raw.subnets) ? undefined : parseList(raw.subnets);
  for (const subnet of subnets ?? []) {
    if (!SUBNET_ID.test(subnet))
      throw invalidInput(DEPLOY_INPUTS.subnets, subnet, 'subnet ids like subnet-0123abcd');
  }
  const targetGroups = !optional(raw.targetGroups) ? undefined : parseList(raw.targetGroups);
  const minSize = parseCount(DEPLOY_INPUTS.minSize, raw.minSize, CAPACITY);
  const maxSize = parseCount(DEPLOY_INPUTS.maxSize, raw.maxSize, CAPACITY);
  const desiredCapacity = parseCount(DEPLOY_INPUTS.desiredCapacity, raw.desiredCapacity, CAPACITY);
  if (minSize !== undefined && maxSize !== undefined && minSize > maxSize) {
    throw invalidInput(DEPLOY_INPUTS.minSize, String(minSize), `at most max-size (${maxSize})`);
  }
  const instanceType = optional(raw.instanceType);
  if (instanceType && !INSTANCE_TYPE.test(instanceType)) {
    throw invalidInput(DEPLOY_INPUTS.instanceType, instanceType, 'an instance type like t3.micro');
  }
  return {
    cluster,
    region: optional(raw.region),
    strategy,
    maxGroups,
    healthTimeoutMs,
    dryRun: parseBoolean(DEPLOY_INPUTS.dryRun, raw.dryRun, false),
    launchTemplate: optional(raw.launchTemplate),
    subnets,
    targetGroups,
    minSize,
    maxSize,
    desiredCapacity,
    instanceType,
    alarmNames: parseList(raw.alarmNames),
    bakeTimeMs: parseDuration(
      DEPLOY_INPUTS.bakeTime,
      optional(raw.bakeTime) ?? '0',
      DURATION_BOUNDS.bakeTime,
    ),
    lockTimeoutMs: parseDuration(
      DEPLOY_INPUTS.lockTimeout,
      optional(raw.lockTimeout) ?? '0',
      DURATION_BOUNDS.lockTimeout,
    ),
    breakLock: parseBoolean(DEPLOY_INPUTS.breakLock, raw.breakLock, false),
    percentages: parsePercentages(raw.percentages),
    stepWaitMs: parseDuration(
      DEPLOY_INPUTS.stepWait,
      optional(raw.stepWait) ?? '0',
      DURATION_BOUNDS.stepWait,
    ),
    previousGroup: parseChoice(
      DEPLOY_INPUTS.previousGroup,
      raw.previousGroup,
      PREVIOUS_GROUP_POLICIES,
      'keep-warm',
    ),
    disabledTtlMs: parseDuration(
      DEPLOY_INPUTS.disabledTtl,
      optional(raw.disabledTtl) ?? '7d',
      DURATION_BOUNDS.disabledTtl,
    ),
    allowDrop: parseAllowDrop(raw.allowDrop),
  };
}

/** `WarmPoolConfiguration,CapacityRebalance`: field names as the Auto Scaling API spells them. */
export function parseAllowDrop(value: string | undefined): string[] {
  const fields = parseList(value);
  for (const field of fields) {
    if (!/^[A-Z][A-Za-z0-9]*$/.test(field))
      throw invalidInput(
        DEPLOY_INPUTS.allowDrop,
        field,
        'Auto Scaling group field names as DescribeAutoScalingGroups spells them, e.g. WarmPoolConfiguration',
      );
  }
  return fields;
}

/** `25,50,100`: whole percentages, rising, ending at 100. */
export function parsePercentages(value: string | undefined): number[] {
  const text = optional(value) ?? '25,50,100';
  const steps = parseList(text);
  const expected = 'rising whole percentages from 1 to 100 ending at 100, e.g. 25,50,100';
  if (steps.length === 0 || steps.some((p) => !/^\d+$/.test(p)))
    throw invalidInput(DEPLOY_INPUTS.percentages, text, expected);
  const numbers = steps.map(Number);
  const rising = numbers.every((p, i) => p >= 1 && p <= 100 && (i === 0 || p > (numbers[i - 1] ?? 0)));
  if (!rising || numbers.at(-1) !== 100) throw invalidInput(DEPLOY_INPUTS.percentages, text, expected);
  return numbers;
}

/** A deploy's options from code (a rollback that deploys an AMI anew): the inputs' defaults, then these. */
export function deployOptionsFor(
  cluster: string,
  amiId: string,
  overrides: Partial<Omit<DeployOptions, 'cluster' | 'amiId'>> = {},
): DeployOptions {
  return { ...parseDeployOptions({ cluster, amiId }), ...overrides };
}
