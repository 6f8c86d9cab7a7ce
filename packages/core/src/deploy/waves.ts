import type { AwsClients } from '../aws/clients';
import { lastFailedActivity, type FailedActivity } from '../cluster/activities';
import { describeCluster, type Cluster } from '../cluster/describe';
import type { LockOwner } from '../cluster/lock';
import { ImmutableError, describeError, isImmutableError } from '../errors';
import { LOCAL_OWNER } from '../run';
import type { Logger, Runtime } from '../runtime';
import type { WorkflowEvent } from '../workflow/runner';
import { deploy, type DeployResult } from './deploy';
import { DEPLOY_INPUTS, DEPLOY_OUTPUTS, type DeployOptions, type DeployRequest } from './options';
import { planDeploy, type DeployPlan } from './plan';
import { resolveImage, resolveImageFromCluster, type PromotedImage } from './resolve';
import { alertBlock, amiLink, deployFailureSummary, deploySummary, type SummaryLinks } from './summary';

export interface WavesContext {
  /** A region's clients, from the one factory (`createAwsClients({ region })`); destroyed when done. */
  clientsFor: (region: string | undefined) => AwsClients;
  runtime: Runtime;
  signal?: AbortSignal | undefined;
  owner?: LockOwner | undefined;
  beforeStep?: ((step: string, plan: DeployPlan, region: string) => void | Promise<void>) | undefined;
  onEvent?: ((event: WorkflowEvent, plan: DeployPlan, region: string) => void | Promise<void>) | undefined;
  pollDelays?: { minDelayMs: number; maxDelayMs: number };
}

export type RegionStatus = 'deployed' | 'dry-run' | 'rolled-back' | 'failed' | 'not-started';

export interface RegionDeploy {
  region: string;
  /** 1: the first region alone; 2: the rest, in parallel. */
  wave: number;
  options: DeployOptions;
  /** Set with ami-from-cluster: the cluster the AMI serves in, in this region. */
  promotedFrom: PromotedImage | undefined;
  status: RegionStatus;
  result: DeployResult | undefined;
  error: unknown;
  /** After a failure: the cluster as it is now and the new group's last failed launch, for the summary. */
  failure: { now: Cluster | undefined; activity: FailedActivity | undefined } | undefined;
}

export interface WavesResult {
  /** In wave order. */
  regions: RegionDeploy[];
  /** More than one region: logs, errors and outputs name the region. */
  multiRegion: boolean;
  /** The first region (in wave order) that failed; later waves did not start. */
  failed: RegionDeploy | undefined;
}

/**
 * Deploys to each region in waves: the first region alone, then the rest in parallel, each with its own
 * clients and its own cluster lock (the lock lives in the region). Every region's inputs are resolved and
 * validated before the first change anywhere. A failed wave stops the waves: later ones never start, and the
 * regions already done keep serving their new group (nothing is rolled back there).
 */
