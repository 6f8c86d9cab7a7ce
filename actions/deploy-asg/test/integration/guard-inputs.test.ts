import { DescribeImagesCommand } from '@aws-sdk/client-ec2';
import {
  makeAmi,
  publicAmi,
  readWorld,
  runAction,
  snapshotWorld,
  useSeededMoto,
} from '@immutable-actions/test-support';

// The guard rails on inputs, through the bundles against moto: each bad value fails in one line, before any
// change (the world moto holds is the same after), and moto's kindness (it takes `~` in a launch template
// name, and launches any public AMI) cannot hide a missing check.
const { moto, fixtures, net } = useSeededMoto();

const deployAsg = (inputs: Record<string, string>) => runAction('deploy-asg', { inputs, env: moto.env });
const rollbackAsg = (inputs: Record<string, string>) => runAction('rollback-asg', { inputs, env: moto.env });

let servingAmi: string;
let nextAmi: string;
let strangerAmi: string;
let strangerOwner: string;

beforeAll(async () => {
  servingAmi = await makeAmi(fixtures, 'guard-serving');
  nextAmi = await makeAmi(fixtures, 'guard-next');
  const seeded = await deployAsg({
    cluster: 'guard',
    'ami-id': servingAmi,
    'launch-template': net.baseTemplateName,
  });
  expect(seeded.exitCode).toBe(0);
  // A public AMI of another account, which this account can launch but never made.
  strangerAmi = await publicAmi(fixtures);
  const image = (await fixtures.ec2.send(new DescribeImagesCommand({ ImageIds: [strangerAmi] }))).Images?.[0];
  strangerOwner = image?.OwnerId ?? '';
  expect(strangerOwner).toMatch(/^\d{12}$/);
}, 120_000);

async function expectRefusedUnchanged(run: () => ReturnType<typeof deployAsg>, message: string | RegExp) {
  const before = await snapshotWorld(fixtures);
  const result = await run();
  const after = await snapshotWorld(fixtures);
  expect(result.exitCode).toBe(1);
  expect(result.errors).toHaveLength(1);
  if (typeof message === 'string') expect(result.errors[0]).toBe(message);
  else expect(result.errors[0]).toMatch(message);
  expect(result.errors[0]).not.toContain('\n');
  expect(after).toEqual(before);
}

describe('deploy-asg: every duration has an upper bound, checked before any change', () => {
  const deploy = (inputs: Record<string, string>) => () =>
    deployAsg({ cluster: 'guard', 'ami-id': nextAmi, ...inputs });

  it.each([
    [
      { 'disabled-ttl': '100000000d' },
      'Invalid disabled-ttl "100000000d": expected a duration from 1m to 365d.',
    ],
    [{ 'disabled-ttl': '366d' }, 'Invalid disabled-ttl "366d": expected a duration from 1m to 365d.'],
    [
      { 'disabled-ttl': '0' },
      'Invalid disabled-ttl "0": expected a duration from 1m to 365d (a group that expires at once loses its warm rollback; use previous-group: scale-to-zero).',
    ],
    [{ 'disabled-ttl': '30s' }, 'Invalid disabled-ttl "30s": expected a duration from 1m to 365d.'],
    [
      { strategy: 'rolling-red-black', 'step-wait': '30d' },
      'Invalid step-wait "30d": expected a duration from 0 to 24h.',
    ],
    [{ 'bake-time': '25h' }, 'Invalid bake-time "25h": expected a duration from 0 to 24h.'],
    [
      { 'bake-time': '99999999999999999999s' },
      'Invalid bake-time "99999999999999999999s": expected a duration from 0 to 24h.',
    ],
    [{ 'health-timeout': '7h' }, 'Invalid health-timeout "7h": expected a duration from 1s to 6h.'],
    [{ 'health-timeout': '0' }, 'Invalid health-timeout "0": expected a duration from 1s to 6h.'],
    [{ 'lock-timeout': '2d' }, 'Invalid lock-timeout "2d": expected a duration from 0 to 6h.'],
  ])('refuses %j', async (inputs, message) => {
    await expectRefusedUnchanged(deploy(inputs), message);
  });
});

describe('deploy-asg: cluster names AWS would refuse are refused first', () => {
  it.each([
    ['shop-prod-a~b', /^Invalid cluster "shop-prod-a~b": .*AWS launch template names allow no ~ or \^/],
    ['shop-', /^Invalid cluster "shop-": .*it ends with -/],
    ['shop-prod-eu^1', /^Invalid cluster "shop-prod-eu\^1": .*allow no ~ or \^/],
    ['shop:prod', /^Invalid cluster "shop:prod": /],
  ])('refuses %s', async (cluster, message) => {
    await expectRefusedUnchanged(
      () => deployAsg({ cluster, 'ami-id': nextAmi, 'launch-template': net.baseTemplateName }),
      message,
    );
  });
});

describe('rollback-asg to: an AMI takes only AMIs of this account or of allowed-ami-owners', () => {
  it('refuses a public AMI of another account, naming its owner, changing nothing', async () => {
    await expectRefusedUnchanged(
      () => rollbackAsg({ cluster: 'guard', to: strangerAmi }),
      `Invalid to "${strangerAmi}": expected an AMI owned by this account or by allowed-ami-owners (self); it is owned by ${strangerOwner}.`,
    );
  });

  it.each([
    [
      { 'allowed-ami-owners': 'amazon,12345' },
      'Invalid allowed-ami-owners "12345": expected 12-digit AWS account ids, self, amazon or aws-marketplace, comma-separated.',
    ],
    [
      { 'allowed-ami-owners': 'everyone' },
      'Invalid allowed-ami-owners "everyone": expected 12-digit AWS account ids, self, amazon or aws-marketplace, comma-separated.',
    ],
    [{ 'health-timeout': '1000d' }, 'Invalid health-timeout "1000d": expected a duration from 1s to 6h.'],
    [{ 'lock-timeout': '7h' }, 'Invalid lock-timeout "7h": expected a duration from 0 to 6h.'],
    [{ cluster: 'guard-prod-a~b' }, /^Invalid cluster "guard-prod-a~b": .*allow no ~ or \^/],
  ])('refuses %j', async (inputs, message) => {
    await expectRefusedUnchanged(
      () => rollbackAsg({ cluster: 'guard', to: strangerAmi, ...inputs }),
      message,
    );
  });

  it('deploys a stranger AMI anew once its owner is listed in allowed-ami-owners', async () => {
    const result = await rollbackAsg({
      cluster: 'guard',
      to: strangerAmi,
      'allowed-ami-owners': strangerOwner,
    });
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    const world = await readWorld(fixtures, 'guard');
    expect(world.groups.map((g) => g.name)).toContain(result.outputs['asg-name']);
  });

  it('takes an AMI of this account without any allowed owner', async () => {
    const own = await makeAmi(fixtures, 'guard-own');
    const result = await rollbackAsg({ cluster: 'guard', to: own });
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
  });
});
