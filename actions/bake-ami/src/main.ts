import { randomBytes } from 'node:crypto';
import {
  actions,
  actionRuntime,
  cancellationSignal,
  readInputs,
  runStep,
  runUrl,
  setOutputs,
  writeSummary,
} from '@immutable-actions/action-kit';
import {
  bakeAmi,
  bakeSummary,
  BAKE_INPUTS,
  BAKE_OUTPUTS,
  parseBakeOptions,
  pruneAfterBake,
  prunedAmiIds,
  pruneSummary,
  secretVarValues,
  type BakeProvenance,
} from '@immutable-actions/core';

/** bake-ami: inputs → (reuse or) packer build → tags → (keep-amis) prune the lineage → outputs and summary. */
export async function run(): Promise<void> {
  await runStep(async () => {
    const options = parseBakeOptions(readInputs(BAKE_INPUTS), {
      workspace: process.env.GITHUB_WORKSPACE ?? process.cwd(),
    });
    // Before Packer can echo them.
    for (const secret of secretVarValues(options.vars, options.secretVars, process.env)) {
      actions.setSecret(secret);
    }
    if (options.githubToken) actions.setSecret(options.githubToken);
    const runtime = actionRuntime();

    const result = await bakeAmi({
      options,
      provenance: provenanceFromEnv(process.env),
      runtime,
      signal: cancellationSignal(),
      group: async (title, body) => {
        actions.startGroup(title);
        // Packer's text is untrusted (a provisioner, a plugin, a var's value): no line of it may be read
        // as a workflow command. The token is random, so that text cannot end the block either.
        const token = randomBytes(16).toString('hex');
        actions.info(`::stop-commands::${token}`);
        try {
          return await body();
        } finally {
          actions.info(`::${token}::`);
          actions.endGroup();
        }
      },
    });

    setOutputs({
      [BAKE_OUTPUTS.amiId]: result.amiId,
      [BAKE_OUTPUTS.amis]: JSON.stringify(result.amis),
      [BAKE_OUTPUTS.manifest]: result.manifest,
      [BAKE_OUTPUTS.reused]: result.reused,
      [BAKE_OUTPUTS.boxPath]: result.boxPath,
    });
    // The AMI is made and tagged: a failed prune still reports it, then fails the step.
    const pruning = options.keepAmis
      ? await pruneAfterBake(result, options.keepAmis, runtime.logger).then(
          (results) => ({ results, error: undefined }),
          (error: unknown) => ({ results: [], error }),
        )
      : undefined;
    setOutputs({ [BAKE_OUTPUTS.prunedAmis]: JSON.stringify(prunedAmiIds(pruning?.results ?? [])) });
    await writeSummary(
      bakeSummary(result, { runUrl: runUrl() }) +
        (pruning ? `\n${pruneSummary(pruning.results, pruning.error)}\n` : ''),
    );
    if (pruning?.error !== undefined) throw pruning.error;
  });
}

function provenanceFromEnv(env: NodeJS.ProcessEnv): BakeProvenance {
  const { GITHUB_REPOSITORY, GITHUB_SHA, GITHUB_REF } = env;
  const url = runUrl();
  return {
    ...(GITHUB_REPOSITORY ? { repository: GITHUB_REPOSITORY } : {}),
    ...(GITHUB_SHA ? { commit: GITHUB_SHA } : {}),
    ...(GITHUB_REF ? { ref: GITHUB_REF } : {}),
    ...(url ? { runUrl: url } : {}),
  };
}
