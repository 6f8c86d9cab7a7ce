import { parseGroupVerbOptions } from '../../src/cluster/manage';

describe('parseGroupVerbOptions', () => {
  it('takes the cluster from the group name, with the lock and health timeouts', () => {
    expect(parseGroupVerbOptions('disable', { group: 'shop-web-v003', lockTimeout: '2m' })).toEqual({
      group: 'shop-web-v003',
      cluster: 'shop-web',
      region: undefined,
      lockTimeoutMs: 120_000,
      healthTimeoutMs: 600_000,
    });
  });

  it('refuses a missing or malformed group name in one line', () => {
    expect(() => parseGroupVerbOptions('enable', {})).toThrow('Invalid group "": expected a value');
    expect(() => parseGroupVerbOptions('delete', { group: 'shop-web' })).toThrow(
      'Invalid group "shop-web": expected a group name <cluster>-vNNN, such as shop-web-v003.',
    );
  });

  it('resize keeps what is not given, and checks what is given among itself', () => {
    expect(parseGroupVerbOptions('resize', { group: 'a-v001', desiredCapacity: '4' }).capacity).toEqual({
      desired: 4,
    });
    expect(
      parseGroupVerbOptions('resize', { group: 'a-v001', minSize: '1', desiredCapacity: '2', maxSize: '3' })
        .capacity,
    ).toEqual({ min: 1, desired: 2, max: 3 });
    expect(() => parseGroupVerbOptions('resize', { group: 'a-v001', minSize: '3', maxSize: '2' })).toThrow(
      'Invalid min-size "3": expected min ≤ desired ≤ max (given 3/-/2).',
    );
    expect(() => parseGroupVerbOptions('resize', { group: 'a-v001', desiredCapacity: '-1' })).toThrow(
      'Invalid desired-capacity "-1": expected a whole number from 0 to 10000.',
    );
  });
});
