import { DescribeImagesCommand, DescribeSnapshotsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAction, startMoto, type ActionRun, type Moto } from '@immutable-actions/test-support';
import { amazonLinux2, ec2In, ownImages, packerTemplate, tagMap, workspaceWith } from '../packer-fixture';

// The bundle, run as the runner runs it, with the real Packer (Debian's 1.6.6) baking into moto.
let moto: Moto;
let east: EC2Client;
let west: EC2Client;
let sourceAmi: string;

beforeAll(async () => {
  moto = await startMoto();
  east = ec2In(moto, 'us-east-1');
  west = ec2In(moto, 'us-west-2');
  sourceAmi = await amazonLinux2(east);
});

afterAll(async () => {
  for (const dir of tmpDirs) rmSync(dir, { recursive: true, force: true });
  east?.destroy();
  west?.destroy();
  await moto?.stop();
});

function bake(
  workspace: string,
  inputs: Record<string, string>,
  env: Record<string, string> = {},
): Promise<ActionRun> {
  return runAction('bake-ami', { inputs, env: { ...moto.env, GITHUB_WORKSPACE: workspace, ...env } });
}

/** A TMPDIR of a bake's own, removed after the file. */
const tmpDirs: string[] = [];
function bakeTmpDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bake-tmp-'));
  tmpDirs.push(dir);
  return dir;
}

/** What a bake left in its TMPDIR: its own folders (the box's bake-hash file) are gone once it ends. */
function leftBehind(tmp: string): string[] {
  return readdirSync(tmp).filter((name) => name.startsWith('immutable-bake-'));
}

/** The AMI as moto holds it, with its tags and its snapshots' tags. */
async function inspect(ec2: EC2Client, amiId: string) {
  const image = (await ec2.send(new DescribeImagesCommand({ ImageIds: [amiId] }))).Images?.[0];
  if (!image) throw new Error(`${amiId} is not in moto`);
  const snapshotIds = (image.BlockDeviceMappings ?? []).flatMap((m) =>
    m.Ebs?.SnapshotId ? [m.Ebs.SnapshotId] : [],
  );
  const snapshots =
    (await ec2.send(new DescribeSnapshotsCommand({ SnapshotIds: snapshotIds }))).Snapshots ?? [];
  return { image, tags: tagMap(image.Tags), snapshotIds, snapshotTags: snapshots.map((s) => tagMap(s.Tags)) };
}

const PROVENANCE = {
  'immutable:repository': 'acme/shop',
  'immutable:commit': '0123456789abcdef0123456789abcdef01234567',
  'immutable:ref': 'refs/heads/main',
  'immutable:run-url': 'https://github.com/acme/shop/actions/runs/4242',
  'immutable:packer-version': '1.6.6',
};

