import {
  fixtureClients,
  publicAmi,
  runAction,
  startMoto,
  startPackerMirror,
  type ActionRun,
  type FixtureClients,
  type Moto,
  type PackerMirror,
} from '@immutable-actions/test-support';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { timed } from './util';

function check(run: ActionRun, what: string): ActionRun {
  if (run.exitCode !== 0) {
    throw new Error(
      `${what} failed (exit ${run.exitCode}): ${run.errors.join(' ') || run.stderr.slice(-800)}`,
    );
  }
  return run;
}

export interface SetupPackerResult {
  version: string;
  coldMs: number;
  hitMs: number;
}

/** setup-packer through its bundle: a cold install from a local mirror into a fresh tool cache, then a hit. */
export async function benchSetupPacker(): Promise<SetupPackerResult> {
  if (!existsSync('/usr/bin/packer'))
    throw new Error('/usr/bin/packer is missing: the mirror needs a real binary');
  const version = '1.6.6'; // the mirror's only release holding the real binary, as setup-packer checks `packer version`
  let mirror: PackerMirror | undefined;
  const toolCache = mkdtempSync(join(tmpdir(), 'bench-tool-cache-'));
  try {
    mirror = await startPackerMirror({ versions: [version] });
    const options = {
      inputs: { version, 'mirror-url': mirror.url, 'public-key': mirror.publicKey },
      env: { RUNNER_TOOL_CACHE: toolCache },
    };
    const [cold, coldMs] = await timed(() => runAction('setup-packer', options));
    check(cold, 'setup-packer (cold)');
    const [hit, hitMs] = await timed(() => runAction('setup-packer', options));
    check(hit, 'setup-packer (cache hit)');
    if (cold.outputs['cache-hit'] !== 'false' || hit.outputs['cache-hit'] !== 'true') {
      throw new Error(
        `setup-packer cache-hit outputs were ${cold.outputs['cache-hit']} then ${hit.outputs['cache-hit']}`,
      );
    }
    return { version, coldMs, hitMs };
  } finally {
    await mirror?.stop();
    rmSync(toolCache, { recursive: true, force: true });
  }
}

export interface BakeResult {
  packer: string;
  fullMs: number;
  skipMs: number;
}

/** An amazon-ebs template real Packer bakes against moto in a fraction of a second (no communicator). */
function template(endpoint: string, sourceAmi: string): string {
  return `variable "version" {
  type = string
}

source "amazon-ebs" "app" {
  region                  = "us-east-1"
  source_ami              = "${sourceAmi}"
  instance_type           = "t3.micro"
  ami_name                = "bench-\${var.version}-\${uuidv4()}"
  communicator            = "none"
  custom_endpoint_ec2     = "${endpoint}"
  skip_region_validation  = true
  skip_metadata_api_check = true
}

build {
  sources = ["source.amazon-ebs.app"]
}
`;
}

/** bake-ami through its bundle with skip-unchanged: a full bake with real Packer, then the same bake again (a hit). */
export async function benchBake(): Promise<BakeResult> {
  if (!existsSync('/usr/bin/packer')) throw new Error('/usr/bin/packer is missing');
  let moto: Moto | undefined;
  let fixtures: FixtureClients | undefined;
  const workspace = mkdtempSync(join(tmpdir(), 'bench-bake-'));
  try {
    moto = await startMoto();
    fixtures = fixtureClients(moto);
    writeFileSync(join(workspace, 'app.pkr.hcl'), template(moto.endpoint, await publicAmi(fixtures)));
    const options = {
      inputs: { template: 'app.pkr.hcl', vars: 'version=1.0.0', 'skip-unchanged': 'true' },
      env: { ...moto.env, GITHUB_WORKSPACE: workspace },
      cwd: workspace,
    };
    const [full, fullMs] = await timed(() => runAction('bake-ami', options));
    check(full, 'bake-ami (full bake)');
    const [skip, skipMs] = await timed(() => runAction('bake-ami', options));
    check(skip, 'bake-ami (skip-unchanged)');
    if (full.outputs.reused !== 'false' || skip.outputs.reused !== 'true') {
      throw new Error(`bake-ami reused outputs were ${full.outputs.reused} then ${skip.outputs.reused}`);
    }
    return { packer: '/usr/bin/packer', fullMs, skipMs };
  } finally {
    fixtures?.destroy();
    await moto?.stop();
    rmSync(workspace, { recursive: true, force: true });
  }
}
