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
  deploy,
  deployFailureSummary,
  deploySummary,
  describeCluster,
  describeError,
  DEPLOY_INPUTS,
  DEPLOY_OUTPUTS,
  parseDeployOptions,
  type DeployResult,
} from '@immutable-actions/core';

/** deploy-asg: inputs → red/black deploy → outputs, job summary and (with a token) a GitHub deployment. */
export async function run(): Promise<void> {
  await runStep(async () => {
    const { githubToken, ...inputs } = readInputs(DEPLOY_INPUTS);
    const options = parseDeployOptions(inputs);
    const runtime = actionRuntime();
    const aws = createAwsClients({ region: options.region });
    const deployment = new DeployDeployment(githubDeployments(githubToken, runtime.logger));
    try {
      let result: DeployResult;
      try {
        result = await deploy(
          {
            aws,
            runtime,
            signal: cancellationSignal(),
            owner: runOwner(),
            beforeStep: crashHook(),
            // Validated, nothing changed yet: the GitHub deployment starts here (dry runs never get here).
            onEvent: async (event, plan) => {
              if (event.type === 'step-started' && event.step === 'lock') await deployment.start(plan);
            },
          },
          options,
        );
      } catch (error) {
        await deployment.fail(error);
        const now = await describeCluster(aws.autoScaling, options.cluster).catch(() => undefined);
        await writeSummary(
          deployFailureSummary({ ...options, message: describeError(error), now }, runtime.clock.now(), {
            runUrl: runUrl(),
          }),
        );
        throw error;
      }
      setOutputs({
        [DEPLOY_OUTPUTS.asgName]: result.rolledBack ? result.rolledBack.restoredGroup : result.newGroup,
        [DEPLOY_OUTPUTS.previousAsgName]: result.rolledBack ? result.newGroup : (result.previousGroup ?? ''),
        [DEPLOY_OUTPUTS.launchTemplateId]: result.launchTemplateId ?? '',
        [DEPLOY_OUTPUTS.rolledBack]: result.rolledBack !== undefined,
      });
      await deployment.finish(result);
      await writeSummary(deploySummary(result, runtime.clock.now(), { runUrl: runUrl() }));
      if (result.rolledBack) throw result.rolledBack.error;
    } finally {
      aws.destroy();
    }
  });
}
