import {
  CreateTagsCommand,
  CreateLaunchTemplateCommand,
  CreateLaunchTemplateVersionCommand,
  DescribeImagesCommand,
  DescribeSnapshotsCommand,
} from '@aws-sdk/client-ec2';
import {
  BAKE_TAG_KEYS,
  bakeTags,
  createAwsClients,
  planAmiPrune,
  pruneAmis,
  tagImagesAndSnapshots,
  type AwsClients,
} from '../../src';
import {
  fixtureClients,
  makeAmi,
  publicAmi,
  snapshotWorld,
  startMoto,
  useMotoEnv,
  type FixtureClients,
  type Moto,
} from '@immutable-actions/test-support';

// AMIs are made with RunInstances + CreateImage and tagged by the bake's own tagging code (bakeTags +
// tagImagesAndSnapshots), not by Packer: seven AMIs with controlled creation order take seconds this way,
// and the real Packer bake → prune path is covered by actions/bake-ami/test/integration/prune.test.ts.
// moto's CreationDate has a one-second grain, so the AMIs are made a second apart.

let moto: Moto;
let restoreEnv: () => void;
let aws: AwsClients;
let fixtures: FixtureClients;

const LINEAGE = '0123456789abcdef';
const OTHER_LINEAGE = 'fedcba9876543210';

beforeAll(async () => {
  moto = await startMoto();
  restoreEnv = useMotoEnv(moto);
  aws = createAwsClients({ maxAttempts: 1 });
  fixtures = fixtureClients(moto);
});

