import { ModifyTargetGroupAttributesCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { makeAmi, type FixtureClients, type SeededNetwork } from '../aws-fixtures';
import { deployInProcess } from '../in-process';
import { runAction } from '../runner';
import type { RealisticAws } from './layer';
import { startHealthyFloorSampler, type HealthyFloorSampler } from './sampler';

export interface ServingClusterSetup {
  layer: RealisticAws;
  fixtures: FixtureClients;
  net: SeededNetwork;
  /** Extra inputs of every setup deploy (a strategy, previous-group, …). */
  inputs?: Record<string, string>;
  /** Extra environment of every setup deploy (GITHUB_RUN_ID, …). */
  env?: Record<string, string>;
  /** Instances of the first group. Default 2. */
  desired?: number;
  /** Groups deployed one after the other: 2 leaves a disabled previous group to roll back to. Default 1. */
  versions?: number;
  /**
   * Deploy through deploy-asg's library path in this process (deployInProcess) rather than the bundle:
   * for files where the set-up deploys are not what is tested. Default false.
   */
  inProcess?: boolean;
}

export interface ServingCluster {
  /** Started once the cluster settled: its first sample is the floor to hold. */
  sampler: HealthyFloorSampler;
  /** The AMI of each version, oldest first (group vNNN runs amis[NNN]). */
  amis: string[];
}

/**
 * A cluster's starting point on the realistic layer: `versions` deploys through the bundle, or in this
 * process with `inProcess` (the first creates `<cluster>-v000` with `desired` instances in the seeded
 * target group), everything settled (booted, healthy, drained), then a healthy-floor sampler started.
 * The caller stops the sampler.
 */
export async function servingCluster(cluster: string, setup: ServingClusterSetup): Promise<ServingCluster> {
  const { layer, fixtures, net } = setup;
  const desired = String(setup.desired ?? 2);
  const amis: string[] = [];
  for (let version = 0; version < (setup.versions ?? 1); version++) {
    const ami = await makeAmi(fixtures, `${cluster}-${version + 1}`);
    amis.push(ami);
    const first =
      version === 0
        ? {
            'launch-template': net.baseTemplateName,
            'target-groups': net.targetGroupName,
            'desired-capacity': desired,
            'max-size': desired,
          }
        : {};
    const inputs = { cluster, 'ami-id': ami, ...first, ...setup.inputs };
    const env = { GITHUB_RUN_ID: '4242', ...setup.env };
    if (setup.inProcess) {
      try {
        await deployInProcess(layer, inputs, env);
      } catch (error) {
        throw new Error(`servingCluster: deploy ${version + 1} of ${cluster} failed: ${String(error)}`, {
          cause: error,
        });
      }
    } else {
      const run = await runAction('deploy-asg', { inputs, env: { ...layer.env, ...env } });
      if (run.exitCode !== 0) {
        throw new Error(
          `servingCluster: deploy ${version + 1} of ${cluster} failed: ${run.errors.join('; ')}`,
        );
      }
    }
    await layer.settle();
  }
  const sampler = await startHealthyFloorSampler({ endpoint: layer.endpoint, cluster });
  return { sampler, amis };
}

/**
 * AWS's default deregistration delay is 300 s, which the layer plays and deploys wait out before
 * terminating what served: tests set a short one.
 */
export async function setDeregistrationDelay(
  fixtures: FixtureClients,
  targetGroupArn: string,
  seconds: number,
): Promise<void> {
  await fixtures.elbv2.send(
    new ModifyTargetGroupAttributesCommand({
      TargetGroupArn: targetGroupArn,
      Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: String(seconds) }],
    }),
  );
}

export interface StartedInTest {
  layers: RealisticAws[];
  samplers: HealthyFloorSampler[];
}

/** What a test starts (layers, samplers), stopped after each test (samplers first, while the layer answers). */
export function stopAfterEachTest(): StartedInTest {
  const started: StartedInTest = { layers: [], samplers: [] };
  afterEach(async () => {
    for (const sampler of started.samplers.splice(0)) await sampler.stop();
    for (const layer of started.layers.splice(0)) await layer.stop();
  });
  return started;
}
