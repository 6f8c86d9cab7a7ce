import {
  installPacker,
  parseSetupPackerOptions,
  readPackerVersion,
  SETUP_PACKER_INPUTS,
  SETUP_PACKER_OUTPUTS,
} from '@immutable-actions/core';
import {
  actions,
  actionRuntime,
  readInputs,
  runStep,
  setOutputs,
  writeSummary,
} from '@immutable-actions/action-kit';

export async function run(): Promise<void> {
  await runStep(async () => {
    const options = parseSetupPackerOptions(readInputs(SETUP_PACKER_INPUTS), {
      cwd: process.env.GITHUB_WORKSPACE ?? process.cwd(),
    });
    for (const secret of options.secrets) actions.setSecret(secret);
    const installed = await installPacker(options, {
      logger: actionRuntime().logger,
      ...(process.env.RUNNER_TEMP ? { tempDir: process.env.RUNNER_TEMP } : {}),
    });
    actions.addPath(installed.path);
    setOutputs({
      [SETUP_PACKER_OUTPUTS.version]: installed.version,
      [SETUP_PACKER_OUTPUTS.path]: installed.path,
      [SETUP_PACKER_OUTPUTS.cacheHit]: installed.cacheHit,
    });
    const reported = await readPackerVersion(installed.binary);
    actions.info(`packer version: ${reported}`);
    await writeSummary(
      [
        `### Packer ${installed.version}`,
        '',
        `| requested | installed | from | \`packer version\` |`,
        '| --- | --- | --- | --- |',
        `| ${options.requestText} | ${installed.version} | ${installed.cacheHit ? 'tool cache' : options.mirrorUrlShown} | ${reported} |`,
        '',
      ].join('\n'),
    );
  });
}