export async function deployInWaves(context: WavesContext, request: DeployRequest): Promise<WavesResult> {
  const clients = new Map<string, AwsClients>();
  try {
    const names = request.regions ?? [undefined];
    const multiRegion = names.length > 1;
    for (const name of names) {
      const aws = context.clientsFor(name);
      clients.set(aws.region, aws);
    }
    const regions = [...clients.keys()];
    const resolved = await settleInOrder(regions, (region, i) =>
      resolveRegion(clients.get(region) as AwsClients, request, i === 0 ? 1 : 2),
    );
    const failedResolve = resolved.find((r) => r.status === 'rejected');
    if (failedResolve) throw withRegion(failedResolve.reason, failedResolve.region, multiRegion);
    const targets = resolved.map((r) => r.value as RegionDeploy);
    const owner = context.owner ?? LOCAL_OWNER;
    // The first region's deploy validates it before its own first change; every later one is validated
    // here, so a bad value anywhere is refused before any region changes.
    if (!request.settings.dryRun) {
      const later = await settleInOrder(targets.slice(1), (target) =>
        planDeploy(clients.get(target.region) as AwsClients, target.options, { owner }),
      );
      const refused = later.find((r) => r.status === 'rejected');
      if (refused) throw withRegion(refused.reason, refused.region, multiRegion);
    }
    for (const target of targets) {
      if (target.promotedFrom)
        loggerFor(context.runtime.logger, target.region, multiRegion).info(
          `Promoting ${target.options.amiId} from ${target.promotedFrom.cluster}, where ${target.promotedFrom.groups.join(', ')} serve${target.promotedFrom.groups.length === 1 ? 's' : ''} it.`,
        );
    }

    for (const wave of [1, 2]) {
      const inWave = targets.filter((t) => t.wave === wave);
      if (inWave.length === 0) continue;
      if (multiRegion)
        context.runtime.logger.info(
          `Wave ${wave}: ${inWave.map((t) => t.region).join(', ')}${inWave.length > 1 ? ' in parallel' : ''}`,
        );
      await Promise.all(
        inWave.map((target) =>
          deployRegion(context, clients.get(target.region) as AwsClients, target, multiRegion),
        ),
      );
      if (inWave.some((t) => t.status === 'failed' || t.status === 'rolled-back')) break;
    }
    const failed = targets.find((t) => t.status === 'failed' || t.status === 'rolled-back');
    if (failed && multiRegion) {
      const done = targets.filter((t) => t.status === 'deployed').map((t) => t.region);
      const skipped = targets.filter((t) => t.status === 'not-started').map((t) => t.region);
      context.runtime.logger.warn(
        `Waves stopped at ${failed.region}.${done.length ? ` ${done.join(', ')} keep serving the new AMI (not rolled back).` : ''}${skipped.length ? ` Not started: ${skipped.join(', ')}.` : ''}`,
      );
    }
    return { regions: targets, multiRegion, failed };
  } finally {
    for (const aws of clients.values()) aws.destroy();
  }
}

/** The region's AMI from the request's source; with ami-from-cluster, what that cluster serves in this region. */
async function resolveRegion(aws: AwsClients, request: DeployRequest, wave: number): Promise<RegionDeploy> {
  const { image } = request;
  let amiId: string;
  let promotedFrom: PromotedImage | undefined;
  if (image.kind === 'ami-id') amiId = image.amiId;
  else if (image.kind === 'amis') {
    amiId = image.byRegion[aws.region] ?? '';
    // Named as the user gave it: bake-ami's map may hold an id of another region.
    await resolveImage(aws, amiId, DEPLOY_INPUTS.amis);
  } else {
    const found = await resolveImageFromCluster(aws, image.cluster);
    amiId = found.amiId;
    promotedFrom = { cluster: found.cluster, region: found.region, amiId, groups: found.groups };
  }
  return {
    region: aws.region,
    wave,
    options: {
      ...request.settings,
      region: aws.region,
      amiId,
      ...(promotedFrom ? { promotedFrom: promotedFrom.cluster } : {}),
    },
    promotedFrom,
    status: 'not-started',
    result: undefined,
    error: undefined,
    failure: undefined,
  };
}

