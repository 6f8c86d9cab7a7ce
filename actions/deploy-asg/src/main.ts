import {
  actionRuntime,
  cancellationSignal,
  crashHook,
  DeployDeployment,
  githubDeployments,
  readInputs,
  runOwner,
  runStep,
  runUrl,
  setOutputs,
  writeSummary,
} from '@immutable-actions/action-kit';
import {
  createAwsClients,
  deployInWaves,
  DEPLOY_INPUTS,
  parseDeployRequest,
  wavesError,
  wavesOutputs,
  wavesSummary,
} from '@immutable-actions/core';

/**
 * deploy-asg: inputs → red/black deploy (in waves when several regions) → outputs, job summary and (with a
 * token) a GitHub deployment per region.
 */
export async function run(): Promise<void> {
  await runStep(async () => {
    const { githubToken, ...inputs } = readInputs(DEPLOY_INPUTS);
    const request = parseDeployRequest(inputs);
    const runtime = actionRuntime();
    const deployments = new Map<string, DeployDeployment>();
    const deploymentOf = (region: string) => {
      let deployment = deployments.get(region);
      if (!deployment) {
        deployment = new DeployDeployment(githubDeployments(githubToken, runtime.logger));
        deployments.set(region, deployment);
      }
      return deployment;
    };
    const hook = crashHook();
    const result = await deployInWaves(
      {
        clientsFor: (region) => createAwsClients({ region }),
        runtime,
        signal: cancellationSignal(),
        owner: runOwner(),
        beforeStep: hook && ((step) => hook(step)),
        // Validated, nothing changed yet: the region's GitHub deployment starts here (dry runs never get here).
        onEvent: async (event, plan, region) => {
          if (event.type === 'step-started' && event.step === 'lock') await deploymentOf(region).start(plan);
        },
      },
      request,
    );
    for (const target of result.regions) {
      const deployment = deployments.get(target.region);
      if (!deployment) continue;
      if (target.status === 'failed') await deployment.fail(target.error);
      else if (target.result) await deployment.finish(target.result);
    }
    setOutputs(wavesOutputs(result));
    await writeSummary(wavesSummary(result, runtime.clock.now(), { runUrl: runUrl() }));
    const error = wavesError(result);
    if (error) throw error;
  });
}
