import { DURATION_BOUNDS, parseDuration } from '../duration';
import { invalidInput } from '../errors';
import { optional, parseBoolean, parseList, required, type RawInputs } from '../inputs';
import { parseClusterName, parseGroupName, formatGroupName } from '../naming/names';

export const ROLLBACK_INPUTS = {
  cluster: 'cluster',
  region: 'region',
  to: 'to',
  healthTimeout: 'health-timeout',
  dryRun: 'dry-run',
  lockTimeout: 'lock-timeout',
  breakLock: 'break-lock',
  githubToken: 'github-token',
  allowedAmiOwners: 'allowed-ami-owners',
} as const;

export const ROLLBACK_OUTPUTS = {
  asgName: 'asg-name',
  previousAsgName: 'previous-asg-name',
} as const;

/** What to roll back to: the default candidate, a group of the cluster, or an AMI. */
export type RollbackTarget =
  { kind: 'previous' } | { kind: 'group'; name: string } | { kind: 'ami'; amiId: string };

export interface RollbackOptions {
  cluster: string;
  region: string | undefined;
  to: RollbackTarget;
  healthTimeoutMs: number;
  dryRun: boolean;
  lockTimeoutMs: number;
  /** Break another holder's lock on purpose (its holder is gone); the log names who held it. */
  breakLock: boolean;
  /**
   * Who may own an AMI that `to:` deploys anew, besides this account (`self`): account ids or the aliases
   * `amazon` and `aws-marketplace`. A public AMI of anyone else is refused.
   */
  allowedAmiOwners: string[];
}

export type RollbackRawInputs = RawInputs<keyof typeof ROLLBACK_INPUTS>;

export function parseRollbackOptions(raw: RollbackRawInputs): RollbackOptions {
  const cluster = parseClusterName(required(ROLLBACK_INPUTS.cluster, raw.cluster)).cluster;
  const healthTimeoutMs = parseDuration(
    ROLLBACK_INPUTS.healthTimeout,
    optional(raw.healthTimeout) ?? '10m',
    DURATION_BOUNDS.healthTimeout,
  );
  return {
    cluster,
    region: optional(raw.region),
    to: parseTarget(cluster, optional(raw.to)),
    allowedAmiOwners: parseAmiOwners(raw.allowedAmiOwners),
    healthTimeoutMs,
    dryRun: parseBoolean(ROLLBACK_INPUTS.dryRun, raw.dryRun, false),
    lockTimeoutMs: parseDuration(
      ROLLBACK_INPUTS.lockTimeout,
      optional(raw.lockTimeout) ?? '0',
      DURATION_BOUNDS.lockTimeout,
    ),
    breakLock: parseBoolean(ROLLBACK_INPUTS.breakLock, raw.breakLock, false),
  };
}

function parseTarget(cluster: string, to: string | undefined): RollbackTarget {
  if (to === undefined) return { kind: 'previous' };
  if (/^ami-[0-9a-f]{8,17}$/.test(to)) return { kind: 'ami', amiId: to };
  const version = /^v(\d{3,6})$/.exec(to);
  if (version?.[1]) return { kind: 'group', name: formatGroupName(cluster, Number(version[1])) };
  if (parseGroupName(to)?.cluster === cluster) return { kind: 'group', name: to };
  throw invalidInput(
    ROLLBACK_INPUTS.to,
    to,
    `a group of cluster ${cluster} (${cluster}-vNNN), a version (v012) or an AMI id`,
  );
}

const AMI_OWNER = /^(\d{12}|self|amazon|aws-marketplace)$/;

function parseAmiOwners(value: string | undefined): string[] {
  const owners = parseList(value);
  for (const owner of owners) {
    if (!AMI_OWNER.test(owner)) {
      throw invalidInput(
        ROLLBACK_INPUTS.allowedAmiOwners,
        owner,
        '12-digit AWS account ids, self, amazon or aws-marketplace, comma-separated',
      );
    }
  }
  return ['self', ...owners.filter((owner) => owner !== 'self')];
}
