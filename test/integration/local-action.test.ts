import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  parseCommandFile,
  publicAmi,
  REPO_ROOT,
  runAction,
  startPackerMirror,
  useSeededMoto,
  type PackerMirror,
} from '@immutable-actions/test-support';

// Each action run as users debug one: `npx local-action actions/<name> ../../dist/<name>/index.js .env`
// (the first through npx itself, the rest through local-action's entry as its bin starts it)
// (README: "Debugging an action with @github/local-action"), against moto, outputs read from GITHUB_OUTPUT.
jest.setTimeout(240_000);

const { moto, fixtures, net } = useSeededMoto('local');
let mirror: PackerMirror;
let work: string;
/** What local-action's bin runs (`tsx <package>/src/index.ts`). */
const LOCAL_ACTION_ENTRY = join(REPO_ROOT, 'node_modules', '@github', 'local-action', 'src', 'index.ts');

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'local-action-'));
  const packer = spawnSync('sh', ['-c', 'command -v packer'], { encoding: 'utf8' }).stdout.trim();
  mirror = await startPackerMirror({ versions: ['1.6.6'], binary: packer });
});
afterAll(async () => {
  await mirror?.stop();
  rmSync(work, { recursive: true, force: true });
});

interface LocalRun {
  code: number | null;
  output: string;
  outputs: Record<string, string>;
}

/** A .env as the recipe writes it: inputs, moto's environment, and the runner files local-action needs. */
function dotenv(name: string, inputs: Record<string, string>): { path: string; outputFile: string } {
  const dir = mkdtempSync(join(work, `${name}-`));
  const outputFile = join(dir, 'output');
  const summary = join(dir, 'summary');
  // core.summary.write() fails on a missing file; the runner creates both before a step.
  writeFileSync(outputFile, '');
  writeFileSync(summary, '');
  const values: Record<string, string> = {
    ...moto.env,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_WORKSPACE: work,
    RUNNER_TEMP: join(dir, 'temp'),
    RUNNER_TOOL_CACHE: join(work, 'tool-cache'),
  };
  for (const [input, value] of Object.entries(inputs)) values[`INPUT_${input.toUpperCase()}`] = value;
  const path = join(dir, '.env');
  writeFileSync(
    path,
    Object.entries(values)
      .map(([key, value]) => `${key}="${value.replace(/"/g, '\\"')}"`)
      .join('\n') + '\n',
  );
  return { path, outputFile };
}

/**
 * The first run goes through the whole recipe (`npx local-action`, whose bin re-runs itself under
 * `npm exec tsx`); the others start local-action's own entry as that bin does (tsx as a loader, its
 * TARGET_ACTION_PATH and NODE_PACKAGE_MANAGER), the same harness without two npm start-ups (~3 s each).
 */
function localAction(
  name: string,
  inputs: Record<string, string>,
  via: 'npx' | 'entry' = 'entry',
): Promise<LocalRun> {
  const env = dotenv(name, inputs);
  const clean: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(INPUT_|GITHUB_|RUNNER_|AWS_)/.test(key)) clean[key] = value;
  }
  const args = [`actions/${name}`, `../../dist/${name}/index.js`, env.path];
  const [command, argv, extra] =
    via === 'npx'
      ? ['npx', ['--no-install', 'local-action', ...args], {}]
      : [
          process.execPath,
          ['--import', 'tsx', LOCAL_ACTION_ENTRY, 'run', ...args],
          {
            TARGET_ACTION_PATH: join(REPO_ROOT, 'actions', name),
            NODE_PACKAGE_MANAGER: 'npm',
            NODE_NO_WARNINGS: '1',
          },
        ];
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, {
      cwd: REPO_ROOT,
      env: { ...clean, ...extra },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) =>
      resolve({ code, output, outputs: parseCommandFile(readFileSync(env.outputFile, 'utf8')) }),
    );
  });
}

function expectRan(run: LocalRun): void {
  // local-action printed its own frame around our run: this is its harness, not a plain `node` run.
  expect(run.output).toContain('Running Action');
  expect(run.output).not.toMatch(
    /::error::|ERR_PACKAGE_PATH_NOT_EXPORTED|does not export a run\(\) function/,
  );
  expect(run.output).not.toContain('NodeVersionSupportWarning');
  expect(run.code).toBe(0);
}

let packerBinary = '';
let amiId = '';

test('setup-packer installs Packer from the test mirror, verified', async () => {
  const run = await localAction(
    'setup-packer',
    { version: '1.6.6', 'mirror-url': mirror.url, 'public-key': mirror.publicKey },
    'npx',
  );
  expectRan(run);
  expect(run.outputs).toEqual({ version: '1.6.6', path: expect.any(String), 'cache-hit': 'false' });
  packerBinary = join(run.outputs.path ?? '', 'packer');
  expect(existsSync(packerBinary)).toBe(true);
  expect(mirror.requests.map((r) => `${r.status} ${r.path}`)).toEqual(
    expect.arrayContaining([expect.stringMatching(/^200 \/packer\/1\.6\.6\/packer_1\.6\.6_.*\.zip$/)]),
  );
});

test('bake-ami bakes an AMI with that Packer', async () => {
  expect(packerBinary).not.toBe('');
  const source = await publicAmi(fixtures);
  writeFileSync(
    join(work, 'app.pkr.hcl'),
    `source "amazon-ebs" "app" {
  region                  = "us-east-1"
  source_ami              = "${source}"
  instance_type           = "t3.micro"
  ami_name                = "local-\${uuidv4()}"
  communicator            = "none"
  custom_endpoint_ec2     = "${moto.endpoint}"
  skip_region_validation  = true
  skip_metadata_api_check = true
}

build {
  sources = ["source.amazon-ebs.app"]
}
`,
  );
  const run = await localAction('bake-ami', { template: 'app.pkr.hcl', packer: packerBinary });
  expectRan(run);
  expect(run.outputs['ami-id']).toMatch(/^ami-[0-9a-f]+$/);
  expect(run.outputs.reused).toBe('false');
  amiId = run.outputs['ami-id'] ?? '';
});

test('deploy-asg deploys it into an empty cluster', async () => {
  expect(amiId).not.toBe('');
  const run = await localAction('deploy-asg', {
    cluster: 'local',
    'ami-id': amiId,
    'launch-template': net.baseTemplateName,
    'target-groups': net.targetGroupName,
    'desired-capacity': '1',
    'max-size': '2',
  });
  expectRan(run);
  expect(run.outputs).toMatchObject({
    'asg-name': 'local-v000',
    'previous-asg-name': '',
    'launch-template-id': expect.stringMatching(/^lt-/),
    'rolled-back': 'false',
  });
});

test('rollback-asg re-enables the previous group', async () => {
  // A second deploy through the bundle gives the rollback something to go back to.
  const second = await runAction('deploy-asg', {
    inputs: { cluster: 'local', 'ami-id': net.baseAmi },
    env: moto.env,
  });
  expect(second.outputs['asg-name']).toBe('local-v001');
  const run = await localAction('rollback-asg', { cluster: 'local' });
  expectRan(run);
  expect(run.outputs).toEqual({ 'asg-name': 'local-v000', 'previous-asg-name': 'local-v001' });
});
