import type { AwsClients } from '../aws/clients';
import { isNotFoundError } from '../aws/errors';
import { invalidInput } from '../errors';
import { ROLLBACK_INPUTS } from './options';

/**
 * The AMI `to:` names, when no group of the cluster runs it and it must be deployed anew: it must exist, be
 * available, and be owned by this account or an allowed owner. DescribeImages with `Owners` answers only such
 * AMIs, so a public AMI of a stranger (which anyone can launch) reads as not found to us, and is refused.
 */
export async function resolveRollbackImage(
  aws: Pick<AwsClients, 'ec2' | 'region'>,
  amiId: string,
  cluster: string,
  allowedOwners: readonly string[],
): Promise<string> {
  const find = async (owners?: readonly string[]) => {
    try {
      // A filter, not ImageIds: with ImageIds, moto answers an image whatever Owners says.
      const answer = await aws.ec2.describeImages(
        owners
          ? { Owners: [...owners], Filters: [{ Name: 'image-id', Values: [amiId] }] }
          : { ImageIds: [amiId] },
      );
      return answer.Images?.[0];
    } catch (error) {
      if (isNotFoundError(error, /InvalidAMIID/)) return undefined;
      throw error;
    }
  };
  const owned = await find(allowedOwners);
  if (owned?.State === 'available') return amiId;
  if (owned) {
    throw invalidInput(ROLLBACK_INPUTS.to, amiId, `an available AMI (it is ${owned.State ?? 'unknown'})`);
  }
  const anyone = await find();
  if (!anyone) {
    throw invalidInput(
      ROLLBACK_INPUTS.to,
      amiId,
      `an AMI that exists in ${aws.region} (no group of ${cluster} runs it)`,
    );
  }
  throw invalidInput(
    ROLLBACK_INPUTS.to,
    amiId,
    `an AMI owned by this account or by ${ROLLBACK_INPUTS.allowedAmiOwners} (${allowedOwners.join(', ')}); it is owned by ${anyone.OwnerId ?? 'an unknown account'}`,
  );
}
