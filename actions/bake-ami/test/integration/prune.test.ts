import {
  CreateLaunchTemplateCommand,
  DescribeImagesCommand,
  DescribeSnapshotsCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { runAction, startMoto, type ActionRun, type Moto } from '@immutable-actions/test-support';
import { amazonLinux2, ec2In, ownImages, packerTemplate, tagMap, workspaceWith } from '../packer-fixture';

// The bundle with the real Packer baking into moto, twice and three times in one lineage, with keep-amis.
let moto: Moto;
let east: EC2Client;
let sourceAmi: string;

beforeAll(async () => {
  moto = await startMoto();
  east = ec2In(moto, 'us-east-1');
  sourceAmi = await amazonLinux2(east);
});

afterAll(async () => {
  east?.destroy();
  await moto?.stop();
});

function bake(workspace: string, inputs: Record<string, string>): Promise<ActionRun> {
  return runAction('bake-ami', { inputs, env: { ...moto.env, GITHUB_WORKSPACE: workspace } });
}

async function snapshotsOf(ami: string): Promise<string[]> {
  const image = (await east.send(new DescribeImagesCommand({ ImageIds: [ami] }))).Images?.[0];
  return (image?.BlockDeviceMappings ?? []).flatMap((m) => (m.Ebs?.SnapshotId ? [m.Ebs.SnapshotId] : []));
}

async function ownSnapshotIds(): Promise<string[]> {
  const snapshots = (await east.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'] }))).Snapshots ?? [];
  return snapshots.map((s) => s.SnapshotId ?? '');
}

describe('bake-ami keep-amis (bundle, Packer 1.6.6 against moto)', () => {
  it('a second bake with a changed var prunes the first AMI and its snapshots; an AMI in a launch template is spared', async () => {
    const workspace = workspaceWith({ 'app.pkr.hcl': packerTemplate(moto, { sourceAmi }) });

    const first = await bake(workspace, { template: 'app.pkr.hcl', vars: 'version=1.0.0', 'keep-amis': '1' });
    expect(first.errors).toEqual([]);
    expect(first.exitCode).toBe(0);
    const ami1 = first.outputs['ami-id'] ?? '';
    expect(JSON.parse(first.outputs['pruned-amis'] ?? '')).toEqual([]);
    const tags1 = tagMap((await ownImages(east)).find((i) => i.ImageId === ami1)?.Tags);
    expect(tags1['immutable:lineage']).toMatch(/^[0-9a-f]{16}$/);
    const snapshots1 = await snapshotsOf(ami1);
    expect(snapshots1.length).toBeGreaterThan(0);
    expect(first.summary).toContain('No AMI pruned');

    const second = await bake(workspace, {
      template: 'app.pkr.hcl',
      vars: 'version=2.0.0',
      'keep-amis': '1',
    });
    expect(second.errors).toEqual([]);
    expect(second.exitCode).toBe(0);
    const ami2 = second.outputs['ami-id'] ?? '';
    expect(ami2).not.toBe(ami1);
    // Outputs as before, plus pruned-amis.
    expect(JSON.parse(second.outputs.amis ?? '')).toEqual({ 'us-east-1': ami2 });
    expect(second.outputs.reused).toBe('false');
    expect(JSON.parse(second.outputs['pruned-amis'] ?? '')).toEqual([ami1]);
    const tags2 = tagMap((await ownImages(east)).find((i) => i.ImageId === ami2)?.Tags);
    expect(tags2['immutable:lineage']).toBe(tags1['immutable:lineage']);
    expect(tags2['immutable:bake-hash']).not.toBe(tags1['immutable:bake-hash']);

    const images = (await ownImages(east)).map((i) => i.ImageId);
    expect(images).not.toContain(ami1);
    expect(images).toContain(ami2);
    const snapshots = await ownSnapshotIds();
    for (const s of snapshots1) expect(snapshots).not.toContain(s);
    for (const s of await snapshotsOf(ami2)) expect(snapshots).toContain(s);
    expect(second.summary).toContain(`Pruned 1 older AMI(s) of lineage \`${tags1['immutable:lineage']}\``);
    expect(second.summary).toContain(ami1);
    expect(second.stdout).toContain(`Deregistered ${ami1}.`);

    // A group's launch template now launches ami2: the third bake keeps its own AMI and spares ami2.
    await east.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: 'shop-v000',
        LaunchTemplateData: { ImageId: ami2, InstanceType: 't3.micro' },
      }),
    );
    const third = await bake(workspace, { template: 'app.pkr.hcl', vars: 'version=3.0.0', 'keep-amis': '1' });
    expect(third.errors).toEqual([]);
    expect(third.exitCode).toBe(0);
    const ami3 = third.outputs['ami-id'] ?? '';
    expect(JSON.parse(third.outputs['pruned-amis'] ?? '')).toEqual([]);
    expect((await ownImages(east)).map((i) => i.ImageId)).toEqual(expect.arrayContaining([ami2, ami3]));
    expect(third.summary).toContain(
      `spared us-east-1 ${ami2}: used by launch template shop-v000 v1 (default)`,
    );
  });

  it('keep-amis 0 fails in one line before Packer runs', async () => {
    const workspace = workspaceWith({ 'app.pkr.hcl': packerTemplate(moto, { sourceAmi }) });
    const before = (await ownImages(east)).length;
    const run = await bake(workspace, { template: 'app.pkr.hcl', vars: 'version=9', 'keep-amis': '0' });
    expect(run.exitCode).toBe(1);
    expect(run.errors).toEqual(['Invalid keep-amis "0": expected a whole number from 1 to 1000.']);
    expect((await ownImages(east)).length).toBe(before);
  });
});
