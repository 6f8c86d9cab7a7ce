import type { RequestLaunchTemplateData, ResponseLaunchTemplateData } from '@aws-sdk/client-ec2';
import { isNotFoundError } from '../aws/errors';
import type { Ec2Api } from '../aws/clients';
import { ImmutableError } from '../errors';
import type { LaunchTemplateRef } from './model';
import type { Runtime } from '../runtime';
import { createWithRetry } from './consistency';
import { TAGS } from './tags';

export interface ResolvedTemplate {
  id: string;
  name: string;
  version: string;
  data: RequestLaunchTemplateData;
}

/**
 * Finds a template by id (`lt-…`) or name and reads the given version's data (default: its default
 * version): one DescribeLaunchTemplateVersions, which takes either and names the template in its answer.
 */
export async function readLaunchTemplate(
  ec2: Ec2Api,
  ref: LaunchTemplateRef,
  inputName: string,
): Promise<ResolvedTemplate> {
  const label = ref.id ?? ref.name ?? '';
  const version = ref.version ?? '$Default';
  let found;
  try {
    found = (
      await ec2.describeLaunchTemplateVersions({
        ...(ref.id ? { LaunchTemplateId: ref.id } : { LaunchTemplateName: label }),
        Versions: [version],
      })
    ).LaunchTemplateVersions?.[0];
  } catch (error) {
    if (error instanceof Error && /VersionNotFound/i.test(error.name))
      throw notFound(inputName, `${label} version ${version}`);
    if (isNotFound(error)) throw notFound(inputName, label);
    throw error;
  }
  if (!found?.LaunchTemplateId || !found.LaunchTemplateName) throw notFound(inputName, label);
  if (!found.LaunchTemplateData) throw notFound(inputName, `${label} version ${version}`);
  return {
    id: found.LaunchTemplateId,
    name: found.LaunchTemplateName,
    version: String(found.VersionNumber ?? version),
    data: toRequestData(found.LaunchTemplateData),
  };
}

/**
 * DescribeLaunchTemplateVersions answers with the response shape of the same fields CreateLaunchTemplate
 * takes; only the fields the API never accepts back are dropped.
 */
export function toRequestData(data: ResponseLaunchTemplateData): RequestLaunchTemplateData {
  const copy = structuredClone(data) as RequestLaunchTemplateData & Record<string, unknown>;
  delete copy['ElasticGpuSpecifications'];
  delete copy['ElasticInferenceAccelerators'];
  return copy;
}

/** The new group's template: the source's data with the new image (and instance type, when overridden). */
export function templateDataFor(
  source: RequestLaunchTemplateData,
  amiId: string,
  instanceType: string | undefined,
): RequestLaunchTemplateData {
  return { ...source, ImageId: amiId, ...(instanceType ? { InstanceType: instanceType as never } : {}) };
}

/** Creates `<group>` as a launch template, or reuses the one a crashed run left with the same image. */
export async function ensureLaunchTemplate(
  ec2: Ec2Api,
  runtime: Runtime,
  name: string,
  cluster: string,
  data: RequestLaunchTemplateData,
): Promise<{ id: string; version: string; reused: boolean }> {
  const existing = await findTemplateByName(ec2, name);
  if (existing?.LaunchTemplateId) {
    const versions = await ec2.describeLaunchTemplateVersions({
      LaunchTemplateId: existing.LaunchTemplateId,
      Versions: ['$Default'],
    });
    const image = versions.LaunchTemplateVersions?.[0]?.LaunchTemplateData?.ImageId;
    const ours = existing.Tags?.some((t) => t.Key === TAGS.cluster && t.Value === cluster);
    if (ours && image === data.ImageId)
      return { id: existing.LaunchTemplateId, version: '$Default', reused: true };
    if (!ours) {
      throw new ImmutableError(
        'CONFLICT',
        `Launch template ${name} already exists and was not made for cluster ${cluster}: rename or delete it.`,
      );
    }
    // An orphan of ours with another image (its group was never created): replace it.
    await ec2.deleteLaunchTemplate({ LaunchTemplateId: existing.LaunchTemplateId });
  }
  let id: string | undefined;
  const result = await createWithRetry(
    runtime,
    {
      what: `creating launch template ${name}`,
      // The SDK's retry after a lost answer: the template made by the first attempt is ours if it says so.
      onExisting: async () => {
        const found = await findTemplateByName(ec2, name);
        if (!found?.LaunchTemplateId) return 'not-visible-yet';
        const ours = found.Tags?.some((t) => t.Key === TAGS.cluster && t.Value === cluster);
        const image = found.Tags?.find((t) => t.Key === TAGS.ami)?.Value;
        if (!ours || image !== data.ImageId) {
          throw new ImmutableError(
            'CONFLICT',
            `Launch template ${name} appeared while this deploy created it, and is not this deploy's: rename or delete it.`,
          );
        }
        id = found.LaunchTemplateId;
        return 'ours';
      },
    },
    async () => {
      const created = await ec2.createLaunchTemplate({
        LaunchTemplateName: name,
        LaunchTemplateData: data,
        TagSpecifications: [
          {
            ResourceType: 'launch-template',
            Tags: [
              { Key: TAGS.cluster, Value: cluster },
              { Key: TAGS.ami, Value: data.ImageId ?? '' },
            ],
          },
        ],
      });
      id = created.LaunchTemplate?.LaunchTemplateId;
    },
  );
  if (!id) throw new ImmutableError('AWS', `CreateLaunchTemplate for ${name} returned no id.`);
  return { id, version: '$Default', reused: result === 'existing' };
}

export async function findTemplateByName(ec2: Ec2Api, name: string) {
  try {
    const answer = await ec2.describeLaunchTemplates({ LaunchTemplateNames: [name] });
    return answer.LaunchTemplates?.[0];
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** Deletes the template named after a group, if it is ours. Safe to repeat. */
export async function deleteGroupTemplate(ec2: Ec2Api, name: string, cluster: string): Promise<boolean> {
  const template = await findTemplateByName(ec2, name);
  if (!template?.LaunchTemplateId) return false;
  if (!template.Tags?.some((t) => t.Key === TAGS.cluster && t.Value === cluster)) return false;
  await ec2.deleteLaunchTemplate({ LaunchTemplateId: template.LaunchTemplateId });
  return true;
}

function isNotFound(error: unknown): boolean {
  return isNotFoundError(error, /InvalidLaunchTemplateName|InvalidLaunchTemplateId/i);
}

function notFound(inputName: string, value: string): ImmutableError {
  return new ImmutableError(
    'NOT_FOUND',
    `Invalid ${inputName} ${JSON.stringify(value)}: no such launch template.`,
  );
}
