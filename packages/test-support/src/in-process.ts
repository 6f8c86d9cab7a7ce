import type { RollbackResult, WavesResult } from '@immutable-actions/core';
import { useMotoEnv, type Moto } from './moto';
import { RUN_GITHUB_ENV } from './runner';

/** Where the calls go: moto, or a layer in front of it (the realistic layer, a proxy). */
export type InProcessTarget = Pick<Moto, 'endpoint' | 'env'>;

/** Short poll delays for in-process set-up: the same checks, looked at more often (moto answers at once). */
const SETUP_POLL = { minDelayMs: 50, maxDelayMs: 250 };

/**
 * Runs deploy-asg's library path in this process, with the action's inputs as the runner passes them
 * (`{ cluster, 'ami-id', 'launch-template', … }`) and the env a bundle run would get (runAction's RUN_GITHUB_ENV:
 * the same owner, so the same tags and lock holder): what the action's main does, minus the process, its outputs and the
 * summary. For set-up where the bundle is not what is tested (the cluster a kill test starts from):
 * each bundle run costs a node start and the bundle's load. Throws what the action would fail with.
 * The SDK reads credentials and region from process.env, set to the target's for the call: runs of one
 * file may overlap only when they share a target.
 */
export async function deployInProcess(
  moto: InProcessTarget,
  inputs: Record<string, string>,
  env: Record<string, string | undefined> = {},
): Promise<WavesResult> {
  const core = await import('@immutable-actions/core');
  const raw = rawInputs(core.DEPLOY_INPUTS, inputs);
  const request = core.parseDeployRequest(raw);
  const restore = useMotoEnv(moto);
  try {
    const result = await core.deployInWaves(
      {
        clientsFor: (region) => core.createAwsClients({ region, endpoint: moto.endpoint }),
        runtime: core.systemRuntime(quietLogger),
        owner: core.runOwnerFrom({ ...RUN_GITHUB_ENV, ...env }),
        pollDelays: SETUP_POLL,
      },
      request,
    );
    const error = core.wavesError(result);
    if (error) throw error;
    return result;
  } finally {
    restore();
  }
}

/** rollback-asg's library path in this process, as deployInProcess is deploy-asg's. */
export async function rollbackInProcess(
  moto: InProcessTarget,
  inputs: Record<string, string>,
  env: Record<string, string | undefined> = {},
): Promise<RollbackResult> {
  const core = await import('@immutable-actions/core');
  const options = core.parseRollbackOptions(rawInputs(core.ROLLBACK_INPUTS, inputs));
  const restore = useMotoEnv(moto);
  const aws = core.createAwsClients({ region: options.region, endpoint: moto.endpoint });
  try {
    return await core.rollback(
      {
        aws,
        runtime: core.systemRuntime(quietLogger),
        owner: core.runOwnerFrom({ ...RUN_GITHUB_ENV, ...env }),
        pollDelays: SETUP_POLL,
      },
      options,
    );
  } finally {
    aws.destroy();
    restore();
  }
}

/** Input names (as in action.yml) to the parser's keys; an empty value is "not given", as readInput says. */
function rawInputs<T extends Record<string, string>>(
  names: T,
  inputs: Record<string, string>,
): { [K in keyof T]: string | undefined } {
  const keyOf = new Map(Object.entries(names).map(([key, name]) => [name, key]));
  const raw: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(inputs)) {
    const key = keyOf.get(name);
    if (!key) throw new Error(`in-process run: no input named ${name}`);
    raw[key] = value === '' ? undefined : value;
  }
  return raw as { [K in keyof T]: string | undefined };
}

const quietLogger = { info: () => {}, warn: () => {}, debug: () => {} };
