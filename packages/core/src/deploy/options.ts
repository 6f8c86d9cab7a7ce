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
  githubToken: 'github-token',
} as const;

export const DEPLOY_OUTPUTS = {
  asgName: 'asg-name',
  previousAsgName: 'previous-asg-name',
  launchTemplateId: 'launch-template-id',
  rolledBack: 'rolled-back',
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
}

export type DeployRawInputs = RawInputs<keyof typeof DEPLOY_INPUTS>;

const AMI_ID = /^ami-[0-9a-f]{8,17}$/;
const SUBNET_ID = /^subnet-[0-9a-f]{8,17}$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
const CAPACITY = { min: 0, max: 10_000 };

/** Validates every deploy input at once, before anything talks to AWS. */
export function parseDeployOptions(raw: DeployRawInputs): DeployOptions {
  const cluster = parseClusterName(required(DEPLOY_INPUTS.cluster, raw.cluster)).cluster;
  const amiId = required(DEPLOY_INPUTS.amiId, raw.amiId);
  if (!AMI_ID.test(amiId))
    throw invalidInput(DEPLOY_INPUTS.amiId, amiId, 'an AMI id like ami-0123456789abcdef0');
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
    amiId,
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
