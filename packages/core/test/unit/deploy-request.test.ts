import { parseAmisByRegion, parseDeployRequest, parseRegions } from '../../src/deploy/options';

const A = 'ami-0123456789abcdef0';
const B = 'ami-0fedcba9876543210';

describe('parseDeployRequest: where the AMI comes from', () => {
  it('takes exactly one of ami-id, amis and ami-from-cluster', () => {
    expect(parseDeployRequest({ cluster: 'shop-prod', amiId: A }).image).toEqual({
      kind: 'ami-id',
      amiId: A,
    });
    expect(parseDeployRequest({ cluster: 'shop-prod', amiFromCluster: 'shop-staging' }).image).toEqual({
      kind: 'cluster',
      cluster: 'shop-staging',
    });
    expect(() => parseDeployRequest({ cluster: 'shop-prod' })).toThrow(
      'Invalid ami-id "": expected an AMI id (or amis by region, or ami-from-cluster).',
    );
    expect(() =>
      parseDeployRequest({ cluster: 'shop-prod', amiId: A, amiFromCluster: 'shop-staging' }),
    ).toThrow(
      'Invalid ami-from-cluster "shop-staging": expected no ami-from-cluster beside ami-id: give one source of the AMI.',
    );
    expect(() =>
      parseDeployRequest({ cluster: 'shop-prod', amiId: A, amis: `{"us-east-1":"${A}"}` }),
    ).toThrow(/^Invalid amis .*: expected no amis beside ami-id/);
  });

  it('refuses promoting a cluster to itself, and a source that is no cluster name', () => {
    expect(() => parseDeployRequest({ cluster: 'shop-prod', amiFromCluster: 'shop-prod' })).toThrow(
      'Invalid ami-from-cluster "shop-prod": expected another cluster than shop-prod.',
    );
    expect(() => parseDeployRequest({ cluster: 'shop-prod', amiFromCluster: 'shop-v001' })).toThrow(
      /^Invalid cluster "shop-v001"/,
    );
  });
});

describe('parseDeployRequest: regions', () => {
  it('keeps the order of regions (the first goes alone) and refuses region beside regions', () => {
    const request = parseDeployRequest({
      cluster: 'shop-prod',
      amis: JSON.stringify({ 'eu-west-1': B, 'us-east-1': A }),
      regions: 'us-east-1,\n eu-west-1',
    });
    expect(request.regions).toEqual(['us-east-1', 'eu-west-1']);
    expect(request.image).toEqual({ kind: 'amis', byRegion: { 'us-east-1': A, 'eu-west-1': B } });
    expect(() =>
      parseDeployRequest({ cluster: 'shop-prod', amiId: A, regions: 'us-east-1', region: 'us-east-1' }),
    ).toThrow('Invalid regions "us-east-1": expected no regions beside region: give one of them.');
  });

  it('without regions, amis deploys its own regions in its order', () => {
    const request = parseDeployRequest({ cluster: 'shop-prod', amis: `eu-west-1: ${B}\nus-east-1=${A}` });
    expect(request.regions).toEqual(['eu-west-1', 'us-east-1']);
  });

  it('an AMI id is regional: ami-id only with one region', () => {
    expect(parseDeployRequest({ cluster: 'shop-prod', amiId: A, regions: 'eu-west-1' }).regions).toEqual([
      'eu-west-1',
    ]);
    expect(() =>
      parseDeployRequest({ cluster: 'shop-prod', amiId: A, regions: 'us-east-1, eu-west-1' }),
    ).toThrow(
      `Invalid ami-id "${A}": expected one AMI per region when deploying to 2 regions (an AMI id is regional: use amis, bake-ami's amis output).`,
    );
  });

  it('amis must name an AMI for every region deployed', () => {
    expect(() =>
      parseDeployRequest({
        cluster: 'shop-prod',
        amis: `{"us-east-1":"${A}"}`,
        regions: 'us-east-1,eu-west-1',
      }),
    ).toThrow(
      'Invalid amis "{\\"us-east-1\\":\\"ami-0123456789abcdef0\\"}": expected an AMI for every region deployed (none for eu-west-1).',
    );
  });

  it.each(['us-east-1,us-east-1', 'useast1', 'us-east-1, Europe', ',', 'us-east-1;eu-west-1'])(
    'refuses regions %p in one line',
    (value) => {
      expect(() => parseRegions(value)).toThrow(/^Invalid regions ".*": expected region names/);
    },
  );

  it.each([
    '[]',
    '{}',
    '{"us-east-1": 5}',
    `{"nowhere":"${A}"}`,
    `us-east-1 ${A}`,
    `us-east-1: ami-xyz`,
    '{',
  ])('refuses amis %p in one line', (value) => {
    expect(() => parseAmisByRegion(value)).toThrow(
      /^Invalid amis ".*": expected a JSON object of region to AMI id/,
    );
  });
});
