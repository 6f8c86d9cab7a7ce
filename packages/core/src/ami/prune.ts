import type { Image, LaunchTemplate } from '@aws-sdk/client-ec2';
import { awsErrorName } from '../aws/errors';
import { createAwsClients, type AwsClients } from '../aws/clients';
import { describeError, ImmutableError } from '../errors';
import { BAKE_TAG_KEYS } from '../packer/bake/tags';
import type { BakeResult } from '../packer/bake/bake';
import { silentLogger, type Logger } from '../runtime';

export interface AmiPruneOptions {
  /** The `immutable:lineage` tag value (see bakeLineage). */
  lineage: string;
  /** How many AMIs of the lineage to keep (the newest, by CreationDate). At least 1. */
  keep: number;
  /** Must be the clients' region when given; the clients' region otherwise. */
  region?: string | undefined;
  /** Always kept, and counted among `keep` (e.g. the AMI a bake just made or reused). */
  protect?: readonly string[];
  /**
   * The repository pruning (`owner/name`): an AMI whose `immutable:repository` tag differs is never pruned.
   * Unset, it is the protected AMI's tag; with neither, a lineage holding AMIs of several repositories is
   * refused.
   */
  repository?: string | undefined;
}

export interface PrunedAmi {
  ami: string;
  name?: string;
  created?: string;
  snapshots: string[];
}

export interface SparedAmi {
  ami: string;
  reason: string;
}

export interface AmiPrunePlan {
  region: string;
  lineage: string;
  keep: number;
  /** Newest first. */
  kept: string[];
  /** What goes (or would go), oldest last. */
  pruned: PrunedAmi[];
  /** Older than the newest `keep` but left alone, with why. */
  spared: SparedAmi[];
}

export interface AmiPruneResult extends AmiPrunePlan {
  dryRun: boolean;
}

type Ec2Clients = Pick<AwsClients, 'ec2' | 'region'>;

/**
 * Reads the lineage's AMIs (ours only: `Owners: ['self']` and our bake tags) and every launch template's
 * default and latest version in the region, and decides what to keep, prune and spare. Changes nothing.
 */
export async function planAmiPrune(
  aws: Ec2Clients,
  options: AmiPruneOptions,
  logger: Logger = silentLogger,
): Promise<AmiPrunePlan> {
  if (!Number.isInteger(options.keep) || options.keep < 1) {
    throw new ImmutableError('INVALID_INPUT', `Invalid keep ${options.keep}: expected a whole number ≥ 1.`);
  }
  if (options.region !== undefined && options.region !== aws.region) {
    throw new ImmutableError('INTERNAL', `Pruning ${options.region} with clients for ${aws.region}.`);
  }
  const [images, inUse] = await Promise.all([lineageImages(aws, options.lineage), amisInUse(aws, logger)]);
  const protect = new Set(options.protect ?? []);
  const plan: AmiPrunePlan = {
    region: aws.region,
    lineage: options.lineage,
    keep: options.keep,
    kept: [],
    pruned: [],
    spared: [],
  };

  const repository = pruningRepository(images, options);
  const ours: Image[] = [];
  for (const image of images) {
    const ami = image.ImageId ?? '';
    const imageRepository = tag(image, BAKE_TAG_KEYS.repository);
    // Someone copied the lineage tag onto an image no bake made, or another repository baked it (a lineage
    // made before it held the repository): not ours to delete.
    const reason = !tag(image, BAKE_TAG_KEYS.bakeHash)
      ? `not made by a bake (no ${BAKE_TAG_KEYS.bakeHash} tag)`
      : !sameRepository(imageRepository, repository)
        ? `baked by another repository (${BAKE_TAG_KEYS.repository} ${JSON.stringify(imageRepository ?? '')}, not ${JSON.stringify(repository ?? '')})`
        : undefined;
    if (reason) {
      plan.spared.push({ ami, reason });
      logger.info(`Spare ${ami} (${JSON.stringify(image.Name ?? 'no name')}): ${reason}.`);
    } else {
      ours.push(image);
    }
  }
  // Newest first; the same second (CreationDate's grain) falls back to the id, so the order is stable.
  ours.sort(
    (a, b) =>
      (b.CreationDate ?? '').localeCompare(a.CreationDate ?? '') ||
      (b.ImageId ?? '').localeCompare(a.ImageId ?? ''),
  );
  const kept = new Set(ours.filter((image) => protect.has(image.ImageId ?? '')).map((i) => i.ImageId ?? ''));
  for (const image of ours) {
    if (kept.size >= options.keep) break;
    kept.add(image.ImageId ?? '');
  }

  for (const image of ours) {
    const ami = image.ImageId ?? '';
    const what = `${ami} (${image.Name ?? 'no name'}, ${image.CreationDate ?? 'no date'})`;
    if (kept.has(ami)) {
      plan.kept.push(ami);
      logger.info(
        `Keep ${what}: ${protect.has(ami) ? 'this bake’s AMI' : `among the newest ${options.keep}`}.`,
      );
      continue;
    }
    const users = inUse.get(ami);
    const reason = users
      ? `used by launch template ${users.join(', ')}`
      : image.State !== 'available'
        ? `state ${image.State ?? 'unknown'}`
        : undefined;
    if (reason) {
      plan.spared.push({ ami, reason });
      logger.info(`Spare ${what}: ${reason}.`);
      continue;
    }
    const snapshots = (image.BlockDeviceMappings ?? []).flatMap((m) =>
      m.Ebs?.SnapshotId ? [m.Ebs.SnapshotId] : [],
    );
    plan.pruned.push({
      ami,
      ...(image.Name !== undefined ? { name: image.Name } : {}),
      ...(image.CreationDate !== undefined ? { created: image.CreationDate } : {}),
      snapshots,
    });
    logger.info(`Prune ${what}${snapshots.length ? ` and snapshot(s) ${snapshots.join(', ')}` : ''}.`);
  }
  return plan;
}