async function deployRegion(
  context: WavesContext,
  aws: AwsClients,
  target: RegionDeploy,
  multiRegion: boolean,
): Promise<void> {
  const { region } = target;
  const runtime = multiRegion
    ? { ...context.runtime, logger: loggerFor(context.runtime.logger, region, true) }
    : context.runtime;
  try {
    const result = await deploy(
      {
        aws,
        runtime,
        signal: context.signal,
        owner: context.owner,
        beforeStep: context.beforeStep && ((step, plan) => context.beforeStep?.(step, plan, region)),
        onEvent: context.onEvent && ((event, plan) => context.onEvent?.(event, plan, region)),
        ...(context.pollDelays ? { pollDelays: context.pollDelays } : {}),
      },
      target.options,
    );
    target.result = result;
    target.status = result.rolledBack ? 'rolled-back' : result.dryRun ? 'dry-run' : 'deployed';
    if (result.rolledBack) target.error = result.rolledBack.error;
  } catch (error) {
    target.status = 'failed';
    target.error = error;
    // With one region the step's own failure says it; with several, the log says which region failed when.
    if (multiRegion) runtime.logger.warn(`Deploy failed: ${describeError(error)}`);
    const now = await describeCluster(aws.autoScaling, target.options.cluster).catch(() => undefined);
    const newGroup = now?.groups.filter((g) => g.amiId === target.options.amiId).at(-1);
    const activity = newGroup ? await lastFailedActivity(aws, newGroup.name) : undefined;
    target.failure = { now, activity };
  }
}

/** Each region's outcome, in the regions' order, so the first refusal named is always the same one. */
async function settleInOrder<T extends { region: string } | string, R>(
  items: readonly T[],
  work: (item: T, index: number) => Promise<R>,
): Promise<{ region: string; status: 'fulfilled' | 'rejected'; value?: R; reason?: unknown }[]> {
  const settled = await Promise.allSettled(items.map((item, i) => work(item, i)));
  return settled.map((s, i) => {
    const item = items[i] as T;
    const region = typeof item === 'string' ? item : item.region;
    return s.status === 'fulfilled'
      ? { region, status: 'fulfilled', value: s.value }
      : { region, status: 'rejected', reason: s.reason };
  });
}

/** With several regions, an error says which: `eu-west-1: Invalid …`. */
function withRegion(error: unknown, region: string, multiRegion: boolean): unknown {
  if (!multiRegion) return error;
  const message = `${region}: ${describeError(error)}`;
  return isImmutableError(error)
    ? new ImmutableError(error.code, message, { cause: error })
    : new ImmutableError('AWS', message, { cause: error });
}

function loggerFor(logger: Logger, region: string, multiRegion: boolean): Logger {
  if (!multiRegion) return logger;
  const prefix = `[${region}] `;
  return {
    info: (m) => logger.info(prefix + m),
    warn: (m) => logger.warn(prefix + m),
    debug: (m) => logger.debug(prefix + m),
  };
}

/** The wave's one-line failure: the region, its error, and what the other regions are left doing. */
export function wavesError(result: WavesResult): unknown {
  const { failed } = result;
  if (!failed) return undefined;
  if (!result.multiRegion) return failed.error;
  const done = result.regions.filter((r) => r.status === 'deployed').map((r) => r.region);
  const skipped = result.regions.filter((r) => r.status === 'not-started').map((r) => r.region);
  const code = isImmutableError(failed.error) ? failed.error.code : 'AWS';
  return new ImmutableError(
    code,
    `${failed.region} (wave ${failed.wave}): ${describeError(failed.error)}${done.length ? ` Done and serving the new AMI: ${done.join(', ')}.` : ''}${skipped.length ? ` Not started: ${skipped.join(', ')}.` : ''}`,
    { cause: failed.error },
  );
}

/** `promoted from shop-staging (ami-…)`, for the summary and the log. */
export function provenanceText(target: RegionDeploy): string | undefined {
  const from = target.promotedFrom;
  return from
    ? `promoted from ${from.cluster} (${from.amiId}), served there by ${from.groups.join(', ')}`
    : undefined;
}

/**
 * The outputs: with one region, those of a single deploy (asg-name, …); always the maps by region
 * (`amis`, `asg-names`: the group serving in each region deployed) and the region that failed, if any.
 */
