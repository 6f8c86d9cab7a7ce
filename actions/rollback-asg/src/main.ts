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
  parseRollbackOptions,
  rollback,
  rollbackSummary,
  ROLLBACK_INPUTS,
  ROLLBACK_OUTPUTS,
} from '@immutable-actions/core';

/** rollback-asg: inputs → enable the previous group, then disable the bad one → outputs and job summary. */
export async function run(): Promise<void> {
  await runStep(async () => {
    const { githubToken: _token, ...inputs } = readInputs(ROLLBACK_INPUTS);
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
      await writeSummary(rollbackSummary(result, runtime.clock.now(), { runUrl: runUrl() }));
    } finally {
      aws.destroy();
    }
  });
}
