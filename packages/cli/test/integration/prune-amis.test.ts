import { DescribeImagesCommand } from '@aws-sdk/client-ec2';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  bakeLineage,
  bakeTags,
  createAwsClients,
  tagImagesAndSnapshots,
  type AwsClients,
} from '@immutable-actions/core';
import {
  fixtureClients,
  makeAmi,
  startMoto,
  useMotoEnv,
  type FixtureClients,
  type Moto,
} from '@immutable-actions/test-support';
import { cliIn } from '../run-cli';

// immutable prune-amis through main() against moto; AMIs tagged by the bake's own tagging code.
let moto: Moto;
let restoreEnv: () => void;
let fixtures: FixtureClients;
let aws: AwsClients;

beforeAll(async () => {
  moto = await startMoto();
  restoreEnv = useMotoEnv(moto);
  fixtures = fixtureClients(moto);
  aws = createAwsClients({ maxAttempts: 1 });
});

afterAll(async () => {
  aws?.destroy();
  fixtures?.destroy();
  restoreEnv?.();
  await moto?.stop();
});

const cli = (cwd: string, ...argv: string[]) => cliIn(cwd, ...argv);

async function ownImageIds(): Promise<string[]> {
  return ((await fixtures.ec2.send(new DescribeImagesCommand({ Owners: ['self'] }))).Images ?? []).map(
    (i) => i.ImageId ?? '',
  );
}

it('prune-amis --template … --keep 1: --dry-run --json lists, then the older AMI goes', async () => {
  const workspace = mkdtempSync(join(tmpdir(), 'cli-prune-'));
  writeFileSync(
    join(workspace, 'app.pkr.hcl'),
    'source "amazon-ebs" "app" {\n  ami_name = "web-{{timestamp}}"\n}\n',
  );
  const lineage = bakeLineage({
    template: join(workspace, 'app.pkr.hcl'),
    templateKind: 'file',
    workingDirectory: workspace,
    repository: undefined, // the CLI runs here without GITHUB_REPOSITORY
  });
  const made: string[] = [];
  for (const name of ['web-1', 'web-2']) {
    if (made.length > 0) await new Promise((resolve) => setTimeout(resolve, 1100));
    const ami = await makeAmi(fixtures, name);
    await tagImagesAndSnapshots(
      aws.ec2,
      [ami],
      bakeTags({
        provenance: {},
        packerVersion: '1.6.6',
        bakeHash: name,
        regions: ['us-east-1'],
        userTags: {},
        lineage,
      }),
    );
    made.push(ami);
  }
  const [older, newer] = made as [string, string];

  const dry = await cli(
    workspace,
    'prune-amis',
    '--template',
    'app.pkr.hcl',
    '--keep',
    '1',
    '--dry-run',
    '--json',
  );
  expect(dry.code).toBe(0);
  const json = JSON.parse(dry.stdout) as {
    lineage: string;
    dryRun: boolean;
    kept: string[];
    pruned: { ami: string }[];
  };
  expect(json).toMatchObject({ lineage, dryRun: true, kept: [newer], pruned: [{ ami: older }] });
  expect(await ownImageIds()).toEqual(expect.arrayContaining([older, newer]));

  const real = await cli(workspace, 'prune-amis', '--lineage', lineage, '--keep', '1');
  expect(real.code).toBe(0);
  expect(real.stdout).toContain(`Pruned 1 AMI(s) of lineage ${lineage} in us-east-1: ${older}`);
  const left = await ownImageIds();
  expect(left).toContain(newer);
  expect(left).not.toContain(older);
});

it.each([
  [['prune-amis', '--keep', '1'], 'Invalid lineage "": expected either lineage'],
  [['prune-amis', '--lineage', 'nope', '--keep', '1'], 'Invalid lineage "nope"'],
  [['prune-amis', '--lineage', '0123456789abcdef'], 'Invalid keep ""'],
])('%j fails in one line with exit 1', async (argv, message) => {
  const result = await cli(tmpdir(), ...argv);
  expect(result.code).toBe(1);
  expect(result.stderr.split('\n')).toEqual([expect.stringContaining(`immutable: ${message}`), '']);
});
