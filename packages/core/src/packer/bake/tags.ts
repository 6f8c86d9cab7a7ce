import type { Tag } from '@aws-sdk/client-ec2';
import type { Ec2Api } from '../../aws/clients';

/** Where a bake came from. The action fills it from GITHUB_*; the CLI passes its own. */
export interface BakeProvenance {
  repository?: string;
  commit?: string;
  ref?: string;
  runUrl?: string;
}

export const BAKE_TAG_KEYS = {
  repository: 'immutable:repository',
  commit: 'immutable:commit',
  ref: 'immutable:ref',
  runUrl: 'immutable:run-url',
  packerVersion: 'immutable:packer-version',
  bakeHash: 'immutable:bake-hash',
  /** The regions this bake made AMIs in, so a reuse can find the copies. */
  regions: 'immutable:bake-regions',
  /** Same template and AMI name prefix (see bakeLineage): what keep-amis prunes within. */
  lineage: 'immutable:lineage',
} as const;

export function bakeTags(input: {
  provenance: BakeProvenance;
  packerVersion: string;
  bakeHash: string;
  regions: readonly string[];
  userTags: Record<string, string>;
  lineage?: string;
}): Tag[] {
  const tags: Record<string, string | undefined> = {
    ...input.userTags,
    [BAKE_TAG_KEYS.repository]: input.provenance.repository,
    [BAKE_TAG_KEYS.commit]: input.provenance.commit,
    [BAKE_TAG_KEYS.ref]: input.provenance.ref,
    [BAKE_TAG_KEYS.runUrl]: input.provenance.runUrl,
    [BAKE_TAG_KEYS.packerVersion]: input.packerVersion,
    [BAKE_TAG_KEYS.bakeHash]: input.bakeHash,
    [BAKE_TAG_KEYS.regions]: [...input.regions].sort().join(','),
    [BAKE_TAG_KEYS.lineage]: input.lineage,
  };
  return Object.entries(tags)
    .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '')
    .map(([Key, Value]) => ({ Key, Value: Value.slice(0, 256) }));
}

/** Tags the AMIs of one region and their EBS snapshots, so a snapshot found alone still says where it came from. */
export async function tagImagesAndSnapshots(
  ec2: Ec2Api,
  amiIds: readonly string[],
  tags: Tag[],
): Promise<string[]> {
  const described = await ec2.describeImages({ ImageIds: [...amiIds] });
  const snapshots = (described.Images ?? []).flatMap((image) =>
    (image.BlockDeviceMappings ?? []).flatMap((mapping) =>
      mapping.Ebs?.SnapshotId ? [mapping.Ebs.SnapshotId] : [],
    ),
  );
  await ec2.createTags({ Resources: [...amiIds, ...snapshots], Tags: tags });
  return snapshots;
}

export interface ReusableImage {
  amiId: string;
  regions: string[];
  packerVersion?: string;
}

/** The newest available AMI of ours that carries this bake hash, if any. */
export async function findBakedImage(ec2: Ec2Api, hash: string): Promise<ReusableImage | undefined> {
  const result = await ec2.describeImages({
    Owners: ['self'],
    Filters: [
      { Name: `tag:${BAKE_TAG_KEYS.bakeHash}`, Values: [hash] },
      { Name: 'state', Values: ['available'] },
    ],
  });
  const newest = (result.Images ?? [])
    .filter((image) => image.ImageId && image.State === 'available')
    .sort((a, b) => (b.CreationDate ?? '').localeCompare(a.CreationDate ?? ''))[0];
  if (!newest?.ImageId) return undefined;
  const tag = (key: string) => newest.Tags?.find((t) => t.Key === key)?.Value;
  const packerVersion = tag(BAKE_TAG_KEYS.packerVersion);
  return {
    amiId: newest.ImageId,
    regions: (tag(BAKE_TAG_KEYS.regions) ?? '').split(',').filter(Boolean),
    ...(packerVersion !== undefined ? { packerVersion } : {}),
  };
}
