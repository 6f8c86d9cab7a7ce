import {
  actionRuntime,
  cancellationSignal,
  crashHook,
  readInputs,
  runOwner,
  runStep,
  runUrl,
  setOutputs,
  writeSummary,
} from '@immutable-actions/action-kit';
import {
  createAwsClients,
  deploy,
  deploySummary,
  DEPLOY_INPUTS,
  DEPLOY_OUTPUTS,
  parseDeployOptions,
} from '@immutable-actions/core';

/** deploy-asg: inputs → red/black deploy → outputs and job summary. */
export async function run(): Promise<void> {
  await runStep(async () => {
    const { githubToken: _token, ...inputs } = readInputs(DEPLOY_INPUTS);
    const options = parseDeployOptions(inputs);
    const runtime = actionRuntime();
    const aws = createAwsClients({ region: options.region });
    try {
      const result = await deploy(
        { aws, runtime, signal: cancellationSignal(), owner: runOwner(), beforeStep: crashHook() },
        options,
      );
      setOutputs({
        [DEPLOY_OUTPUTS.asgName]: result.rolledBack ? result.rolledBack.restoredGroup : result.newGroup,
        [DEPLOY_OUTPUTS.previousAsgName]: result.rolledBack ? result.newGroup : (result.previousGroup ?? ''),
        [DEPLOY_OUTPUTS.launchTemplateId]: result.launchTemplateId ?? '',
        [DEPLOY_OUTPUTS.rolledBack]: result.rolledBack !== undefined,
      });
      await writeSummary(deploySummary(result, runtime.clock.now(), { runUrl: runUrl() }));
      if (result.rolledBack) throw result.rolledBack.error;
    } finally {
      aws.destroy();
    }
  });
}