export function wavesOutputs(result: WavesResult): Record<string, string | boolean> {
  const outputs: Record<string, string | boolean> = {};
  const only = result.multiRegion ? undefined : result.regions[0];
  const single = only?.result;
  if (only && single) {
    outputs[DEPLOY_OUTPUTS.asgName] = single.rolledBack ? single.rolledBack.restoredGroup : single.newGroup;
    outputs[DEPLOY_OUTPUTS.previousAsgName] = single.rolledBack
      ? single.newGroup
      : (single.previousGroup ?? '');
    outputs[DEPLOY_OUTPUTS.launchTemplateId] = single.launchTemplateId ?? '';
    outputs[DEPLOY_OUTPUTS.rolledBack] = single.rolledBack !== undefined;
  }
  if (only) outputs[DEPLOY_OUTPUTS.amiId] = only.options.amiId;
  const serving: Record<string, string> = {};
  for (const target of result.regions) {
    const r = target.result;
    if (r && !r.dryRun) serving[target.region] = r.rolledBack ? r.rolledBack.restoredGroup : r.newGroup;
  }
  outputs[DEPLOY_OUTPUTS.amis] = JSON.stringify(
    Object.fromEntries(result.regions.map((t) => [t.region, t.options.amiId])),
  );
  outputs[DEPLOY_OUTPUTS.asgNames] = JSON.stringify(serving);
  outputs[DEPLOY_OUTPUTS.failedRegion] = result.failed?.region ?? '';
  return outputs;
}

const STATUS_TEXT: Record<RegionStatus, string> = {
  deployed: 'deployed, serving',
  'dry-run': 'dry run',
  'rolled-back': 'rolled back by an alarm',
  failed: '**failed**',
  'not-started': 'not started (an earlier wave failed)',
};

/**
 * The job summary: one region's as a single deploy's; several, a table by region (wave, AMI, outcome, the
 * group serving), then each region's own summary.
 */
export function wavesSummary(result: WavesResult, now: number, links: SummaryLinks = {}): string {
  const sections = result.regions.flatMap((target) => {
    const regionLinks = { ...links, provenance: provenanceText(target) };
    const section = (text: string) =>
      result.multiRegion ? text.replace(/^### deploy-asg/, `#### ${target.region}: deploy-asg`) : text;
    if (target.result) return [section(deploySummary(target.result, now, regionLinks))];
    if (target.status === 'failed')
      return [
        section(
          deployFailureSummary(
            {
              cluster: target.options.cluster,
              amiId: target.options.amiId,
              region: target.region,
              message: describeError(target.error),
              now: target.failure?.now,
              activity: target.failure?.activity,
            },
            now,
            regionLinks,
          ),
        ),
      ];
    return [];
  });
  if (!result.multiRegion) return sections.join('\n');
  const cluster = result.regions[0]?.options.cluster ?? '';
  const lines = [`### deploy-asg: ${cluster} in ${result.regions.length} regions`, ''];
  if (result.failed) {
    const done = result.regions.filter((t) => t.status === 'deployed').map((t) => t.region);
    lines.push(
      ...alertBlock('CAUTION', [
        `**Waves stopped** at ${result.failed.region} (wave ${result.failed.wave}): ${describeError(result.failed.error)}`,
        done.length > 0
          ? `${done.join(', ')} keep serving the new AMI: nothing was rolled back there. Fix the cause and re-run this deploy (done regions find their deploy finished), or roll them back with rollback-asg.`
          : 'No region changed traffic. Fix the cause and re-run this deploy.',
      ]),
      '',
    );
  }
  lines.push('| Region | Wave | AMI | Outcome | Serving |', '| --- | --- | --- | --- | --- |');
  for (const target of result.regions) {
    const r = target.result;
    const group = r && !r.dryRun ? (r.rolledBack ? r.rolledBack.restoredGroup : r.newGroup) : '';
    lines.push(
      `| ${target.region} | ${target.wave} | ${amiLink(target.options.amiId, target.region)} | ${STATUS_TEXT[target.status]} | ${group} |`,
    );
  }
  lines.push('', ...sections);
  return lines.join('\n');
}
