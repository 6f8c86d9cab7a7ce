/**
 * The README's first command: the main job on an embedded default. It starts a local AWS emulator,
 * seeds a network and a base launch template, then deploys red/black twice, printing the cluster
 * after each step, and cleans up after itself.
 */
import {
  clusterText,
  createAwsClients,
  describeCluster,
  deploy,
  parseDeployOptions,
  systemRuntime,
} from '@immutable-actions/core';
import { fixtureClients, makeAmi, seedNetwork, startMoto, useMotoEnv } from '@immutable-actions/test-support';

async function main(): Promise<void> {
  const runtime = systemRuntime();
  const log = (line: string) => console.log(`\n== ${line}`);
  log('Starting a local AWS emulator (moto)');
  const moto = await startMoto();
  const restore = useMotoEnv(moto);
  const fixtures = fixtureClients(moto);
  const aws = createAwsClients();
  try {
    log(
      `Emulator on ${moto.endpoint}; seeding a VPC, an ALB with target group shop-web, and launch template shop-base`,
    );
    const net = await seedNetwork(fixtures);
    const show = async () =>
      console.log(clusterText(await describeCluster(aws.autoScaling, 'shop-demo'), Date.now()));

    const first = await makeAmi(fixtures, 'shop-demo-1');
    log(`Deploy 1: ${first} into the empty cluster shop-demo`);
    await deploy(
      { aws, runtime, pollDelays: { minDelayMs: 200, maxDelayMs: 1000 } },
      parseDeployOptions({
        cluster: 'shop-demo',
        amiId: first,
        launchTemplate: net.baseTemplateName,
        targetGroups: net.targetGroupName,
        desiredCapacity: '2',
        maxSize: '4',
      }),
    );
    await show();

    const second = await makeAmi(fixtures, 'shop-demo-2');
    log(`Deploy 2: ${second}, red/black (the first group is disabled and kept warm)`);
    await deploy(
      { aws, runtime, pollDelays: { minDelayMs: 200, maxDelayMs: 1000 } },
      parseDeployOptions({ cluster: 'shop-demo', amiId: second }),
    );
    await show();
    log('Done. Stopping the emulator: nothing is left running.');
  } finally {
    aws.destroy();
    fixtures.destroy();
    restore();
    await moto.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