/**
 * Plans, then (unless dry-run) deregisters each pruned AMI and deletes its snapshots. An AMI or snapshot
 * already gone counts as done, so a re-run after a crash finishes the job; other failures are collected and
 * reported together once everything else was tried.
 */
export async function pruneAmis(
  aws: Ec2Clients,
  options: AmiPruneOptions & { dryRun?: boolean },
  logger: Logger = silentLogger,
): Promise<AmiPruneResult> {
  const plan = await planAmiPrune(aws, options, logger);
  const dryRun = options.dryRun === true;
  if (dryRun) {
    logger.info(
      `Dry run: would prune ${plan.pruned.length} AMI(s) of lineage ${plan.lineage} in ${plan.region}; nothing was changed.`,
    );
    return { ...plan, dryRun };
  }
  const failures: string[] = [];
  for (const item of plan.pruned) {
    try {
      await aws.ec2.deregisterImage({ ImageId: item.ami });
      logger.info(`Deregistered ${item.ami}.`);
    } catch (error) {
      if (!isGone(error)) {
        failures.push(`${item.ami}: ${describeError(error)}`);
        continue; // its snapshots still back a registered AMI
      }
    }
    for (const snapshot of item.snapshots) {
      try {
        await aws.ec2.deleteSnapshot({ SnapshotId: snapshot });
        logger.info(`Deleted snapshot ${snapshot} of ${item.ami}.`);
      } catch (error) {
        if (awsErrorName(error) === 'InvalidSnapshot.NotFound') continue;
        failures.push(`snapshot ${snapshot} of ${item.ami}: ${describeError(error)}`);
      }
    }
  }
  if (failures.length > 0) {
    throw new ImmutableError('AWS', `Pruning lineage ${plan.lineage} left: ${failures.join('; ')}`);
  }
  return { ...plan, dryRun };
}

/**
 * What bake-ami and `immutable bake` do with keep-amis: prune the bake's lineage in every region it made
 * AMIs in, never its own AMIs. Returns the pruned AMI ids and the per-region results.
 */
export async function pruneAfterBake(
  result: Pick<BakeResult, 'amis' | 'lineage'>,
  keep: number,
  logger: Logger = silentLogger,
): Promise<AmiPruneResult[]> {
  const results: AmiPruneResult[] = [];
  for (const [region, ami] of Object.entries(result.amis).sort(([a], [b]) => a.localeCompare(b))) {
    const aws = createAwsClients({ region });
    try {
      logger.info(`Pruning lineage ${result.lineage} in ${region}, keeping ${keep}.`);
      results.push(await pruneAmis(aws, { lineage: result.lineage, keep, region, protect: [ami] }, logger));
    } finally {
      aws.destroy();
    }
  }
  return results;
}

export function prunedAmiIds(results: readonly AmiPruneResult[]): string[] {
  return results.flatMap((r) => (r.dryRun ? [] : r.pruned.map((p) => p.ami)));
}

