import { CreateOrUpdateTagsCommand } from '@aws-sdk/client-auto-scaling';
import {
  createServedCluster,
  makeAmi,
  runAction,
  snapshotWorld,
  startAwsProxy,
  useSeededMoto,
  type AwsProxy,
} from '@immutable-actions/test-support';

// What a deploy refuses about the previous group, through the bundle: one line, before any change.
const { moto, fixtures, net } = useSeededMoto('refuse');

describe('refused before any change (bundle)', () => {
  it("a previous group with too many tags for the next one: AWS's 50-tag limit, in one line", async () => {
    const served = await createServedCluster(fixtures, net, {
      cluster: 'tags',
      amiId: await makeAmi(fixtures, 'tags-1'),
      kind: 'target-group',
    });
    await fixtures.autoScaling.send(
      new CreateOrUpdateTagsCommand({
        Tags: Array.from({ length: 44 }, (_, i) => ({
          ResourceId: served.group,
          ResourceType: 'auto-scaling-group',
          Key: `team-tag-${i}`,
          Value: 'x',
          PropagateAtLaunch: false,
        })),
      }),
    );
    const ami = await makeAmi(fixtures, 'tags-2');
    const before = await snapshotWorld(fixtures);
    const refused = await runAction('deploy-asg', {
      inputs: { cluster: 'tags', 'ami-id': ami },
      env: moto.env,
    });
    expect(refused.exitCode).toBe(1);
    expect(refused.errors).toHaveLength(1);
    expect(refused.errors[0]).toMatch(
      /^The next group would need \d+ tags \(44 of the previous group, \d+ of the deploy at creation, up to \d+ more later\) and AWS allows 50: remove \d+ tag\(s\) from the group\.$/,
    );
    expect(await snapshotWorld(fixtures)).toEqual(before);
  });

  describe('a group field this SDK does not model (AWS added it after this version was built)', () => {
    let proxy: AwsProxy;
    beforeAll(async () => {
      // The SDK drops XML elements it does not know; AWS answering with a new one is played here.
      proxy = await startAwsProxy({
        target: moto.endpoint,
        plan: ({ call }) =>
          call.operation === 'DescribeAutoScalingGroups'
            ? {
                kind: 'forward',
                after: async (answer) => ({
                  body: answer.body
                    .toString('utf8')
                    .replace(
                      /<AutoScalingGroupARN>/g,
                      '<FutureSetting>on</FutureSetting><AutoScalingGroupARN>',
                    ),
                }),
              }
            : { kind: 'forward' },
      });
    });
    afterAll(() => proxy.stop());

    it('is refused in one line naming it, and nothing changes; allow-drop names it and the deploy goes on', async () => {
      await createServedCluster(fixtures, net, {
        cluster: 'future',
        amiId: await makeAmi(fixtures, 'future-1'),
        kind: 'target-group',
      });
      const ami = await makeAmi(fixtures, 'future-2');
      const env = { ...moto.env, AWS_ENDPOINT_URL: proxy.endpoint };
      const before = await snapshotWorld(fixtures);
      const refused = await runAction('deploy-asg', { inputs: { cluster: 'future', 'ami-id': ami }, env });
      expect(refused.exitCode).toBe(1);
      expect(refused.errors).toEqual([
        expect.stringMatching(
          /^future-v000 has FutureSetting, which this version cannot carry over to the next group: refusing to drop it \(add `allow-drop: FutureSetting` to deploy without\)\.$/,
        ),
      ]);
      expect(await snapshotWorld(fixtures)).toEqual(before);

      const allowed = await runAction('deploy-asg', {
        inputs: { cluster: 'future', 'ami-id': ami, 'allow-drop': 'FutureSetting' },
        env,
      });
      expect(allowed.exitCode).toBe(0);
      expect(allowed.outputs['asg-name']).toBe('future-v001');
    });
  });
});
