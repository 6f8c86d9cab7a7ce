import { parseDeployOptions, resolveCapacity, type DeployOptions } from '../../src';

const ami = 'ami-0123456789abcdef0';

describe('parseDeployOptions', () => {
  it('applies the defaults', () => {
    expect(parseDeployOptions({ cluster: 'shop', amiId: ami })).toEqual({
      cluster: 'shop',
      amiId: ami,
      allowDrop: [],
      region: undefined,
      strategy: 'red-black',
      maxGroups: 2,
      healthTimeoutMs: 600_000,
      dryRun: false,
      launchTemplate: undefined,
      subnets: undefined,
      targetGroups: undefined,
      minSize: undefined,
      maxSize: undefined,
      desiredCapacity: undefined,
      instanceType: undefined,
      alarmNames: [],
      bakeTimeMs: 0,
      lockTimeoutMs: 0,
      breakLock: false,
      percentages: [25, 50, 100],
      stepWaitMs: 0,
      previousGroup: 'keep-warm',
      disabledTtlMs: 604_800_000,
    });
  });

  it('parses lists, numbers, durations and booleans', () => {
    const options = parseDeployOptions({
      cluster: 'shop-prod',
      amiId: ami,
      subnets: 'subnet-0123abcd,\nsubnet-0456abcd',
      targetGroups: 'web\narn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api/abc',
      minSize: '1',
      maxSize: '5',
      desiredCapacity: '3',
      healthTimeout: '1h30m',
      dryRun: 'TRUE',
      maxGroups: '3',
      instanceType: 't3.small',
    });
    expect(options).toMatchObject({
      subnets: ['subnet-0123abcd', 'subnet-0456abcd'],
      targetGroups: ['web', 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api/abc'],
      minSize: 1,
      maxSize: 5,
      desiredCapacity: 3,
      healthTimeoutMs: 5_400_000,
      dryRun: true,
      maxGroups: 3,
      instanceType: 't3.small',
    });
  });

  it.each([
    [{ cluster: '', amiId: ami }, 'Invalid cluster "": expected a value'],
    [{ cluster: 'shop', amiId: '' }, 'Invalid ami-id "": expected a value'],
    [{ cluster: 'shop', amiId: 'ami-xyz' }, 'Invalid ami-id "ami-xyz"'],
    [{ cluster: 'shop', amiId: ami, subnets: 'sn-1' }, 'Invalid subnets "sn-1"'],
    [{ cluster: 'shop', amiId: ami, minSize: '-1' }, 'Invalid min-size "-1"'],
    [
      { cluster: 'shop', amiId: ami, minSize: '4', maxSize: '2' },
      'Invalid min-size "4": expected at most max-size (2)',
    ],
    [{ cluster: 'shop', amiId: ami, dryRun: 'yes' }, 'Invalid dry-run "yes": expected true or false'],
    [{ cluster: 'shop', amiId: ami, healthTimeout: '0' }, 'Invalid health-timeout "0"'],
    [
      { cluster: 'shop', amiId: ami, strategy: 'canary' },
      'Invalid strategy "canary": expected one of red-black',
    ],
    [{ cluster: 'shop', amiId: ami, instanceType: 'big' }, 'Invalid instance-type "big"'],
    [{ cluster: 'shop', amiId: ami, breakLock: 'yes' }, 'Invalid break-lock "yes": expected true or false'],
  ])('refuses %j', (raw, message) => {
    expect(() => parseDeployOptions(raw)).toThrow(message);
  });
});

describe('strategy inputs', () => {
  it('parses rolling percentages, step waits, the previous-group policy and the ttl', () => {
    expect(
      parseDeployOptions({
        cluster: 'shop',
        amiId: ami,
        strategy: 'rolling-red-black',
        percentages: '10, 50,100',
        stepWait: '2m',
        previousGroup: 'scale-to-zero',
        disabledTtl: '36h',
      }),
    ).toMatchObject({
      strategy: 'rolling-red-black',
      percentages: [10, 50, 100],
      stepWaitMs: 120_000,
      previousGroup: 'scale-to-zero',
      disabledTtlMs: 129_600_000,
    });
  });

  it.each(['50,25,100', '25,50', '0,100', '25,50,101', 'a,100', ''])(
    'percentages %j: refused, or the default when empty',
    (text) => {
      const raw = { cluster: 'shop', amiId: ami, percentages: text };
      if (text === '') expect(parseDeployOptions(raw).percentages).toEqual([25, 50, 100]);
      else expect(() => parseDeployOptions(raw)).toThrow(`Invalid percentages "${text}"`);
    },
  );

  it('refuses an unknown previous-group policy', () => {
    expect(() => parseDeployOptions({ cluster: 'shop', amiId: ami, previousGroup: 'hibernate' })).toThrow(
      'Invalid previous-group "hibernate": expected one of keep-warm, stopped, scale-to-zero.',
    );
  });
});

describe('resolveCapacity', () => {
  const options = (overrides: Partial<DeployOptions>): DeployOptions => ({
    ...parseDeployOptions({ cluster: 'shop', amiId: ami }),
    ...overrides,
  });

  it('copies the previous group', () => {
    expect(resolveCapacity(options({}), { min: 2, desired: 3, max: 6 })).toEqual({
      min: 2,
      desired: 3,
      max: 6,
    });
  });

  it('lets inputs override and keeps desired inside the new bounds', () => {
    expect(resolveCapacity(options({ maxSize: 2 }), { min: 1, desired: 3, max: 6 })).toEqual({
      min: 1,
      desired: 2,
      max: 2,
    });
    expect(resolveCapacity(options({ minSize: 4 }), { min: 1, desired: 2, max: 6 })).toEqual({
      min: 4,
      desired: 4,
      max: 6,
    });
  });

  it('defaults a first deploy to one instance', () => {
    expect(resolveCapacity(options({}), undefined)).toEqual({ min: 1, desired: 1, max: 1 });
  });

  it('refuses a desired capacity outside min..max, naming it', () => {
    expect(() => resolveCapacity(options({ desiredCapacity: 9 }), { min: 1, desired: 2, max: 4 })).toThrow(
      'Invalid desired-capacity "9": expected between min-size (1) and max-size (4).',
    );
  });
});

describe('allow-drop', () => {
  it('reads field names as the Auto Scaling API spells them', () => {
    expect(
      parseDeployOptions({
        cluster: 'shop',
        amiId: ami,
        allowDrop: 'WarmPoolConfiguration, CapacityRebalance',
      }).allowDrop,
    ).toEqual(['WarmPoolConfiguration', 'CapacityRebalance']);
    expect(parseDeployOptions({ cluster: 'shop', amiId: ami }).allowDrop).toEqual([]);
  });

  it('refuses anything else in one line naming it', () => {
    expect(() => parseDeployOptions({ cluster: 'shop', amiId: ami, allowDrop: 'warm-pool' })).toThrow(
      /^Invalid allow-drop "warm-pool": expected Auto Scaling group field names/,
    );
  });
});
