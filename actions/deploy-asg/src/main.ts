import {
  actionRuntime,
  cancellationSignal,
  readInputs,
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
    const options = parseDeployOptions(readInputs(DEPLOY_INPUTS));
    const runtime = actionRuntime();
    const aws = createAwsClients({ region: options.region });
    try {
      const result = await deploy({ aws, runtime, signal: cancellationSignal(), runId: runUrl() }, options);
      setOutputs({
        [DEPLOY_OUTPUTS.asgName]: result.newGroup,
        [DEPLOY_OUTPUTS.previousAsgName]: result.previousGroup ?? '',
        [DEPLOY_OUTPUTS.launchTemplateId]: result.launchTemplateId ?? '',
      });
      await writeSummary(deploySummary(result, runtime.clock.now(), { runUrl: runUrl() }));
    } finally {
      aws.destroy();
    }
  });
}
