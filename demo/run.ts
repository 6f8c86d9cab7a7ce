/**
 * The README's first command (`npm run demo`): the whole main job on an embedded default, against a local
 * AWS emulator. It makes sure Packer and moto are there (prerequisites.ts: installing what is missing the
 * safest way the machine allows), starts moto, seeds a network and a base launch template, bakes an AMI
 * with the real Packer, deploys it red/black, bakes and deploys a second one, and rolls back, printing the
 * cluster after each step. moto is stopped and the temporary folder removed even when a step fails.
 *
 * Environment: PACKER_MIRROR_URL (a releases.hashicorp.com-style mirror, default the official releases,
 * used only when packer is not on PATH), PACKER_VERSION (what to install from it, default ~1.9),
 * PACKER_MIRROR_PUBLIC_KEY (an armored key when the mirror is not signed with HashiCorp's).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  bakeAmi,
  clusterText,
  createAwsClients,
  deploy,
  describeCluster,
  describeError,
  parseBakeOptions,
  parseDeployOptions,
  parseRollbackOptions,
  rollback,
  systemRuntime,
  type AwsClients,
} from '@immutable-actions/core';
import {
  fixtureClients,
  publicAmi,
  seedNetwork,
  startMoto,
  useMotoEnv,
  type Moto,
} from '@immutable-actions/test-support';
import { ensureMoto, ensurePacker, Missing, prependPath, realMachine } from './prerequisites';

const CLUSTER = 'shop-demo';
const POLL = { minDelayMs: 200, maxDelayMs: 1000 };

async function main(signal: AbortSignal): Promise<void> {
  const started = Date.now();
  const runtime = systemRuntime();
  // A Ctrl-C between steps stops at the next one; within a step, the step's own signal handling stops it.
  const say = (line: string) => {
    signal.throwIfAborted();
    console.log(`\n== ${line}`);
  };
  const temp = mkdtempSync(join(tmpdir(), 'immutable-demo-'));
  let moto: Moto | undefined;
  let restoreEnv: (() => void) | undefined;
  let aws: AwsClients | undefined;
  let fixtures: ReturnType<typeof fixtureClients> | undefined;
  try {
    say(`Working in ${temp}`);
    const machine = realMachine(runtime.logger);
    const packer = await ensurePacker(machine);
    const motoBin = ensureMoto(machine);
    if (motoBin) prependPath(process.env, motoBin);

    say('Starting a local AWS emulator (moto)');
    moto = await startEmulator();
    restoreEnv = useMotoEnv(moto);
    fixtures = fixtureClients(moto);
    aws = createAwsClients();
    say(`Emulator ${moto.endpoint} (moto_server port ${moto.port})`);

    say('Seeding a VPC, an ALB with target group shop-web, and launch template shop-base');
    const net = await seedNetwork(fixtures);
    const sourceAmi = await publicAmi(fixtures);
    writeFileSync(join(temp, 'shop.pkr.hcl'), packerTemplate(moto.endpoint, sourceAmi));
    const clients = aws;
    const show = async (title: string) =>
      console.log(
        `\n-- ${title}\n${clusterText(await describeCluster(clients.autoScaling, CLUSTER), Date.now())}`,
      );
    await show('cluster before the first deploy');

    const bake = async (version: string): Promise<string> => {
      say(`Bake ${version}: packer build shop.pkr.hcl (Packer from ${packer})`);
      const result = await bakeAmi({
        options: parseBakeOptions(
          { template: 'shop.pkr.hcl', vars: `version=${version}`, packer, amiTags: 'app=shop' },
          { workspace: temp },
        ),
        provenance: { repository: 'immutable-actions/demo' },
        runtime,
        signal,
      });
      say(
        `Baked ${result.amiId} with Packer ${result.packerVersion} (bake hash ${result.bakeHash.slice(0, 12)}…)`,
      );
      return result.amiId;
    };

    const first = await bake('1.0.0');
    say(`Deploy 1: ${first} into the empty cluster ${CLUSTER}`);
    console.log(
      `   (the CLI: immutable deploy --cluster ${CLUSTER} --ami-id ${first} --launch-template ${net.baseTemplateName} --target-groups ${net.targetGroupName} --desired-capacity 2 --max-size 4)`,
    );
    await deploy(
      { aws, runtime, signal, pollDelays: POLL },
      parseDeployOptions({
        cluster: CLUSTER,
        amiId: first,
        launchTemplate: net.baseTemplateName,
        targetGroups: net.targetGroupName,
        desiredCapacity: '2',
        maxSize: '4',
      }),
    );
    await show('cluster after deploy 1');

    const second = await bake('2.0.0');
    say(`Deploy 2: ${second}, red/black (the first group is disabled and kept warm)`);
    console.log(`   (the CLI: immutable deploy --cluster ${CLUSTER} --ami-id ${second})`);
    await deploy(
      { aws, runtime, signal, pollDelays: POLL },
      parseDeployOptions({ cluster: CLUSTER, amiId: second }),
    );
    await show('cluster after deploy 2');

    say('Rollback: re-enable the warm group, wait until it is healthy, then disable the new one');
    console.log(`   (the CLI: immutable rollback --cluster ${CLUSTER})`);
    const back = await rollback(
      { aws, runtime, signal, pollDelays: POLL },
      parseRollbackOptions({ cluster: CLUSTER }),
    );
    await show(`cluster after the rollback (${back.servingGroup} serves again)`);
    say(
      `Done in ${((Date.now() - started) / 1000).toFixed(1)}s. Stopping the emulator and removing ${temp}.`,
    );
  } finally {
    aws?.destroy();
    fixtures?.destroy();
    restoreEnv?.();
    await moto?.stop();
    rmSync(temp, { recursive: true, force: true });
  }
}

async function startEmulator(): Promise<Moto> {
  try {
    return await startMoto();
  } catch (error) {
    const reason = describeError(error).slice(0, 300);
    throw new Missing(
      /not found/.test(reason)
        ? "moto is not installed: install it with pip install 'moto[server]' (Python 3), then run npm run demo again."
        : `moto_server did not start (${reason}); reinstall it with pip install 'moto[server]'.`,
    );
  }
}

/**
 * amazon-ebs against the emulator, as actions/bake-ami/test/integration bakes: no communicator (moto runs no
 * machines), the EC2 endpoint pointed at moto, no region or metadata checks. Credentials come from moto's env.
 */
function packerTemplate(endpoint: string, sourceAmi: string): string {
  return `variable "version" {
  type = string
}

source "amazon-ebs" "shop" {
  region                  = "us-east-1"
  source_ami              = "${sourceAmi}"
  instance_type           = "t3.micro"
  ami_name                = "shop-\${var.version}-\${uuidv4()}"
  communicator            = "none"
  custom_endpoint_ec2     = "${endpoint}"
  skip_region_validation  = true
  skip_metadata_api_check = true
}

build {
  sources = ["source.amazon-ebs.shop"]
}
`;
}

// The AWS SDK's notice about Node versions it will drop some day is not the demo's output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const controller = new AbortController();
for (const name of ['SIGINT', 'SIGTERM'] as const) {
  process.once(name, () => controller.abort(new Error(`received ${name}`)));
}
main(controller.signal).catch((error: unknown) => {
  console.error(`\ndemo failed: ${error instanceof Missing ? error.message : describeError(error)}`);
  process.exitCode = 1;
});
