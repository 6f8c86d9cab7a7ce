import type { AutoScalingGroup } from '@aws-sdk/client-auto-scaling';
import { readGroupSpec, recordedUserPool } from '@immutable-actions/core';

// A group previous-group: stopped put its own warm pool on, serving again before a rollback took the pool
// away (a hand `immutable enable`): the next group gets the user's pool, never ours.
const group = (tags: Record<string, string>): AutoScalingGroup => ({
  AutoScalingGroupName: 'shop-v001',
  MinSize: 1,
  MaxSize: 3,
  DesiredCapacity: 2,
  DefaultCooldown: 300,
  AvailabilityZones: ['us-east-1a'],
  HealthCheckType: 'EC2',
  CreatedTime: new Date(0),
  LaunchTemplate: { LaunchTemplateName: 'shop-v001', Version: '1' },
  WarmPoolConfiguration: {
    MinSize: 0,
    MaxGroupPreparedCapacity: 2,
    PoolState: 'Stopped',
    InstanceReusePolicy: { ReuseOnScaleIn: true },
  },
  Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value, ResourceId: 'shop-v001' })),
});

describe('warm pool records (previous-group: stopped)', () => {
  it('reads the marker: not ours, ours over no pool, ours over the user pool', () => {
    expect(recordedUserPool({})).toBeUndefined();
    expect(recordedUserPool({ 'immutable:warm-pool': 'none' })).toBeNull();
    expect(recordedUserPool({ 'immutable:warm-pool': '{"MinSize":1,"PoolState":"Running"}' })).toEqual({
      MinSize: 1,
      PoolState: 'Running',
    });
    expect(() => recordedUserPool({ 'immutable:warm-pool': '{oops' })).toThrow(
      /neither "none" nor a warm pool: put the group's own warm pool back by hand/,
    );
  });

  it('the next group carries the user pool recorded under ours, or none, never our temporary one', () => {
    expect(readGroupSpec(group({ 'immutable:warm-pool': 'none' })).warmPool).toBeUndefined();
    expect(
      readGroupSpec(
        group({
          'immutable:warm-pool':
            '{"MinSize":1,"MaxGroupPreparedCapacity":4,"PoolState":"Running","ReuseOnScaleIn":false}',
        }),
      ).warmPool,
    ).toEqual({
      MinSize: 1,
      MaxGroupPreparedCapacity: 4,
      PoolState: 'Running',
      InstanceReusePolicy: { ReuseOnScaleIn: false },
    });
    // Without our marker the pool is the user's own and carries over as it is.
    expect(readGroupSpec(group({})).warmPool).toMatchObject({ PoolState: 'Stopped', MinSize: 0 });
  });
});