describe('bake-ami bundle with Packer 1.6.6 against moto', () => {
  it('bakes one AMI, tags it and its snapshot, masks secret vars and groups Packer output', async () => {
    const workspace = workspaceWith({ 'app.pkr.hcl': packerTemplate(moto, { sourceAmi }) });
    const tmp = bakeTmpDir();
    const run = await bake(
      workspace,
      {
        template: 'app.pkr.hcl',
        vars: 'version=1.0.0\ndb_password=s3cr3t-value',
        'ami-tags': 'team=shop\nCost Center=42',
      },
      { TMPDIR: tmp },
    );

    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(leftBehind(tmp)).toEqual([]);
    const amiId = run.outputs['ami-id'] ?? '';
    expect(amiId).toMatch(/^ami-[0-9a-f]+$/);
    expect(JSON.parse(run.outputs.amis ?? '')).toEqual({ 'us-east-1': amiId });
    expect(run.outputs.reused).toBe('false');
    expect(run.outputs.manifest).toBe('');

    const { image, tags, snapshotIds, snapshotTags } = await inspect(east, amiId);
    expect(image.Name).toMatch(/^shop-1\.0\.0-/);
    expect(image.State).toBe('available');
    expect(tags).toMatchObject({
      ...PROVENANCE,
      team: 'shop',
      'Cost Center': '42',
      'immutable:bake-regions': 'us-east-1',
    });
    expect(tags['immutable:bake-hash']).toMatch(/^[0-9a-f]{64}$/);
    expect(snapshotIds.length).toBeGreaterThan(0);
    for (const snapshot of snapshotTags) expect(snapshot).toEqual(tags);

    // The secret is masked before Packer starts; its output is folded into one group.
    const maskAt = run.stdout.indexOf('::add-mask::s3cr3t-value');
    const groupAt = run.stdout.indexOf('::group::packer build');
    expect(maskAt).toBeGreaterThanOrEqual(0);
    expect(groupAt).toBeGreaterThan(maskAt);
    const group = run.stdout.slice(groupAt, run.stdout.indexOf('::endgroup::', groupAt));
    expect(group).toContain(`Creating AMI ${image.Name}`);
    expect(group).not.toMatch(/^\d+,[^,]*,ui,/m);

    expect(run.summary).toContain(amiId);
    expect(run.summary).toContain(
      `https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#ImageDetails:imageId=${amiId}`,
    );
    expect(run.summary).toContain('Baked with Packer 1.6.6');
    expect(run.summary).toContain(tags['immutable:bake-hash']);
  });

  it('bakes into several regions (ami_regions): both AMIs exist, are tagged, and the manifest is reported', async () => {
    const workspace = workspaceWith({
      'app.pkr.hcl': packerTemplate(moto, {
        sourceAmi,
        amiRegions: ['us-west-2'],
        manifest: 'manifest.json',
      }),
    });
    const run = await bake(workspace, {
      template: 'app.pkr.hcl',
      vars: 'version=2.0.0',
      region: 'us-west-2',
    });

    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    const amis = JSON.parse(run.outputs.amis ?? '') as Record<string, string>;
    expect(Object.keys(amis).sort()).toEqual(['us-east-1', 'us-west-2']);
    expect(amis['us-east-1']).not.toBe(amis['us-west-2']);
    expect(run.outputs['ami-id']).toBe(amis['us-west-2']);

    const eastAmi = await inspect(east, amis['us-east-1'] ?? '');
    const westAmi = await inspect(west, amis['us-west-2'] ?? '');
    for (const baked of [eastAmi, westAmi]) {
      expect(baked.tags).toMatchObject({ ...PROVENANCE, 'immutable:bake-regions': 'us-east-1,us-west-2' });
      expect(baked.snapshotIds.length).toBeGreaterThan(0);
      for (const snapshot of baked.snapshotTags) expect(snapshot).toEqual(baked.tags);
    }
    expect(westAmi.tags['immutable:bake-hash']).toBe(eastAmi.tags['immutable:bake-hash']);

    const manifestPath = join(workspace, 'manifest.json');
    expect(run.outputs.manifest).toBe(manifestPath);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { builds: { artifact_id: string }[] };
    expect(manifest.builds.map((b) => b.artifact_id)).toEqual([
      `us-east-1:${amis['us-east-1']},us-west-2:${amis['us-west-2']}`,
    ]);
    expect(run.summary).toContain(`region=us-west-2#ImageDetails:imageId=${amis['us-west-2']}`);
  });

  it('reuses an unchanged bake without running Packer, and bakes anew when a var changes', async () => {
    const workspace = workspaceWith({
      'app.pkr.hcl': packerTemplate(moto, { sourceAmi, amiRegions: ['us-west-2'] }),
    });
    const inputs = { template: 'app.pkr.hcl', vars: 'version=3.0.0', 'skip-unchanged': 'true' };

    const first = await bake(workspace, inputs);
    expect(first.errors).toEqual([]);
    expect(first.outputs.reused).toBe('false');
    const firstAmis = JSON.parse(first.outputs.amis ?? '') as Record<string, string>;
    const imagesAfterBake = [(await ownImages(east)).length, (await ownImages(west)).length];

    const second = await bake(workspace, inputs);
    expect(second.errors).toEqual([]);
    expect(second.exitCode).toBe(0);
    expect(second.outputs.reused).toBe('true');
    expect(second.outputs['ami-id']).toBe(first.outputs['ami-id']);
    expect(JSON.parse(second.outputs.amis ?? '')).toEqual(firstAmis);
    expect([(await ownImages(east)).length, (await ownImages(west)).length]).toEqual(imagesAfterBake);
    expect(second.stdout).not.toContain('::group::packer build');
    expect(second.summary).toContain('Reused an earlier bake');

    const third = await bake(workspace, { ...inputs, vars: 'version=3.0.1' });
    expect(third.errors).toEqual([]);
    expect(third.outputs.reused).toBe('false');
    const thirdAmis = JSON.parse(third.outputs.amis ?? '') as Record<string, string>;
    expect(thirdAmis['us-east-1']).not.toBe(firstAmis['us-east-1']);
    expect(thirdAmis['us-west-2']).not.toBe(firstAmis['us-west-2']);
    expect([(await ownImages(east)).length, (await ownImages(west)).length]).toEqual(
      imagesAfterBake.map((n) => n + 1),
    );
    const [firstTags, thirdTags] = [
      await inspect(east, firstAmis['us-east-1'] ?? ''),
      await inspect(east, thirdAmis['us-east-1'] ?? ''),
    ].map((i) => i.tags);
    expect(thirdTags?.['immutable:bake-hash']).not.toBe(firstTags?.['immutable:bake-hash']);
  });

  it("fails a broken template with Packer's own error line, and makes nothing", async () => {
    const before = (await ownImages(east)).length;
    const workspace = workspaceWith({ 'app.pkr.hcl': 'source "amazon-ebs" "app" {\n  region = \n}\n' });
    const tmp = bakeTmpDir();
    const run = await bake(workspace, { template: 'app.pkr.hcl', vars: 'version=4.0.0' }, { TMPDIR: tmp });

    expect(run.exitCode).toBe(1);
    expect(leftBehind(tmp)).toEqual([]);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(/^packer build failed: Error: Invalid expression/);
    expect(run.errors[0]).toContain('on app.pkr.hcl line 2, in source "amazon-ebs" "app"');
    expect(run.errors[0]).not.toContain('\n');
    expect(run.outputs).toEqual({});
    expect((await ownImages(east)).length).toBe(before);
  });

  it("surfaces Packer's error when the source AMI does not exist", async () => {
    const before = (await ownImages(east)).length;
    const workspace = workspaceWith({
      'app.pkr.hcl': packerTemplate(moto, { sourceAmi: 'ami-0000000000deadbee' }),
    });
    const run = await bake(workspace, { template: 'app.pkr.hcl', vars: 'version=5.0.0' });

    expect(run.exitCode).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toContain(
      'packer build failed: amazon-ebs.app: Error querying AMI: InvalidAMIID.NotFound',
    );
    expect(run.errors[0]).toContain('ami-0000000000deadbee');
    expect(run.outputs).toEqual({});
    expect((await ownImages(east)).length).toBe(before);
  });

  it('refuses a bad input in one line before Packer runs', async () => {
    const workspace = workspaceWith({ 'app.pkr.hcl': packerTemplate(moto, { sourceAmi }) });
    const run = await bake(workspace, { template: 'app.pkr.hcl', 'var-files': 'missing.pkrvars.hcl' });
    expect(run.exitCode).toBe(1);
    expect(run.errors).toEqual([
      'Invalid var-files "missing.pkrvars.hcl": expected one existing file per line.',
    ]);
    expect(run.stdout).not.toContain('Packer 1.6.6');
  });

  it('refuses packer-init: true when this Packer has no init command (1.6.6)', async () => {
    const workspace = workspaceWith({ 'app.pkr.hcl': packerTemplate(moto, { sourceAmi }) });
    const run = await bake(workspace, {
      template: 'app.pkr.hcl',
      vars: 'version=6.0.0',
      'packer-init': 'true',
    });
    expect(run.exitCode).toBe(1);
    expect(run.errors).toEqual([
      'Invalid packer-init "true": expected a Packer with an init command (1.6.6 has none).',
    ]);
    expect(existsSync(join(workspace, 'packer-manifest.json'))).toBe(false);
  });
});
