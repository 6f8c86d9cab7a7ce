import {
  actionRuntime,
  cancellationSignal,
  crashHook,
  githubDeployments,
  readInputs,
  recordRollback,
  runOwner,
  runStep,
  runUrl,
  setOutputs,
  writeSummary,
} from '@immutable-actions/action-kit';
import {
  createAwsClients,
  parseRollbackOptions,
  rollback,
  rollbackSummary,
  ROLLBACK_INPUTS,
  ROLLBACK_OUTPUTS,
} from '@immutable-actions/core';

/**
 * rollback-asg: inputs → enable the previous group, then disable the bad one → outputs, job summary and
 * (with a token) the GitHub deployments: the bad one inactive, the restored group's a success.
 */
export async function run(): Promise<void> {
  await runStep(async () => {
    const { githubToken, ...inputs } = readInputs(ROLLBACK_INPUTS);
    const options = parseRollbackOptions(inputs);
    const runtime = actionRuntime();
    const aws = createAwsClients({ region: options.region });
    try {
      const result = await rollback(
        { aws, runtime, signal: cancellationSignal(), owner: runOwner(), beforeStep: crashHook() },
        options,
      );
      setOutputs({
        [ROLLBACK_OUTPUTS.asgName]: result.servingGroup,
        [ROLLBACK_OUTPUTS.previousAsgName]: result.disabledGroup ?? '',
      });
      await recordRollback(githubDeployments(githubToken, runtime.logger), result);
      await writeSummary(rollbackSummary(result, runtime.clock.now(), { runUrl: runUrl() }));
    } finally {
      aws.destroy();
    }
  });
}
