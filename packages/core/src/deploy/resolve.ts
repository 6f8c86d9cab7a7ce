import type { BlockDeviceMapping, Image } from '@aws-sdk/client-ec2';
import type { AwsClients } from '../aws/clients';
import { isNotFoundError } from '../aws/errors';
import { describeCluster } from '../cluster/describe';
import { ImmutableError, invalidInput } from '../errors';
import { DEPLOY_INPUTS } from './options';

type Clients = Pick<AwsClients, 'ec2' | 'elbv2' | 'region'>;

export interface ResolvedImage {
  id: string;
  name: string | undefined;
  state: string;
}

/** The AMI must exist in this region and be available: a pending or deregistered one fails here, before any change. */
export async function resolveImage(
  aws: Pick<AwsClients, 'ec2' | 'region'>,
  amiId: string,
  input: string = DEPLOY_INPUTS.amiId,
): Promise<ResolvedImage> {
  let image;
  try {
    image = (await aws.ec2.describeImages({ ImageIds: [amiId] })).Images?.[0];
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
  return checkImage(aws, amiId, image, input);
}

function checkImage(
  aws: Pick<AwsClients, 'region'>,
  amiId: string,
  image: Image | undefined,
  input: string,
): ResolvedImage {
  if (!image) throw invalidInput(input, amiId, `an AMI that exists in ${aws.region}`);
  if (image.State !== 'available') {
    throw invalidInput(input, amiId, `an available AMI (it is ${image.State ?? 'unknown'})`);
  }
  return { id: amiId, name: image.Name, state: image.State };
}

/** The AMI to deploy, and the previous group's AMI's volumes for the cost estimate, in one call when they can be. */
export interface ResolvedImages {
  image: ResolvedImage;
  /** The previous AMI's block devices; `error` when it could not be read (the estimate says unknown). */
  previous?: { blockDeviceMappings: BlockDeviceMapping[] | undefined; error?: unknown } | undefined;
}

/**
 * resolveImage, and beside it (same call) the previous group's AMI. AWS refuses the whole call when one id
 * is unknown: then the AMI to deploy is read alone, and the previous one is left unread.
 */
export async function resolveImages(
  aws: Pick<AwsClients, 'ec2' | 'region'>,
  amiId: string,
  previousAmiId: string | undefined,
): Promise<ResolvedImages> {
  if (!previousAmiId) return { image: await resolveImage(aws, amiId) };
  let images;
  try {
    images = (await aws.ec2.describeImages({ ImageIds: [...new Set([amiId, previousAmiId])] })).Images;
  } catch (error) {
    return { image: await resolveImage(aws, amiId), previous: { blockDeviceMappings: undefined, error } };
  }
  const image = images?.find((i) => i.ImageId === amiId);
  const previous = images?.find((i) => i.ImageId === previousAmiId);
  return {
    image: checkImage(aws, amiId, image, DEPLOY_INPUTS.amiId),
    previous: { blockDeviceMappings: previous?.BlockDeviceMappings },
  };
}

/** Where a promoted AMI came from: the cluster (in the same region) and the groups serving it there. */
export interface PromotedImage {
  cluster: string;
  region: string;
  amiId: string;
  groups: string[];
}

/**
 * Spinnaker's "find image from cluster": the one AMI the source cluster serves in this region (its groups in
 * traffic), then the usual checks (it exists here, available). No serving group, or groups
 * serving different AMIs, refuse in one line: promoting a guess would ship what nobody tested.
 */
export async function resolveImageFromCluster(
  aws: Pick<AwsClients, 'autoScaling' | 'ec2' | 'region'>,
  source: string,
): Promise<PromotedImage & { image: ResolvedImage }> {
  const cluster = await describeCluster(aws.autoScaling, source);
  // In traffic, finished or not: a deploy or a rolling shift under way there serves two AMIs, and refuses.
  const serving = cluster.groups.filter((g) => g.enabled && g.capacity.desired > 0);
  const refuse = (found: string) =>
    invalidInput(
      DEPLOY_INPUTS.amiFromCluster,
      source,
      `a cluster serving exactly one AMI in ${aws.region} (${found})`,
    );
  if (cluster.groups.length === 0) throw refuse('it has no group there');
  if (serving.length === 0)
    throw refuse(`no serving group: ${cluster.groups.map((g) => g.name).join(', ')} disabled or empty`);
  const untagged = serving.find((g) => !g.amiId);
  if (untagged) throw refuse(`${untagged.name} serves without a recorded AMI`);
  const amis = [...new Set(serving.map((g) => g.amiId ?? ''))];
  if (amis.length > 1) throw refuse(`it serves several: ${amis.join(', ')}`);
  const amiId = amis[0] ?? '';
  const image = await resolveImage(aws, amiId, DEPLOY_INPUTS.amiFromCluster);
  return { cluster: source, region: aws.region, amiId, groups: serving.map((g) => g.name), image };
}

/** Target groups by name or ARN, each checked; the error names the first one that does not exist. */
export async function resolveTargetGroups(aws: Clients, refs: readonly string[]): Promise<string[]> {
  const arns: string[] = [];
  for (const ref of refs) {
    const byArn = ref.startsWith('arn:');
    let found;
    try {
      const answer = await aws.elbv2.describeTargetGroups(
        byArn ? { TargetGroupArns: [ref] } : { Names: [ref] },
      );
      found = answer.TargetGroups?.[0]?.TargetGroupArn;
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
    if (!found)
      throw invalidInput(DEPLOY_INPUTS.targetGroups, ref, `a target group (name or ARN) in ${aws.region}`);
    arns.push(found);
  }
  return arns;
}

/** Subnets by id, each checked; without any, the default VPC's default subnets (what EC2 would pick). */
export async function resolveSubnets(aws: Clients, ids: readonly string[] | undefined): Promise<string[]> {
  if (ids === undefined) {
    const answer = await aws.ec2.describeSubnets({ Filters: [{ Name: 'default-for-az', Values: ['true'] }] });
    const defaults = (answer.Subnets ?? []).flatMap((s) => (s.SubnetId ? [s.SubnetId] : [])).sort();
    if (defaults.length === 0) {
      throw new ImmutableError(
        'INVALID_INPUT',
        `Invalid subnets "": expected subnet ids (there is no default VPC in ${aws.region}).`,
      );
    }
    return defaults;
  }
  // One call for all; only when one is missing, a call each to name it.
  try {
    const found = (await aws.ec2.describeSubnets({ SubnetIds: [...ids] })).Subnets ?? [];
    if (found.length === ids.length) return [...ids];
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
  for (const id of ids) {
    let found;
    try {
      found = (await aws.ec2.describeSubnets({ SubnetIds: [id] })).Subnets?.[0];
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
    if (!found) throw invalidInput(DEPLOY_INPUTS.subnets, id, `a subnet id in ${aws.region}`);
  }
  return [...ids];
}

/** A malformed id is as missing as an unknown one: both name the input. */
function isMissing(error: unknown): boolean {
  return isNotFoundError(error, /Malformed|InvalidParameterValue|ValidationError/i);
}