/** The markdown a summary adds for pruning: what went (or would go), what was spared and why, a failure. */
export function pruneSummary(results: readonly AmiPruneResult[], error?: unknown): string {
  if (error !== undefined) return `**AMI pruning failed:** ${describeError(error)}`;
  const first = results[0];
  const pruned = results.flatMap((r) => r.pruned.map((p) => ({ region: r.region, ...p })));
  const spared = results.flatMap((r) => r.spared.map((s) => ({ region: r.region, ...s })));
  const verb = results.some((r) => r.dryRun) ? 'Would prune' : 'Pruned';
  const lineage = first ? ` of lineage \`${first.lineage}\` (keeping ${first.keep})` : '';
  const lines = [
    pruned.length === 0 ? `No AMI pruned${lineage}.` : `${verb} ${pruned.length} older AMI(s)${lineage}:`,
    '',
  ];
  for (const p of pruned) {
    const snapshots = p.snapshots.length ? `, snapshots ${p.snapshots.join(', ')}` : '';
    lines.push(`- ${p.region} ${p.ami}${p.name ? ` (${p.name})` : ''}${snapshots}`);
  }
  for (const s of spared) lines.push(`- spared ${s.region} ${s.ami}: ${s.reason}`);
  return lines.join('\n').trimEnd();
}

async function lineageImages(aws: Ec2Clients, lineage: string): Promise<Image[]> {
  const images: Image[] = [];
  let token: string | undefined;
  do {
    const page = await aws.ec2.describeImages({
      Owners: ['self'],
      Filters: [{ Name: `tag:${BAKE_TAG_KEYS.lineage}`, Values: [lineage] }],
      MaxResults: 1000,
      ...(token ? { NextToken: token } : {}),
    });
    images.push(...(page.Images ?? []));
    token = page.NextToken;
  } while (token);
  // Owners: ['self'] already; the check stays in case a filter is ever dropped.
  return images.filter((image) => image.ImageId && image.State !== 'deregistered');
}

/**
 * AMI → the launch templates whose default or latest version launches it, across every template in the
 * region (cluster groups' own templates, and any other tool's).
 */
async function amisInUse(aws: Ec2Clients, logger: Logger): Promise<Map<string, string[]>> {
  const templates: LaunchTemplate[] = [];
  let token: string | undefined;
  do {
    const page = await aws.ec2.describeLaunchTemplates({
      MaxResults: 200,
      ...(token ? { NextToken: token } : {}),
    });
    templates.push(...(page.LaunchTemplates ?? []));
    token = page.NextToken;
  } while (token);

  const used = new Map<string, string[]>();
  for (const template of templates) {
    if (!template.LaunchTemplateId) continue;
    const versions = await aws.ec2.describeLaunchTemplateVersions({
      LaunchTemplateId: template.LaunchTemplateId,
      Versions: ['$Default', '$Latest'],
    });
    for (const version of versions.LaunchTemplateVersions ?? []) {
      const image = version.LaunchTemplateData?.ImageId;
      if (!image) continue;
      if (image.startsWith('resolve:ssm:')) {
        logger.warn(
          `Launch template ${template.LaunchTemplateName} v${version.VersionNumber} takes its AMI from ${image}: not resolved, so it protects nothing.`,
        );
        continue;
      }
      const which = `${template.LaunchTemplateName ?? template.LaunchTemplateId} v${version.VersionNumber ?? '?'}${version.DefaultVersion ? ' (default)' : ''}`;
      const users = used.get(image) ?? [];
      if (!users.includes(which)) used.set(image, [...users, which]);
    }
  }
  return used;
}

const sameRepository = (a: string | undefined, b: string | undefined): boolean =>
  (a ?? '').toLowerCase() === (b ?? '').toLowerCase();

/** Whose AMIs may go: the caller's repository, else the protected AMI's, else the lineage's only one. */
function pruningRepository(images: readonly Image[], options: AmiPruneOptions): string | undefined {
  if (options.repository !== undefined) return options.repository;
  const protectedImage = images.find((image) => options.protect?.includes(image.ImageId ?? ''));
  if (protectedImage) return tag(protectedImage, BAKE_TAG_KEYS.repository);
  const baked = images.filter((image) => tag(image, BAKE_TAG_KEYS.bakeHash));
  const repositories = [
    ...new Set(baked.map((image) => (tag(image, BAKE_TAG_KEYS.repository) ?? '').toLowerCase())),
  ];
  if (repositories.length > 1) {
    throw new ImmutableError(
      'INVALID_INPUT',
      `Lineage ${options.lineage} holds AMIs of ${repositories.length} repositories (${repositories.map((r) => JSON.stringify(r)).join(', ')}): say whose to prune with repository.`,
    );
  }
  return repositories[0];
}

function tag(image: Image, key: string): string | undefined {
  return image.Tags?.find((t) => t.Key === key)?.Value;
}

function isGone(error: unknown): boolean {
  const name = awsErrorName(error);
  return name === 'InvalidAMIID.NotFound' || name === 'InvalidAMIID.Unavailable';
}