afterAll(async () => {
  aws?.destroy();
  fixtures?.destroy();
  restoreEnv?.();
  await moto?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An AMI tagged as a bake of `lineage` would tag it (AMI and snapshots). */
async function bakedAmi(name: string, lineage: string, repository = 'acme/shop'): Promise<string> {
  const ami = await makeAmi(fixtures, name);
  await tagImagesAndSnapshots(
    aws.ec2,
    [ami],
    bakeTags({
      provenance: { repository, commit: 'abc' },
      packerVersion: '1.6.6',
      bakeHash: `hash-of-${name}`,
      regions: ['us-east-1'],
      userTags: {},
      lineage,
    }),
  );
  return ami;
}

async function snapshotsOf(ami: string): Promise<string[]> {
  const image = (await fixtures.ec2.send(new DescribeImagesCommand({ ImageIds: [ami] }))).Images?.[0];
  return (image?.BlockDeviceMappings ?? []).flatMap((m) => (m.Ebs?.SnapshotId ? [m.Ebs.SnapshotId] : []));
}

async function ownImageIds(): Promise<string[]> {
  const images = (await fixtures.ec2.send(new DescribeImagesCommand({ Owners: ['self'] }))).Images ?? [];
  return images.map((i) => i.ImageId ?? '').sort();
}

async function ownSnapshotIds(): Promise<string[]> {
  const snapshots =
    (await fixtures.ec2.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'] }))).Snapshots ?? [];
  return snapshots.map((s) => s.SnapshotId ?? '').sort();
}

describe('AMI pruning against moto (library)', () => {
  it('keeps the newest N of the lineage, spares in-use and foreign AMIs, deletes pruned snapshots; dry-run changes nothing', async () => {
    // Oldest first: a0 … a5 of our lineage, a second apart.
    const lineage: string[] = [];
    for (let i = 0; i < 6; i++) {
      if (i > 0) await sleep(1100);
      lineage.push(await bakedAmi(`shop-1.${i}-${Date.now()}`, LINEAGE));
    }
    const [a0, a1, a2, a3, a4, a5] = lineage as [string, string, string, string, string, string];
    // Someone else's AMIs, older than all of ours: one with no tags, one carrying a copied lineage tag only.
    const foreign = await makeAmi(fixtures, 'shop-handmade');
    const copiedTag = await makeAmi(fixtures, 'shop-copied-tag');
    await fixtures.ec2.send(
      new CreateTagsCommand({
        Resources: [copiedTag],
        Tags: [{ Key: BAKE_TAG_KEYS.lineage, Value: LINEAGE }],
      }),
    );
    // Another lineage, old: never considered.
    const otherLineage = await bakedAmi('cart-1', OTHER_LINEAGE);

    // A cluster group's template on a1 (its default version); another tool's template whose default is the
    // public base, v2 on a0 (neither default nor latest: protects nothing) and latest v3 on a2.
    await fixtures.ec2.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: 'shop-v001',
        LaunchTemplateData: { ImageId: a1, InstanceType: 't3.micro' },
      }),
    );
    const base = await publicAmi(fixtures);
    await fixtures.ec2.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: 'other-tool',
        LaunchTemplateData: { ImageId: base, InstanceType: 't3.micro' },
      }),
    );
    for (const ImageId of [a0, a2]) {
      await fixtures.ec2.send(
        new CreateLaunchTemplateVersionCommand({
          LaunchTemplateName: 'other-tool',
          LaunchTemplateData: { ImageId, InstanceType: 't3.micro' },
        }),
      );
    }

    const snapshots = Object.fromEntries(
      await Promise.all(lineage.map(async (ami) => [ami, await snapshotsOf(ami)] as const)),
    );
    for (const ami of lineage) expect(snapshots[ami]?.length).toBeGreaterThan(0);

    // Dry run: the plan, and nothing changed.
    const worldBefore = await snapshotWorld(fixtures);
    const snapshotsBefore = await ownSnapshotIds();
    const logged: string[] = [];
    const logger = {
      info: (m: string) => logged.push(m),
      warn: (m: string) => logged.push(m),
      debug: () => {},
    };
    const dry = await pruneAmis(aws, { lineage: LINEAGE, keep: 2, dryRun: true }, logger);
    expect(dry.dryRun).toBe(true);
    expect(dry.kept).toEqual([a5, a4]);
    expect(dry.pruned.map((p) => ({ ami: p.ami, snapshots: p.snapshots }))).toEqual([
      { ami: a3, snapshots: snapshots[a3] },
      { ami: a0, snapshots: snapshots[a0] },
    ]);
    expect(dry.spared).toEqual(
      expect.arrayContaining([
        { ami: a2, reason: expect.stringMatching(/^used by launch template other-tool v3$/) },
        { ami: a1, reason: expect.stringMatching(/^used by launch template shop-v001 v1 \(default\)$/) },
        { ami: copiedTag, reason: `not made by a bake (no ${BAKE_TAG_KEYS.bakeHash} tag)` },
      ]),
    );
    expect(dry.spared).toHaveLength(3);
    expect(logged).toEqual(expect.arrayContaining([expect.stringMatching(/^Dry run: would prune 2 AMI/)]));
    expect(logged.filter((m) => /^(Keep|Spare|Prune) /.test(m))).toHaveLength(7);
    expect(await snapshotWorld(fixtures)).toEqual(worldBefore);
    expect(await ownSnapshotIds()).toEqual(snapshotsBefore);

    // The plan alone is the same.
    const plan = await planAmiPrune(aws, { lineage: LINEAGE, keep: 2, region: 'us-east-1' });
    expect(plan.pruned.map((p) => p.ami)).toEqual([a3, a0]);

    // For real.
    const result = await pruneAmis(aws, { lineage: LINEAGE, keep: 2 });
    expect(result.dryRun).toBe(false);
    expect(result.pruned.map((p) => p.ami)).toEqual([a3, a0]);
    const images = await ownImageIds();
    expect(images).not.toContain(a3);
    expect(images).not.toContain(a0);
    expect(images).toEqual(expect.arrayContaining([a1, a2, a4, a5, foreign, copiedTag, otherLineage]));
    const left = await ownSnapshotIds();
    for (const gone of [...(snapshots[a3] ?? []), ...(snapshots[a0] ?? [])]) expect(left).not.toContain(gone);
    for (const kept of [a1, a2, a4, a5]) for (const s of snapshots[kept] ?? []) expect(left).toContain(s);
    expect(left).toEqual(
      snapshotsBefore.filter((s) => ![...(snapshots[a3] ?? []), ...(snapshots[a0] ?? [])].includes(s)),
    );

    // Again: nothing left to prune.
    const again = await pruneAmis(aws, { lineage: LINEAGE, keep: 2 });
    expect(again.pruned).toEqual([]);
    expect(again.kept).toEqual([a5, a4]);
  });

  it('a protected AMI (the one a bake just reused) is kept even when it is not among the newest', async () => {
    const older = await bakedAmi('api-1', 'aaaaaaaaaaaaaaaa');
    await sleep(1100);
    const newer = await bakedAmi('api-2', 'aaaaaaaaaaaaaaaa');
    const plan = await planAmiPrune(aws, { lineage: 'aaaaaaaaaaaaaaaa', keep: 1, protect: [older] });
    expect(plan.kept).toEqual([older]);
    expect(plan.pruned.map((p) => p.ami)).toEqual([newer]);
  });

  it('refuses keep 0 before any call', async () => {
    await expect(planAmiPrune(aws, { lineage: LINEAGE, keep: 0 })).rejects.toThrow(/^Invalid keep 0/);
  });

  it("acme/shop's prune spares acme/payments' AMIs of the same lineage tag, AMIs and snapshots untouched", async () => {
    // Both repositories bake ami.pkr.hcl as `app-…`: under the old lineage (path + name prefix) they share one.
    const shared = 'bbbbbbbbbbbbbbbb';
    const payments1 = await bakedAmi('app-pay-1', shared, 'acme/payments');
    await sleep(1100);
    const shop1 = await bakedAmi('app-shop-1', shared, 'acme/shop');
    await sleep(1100);
    const payments2 = await bakedAmi('app-pay-2', shared, 'acme/payments');
    await sleep(1100);
    const shop2 = await bakedAmi('app-shop-2', shared, 'Acme/Shop'); // GitHub's names ignore case
    const paymentsSnapshots = [...(await snapshotsOf(payments1)), ...(await snapshotsOf(payments2))];

    // As a bake of acme/shop prunes: keep 1, its own new AMI protected, the repository read from that AMI.
    const result = await pruneAmis(aws, { lineage: shared, keep: 1, protect: [shop2] });
    expect(result.kept).toEqual([shop2]);
    expect(result.pruned.map((p) => p.ami)).toEqual([shop1]);
    expect(result.spared).toEqual(
      [payments1, payments2].map((ami) => ({
        ami,
        reason: 'baked by another repository (immutable:repository "acme/payments", not "Acme/Shop")',
      })),
    );
    const images = await ownImageIds();
    expect(images).toEqual(expect.arrayContaining([payments1, payments2, shop2]));
    expect(images).not.toContain(shop1);
    expect(await ownSnapshotIds()).toEqual(expect.arrayContaining(paymentsSnapshots));

    // Named explicitly (the CLI's --repository or GITHUB_REPOSITORY), acme/payments prunes only its own.
    const plan = await planAmiPrune(aws, { lineage: shared, keep: 1, repository: 'acme/payments' });
    expect(plan.kept).toEqual([payments2]);
    expect(plan.pruned.map((p) => p.ami)).toEqual([payments1]);
    expect(plan.spared.map((s) => s.ami)).toEqual([shop2]);
  });

  it('refuses, changing nothing, to prune a lineage of several repositories when none is named', async () => {
    const mixed = 'cccccccccccccccc';
    await bakedAmi('mix-1', mixed, 'acme/payments');
    await sleep(1100);
    await bakedAmi('mix-2', mixed, 'acme/shop');
    const before = await ownImageIds();
    await expect(pruneAmis(aws, { lineage: mixed, keep: 1 })).rejects.toThrow(
      'Lineage cccccccccccccccc holds AMIs of 2 repositories ("acme/payments", "acme/shop"): say whose to prune with repository.',
    );
    expect(await ownImageIds()).toEqual(before);
  });
});
