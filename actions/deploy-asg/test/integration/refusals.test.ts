import { CreateOrUpdateTagsCommand } from '@aws-sdk/client-auto-scaling';
import {
  createServedCluster,
  makeAmi,
  runAction,
  snapshotWorld,
  useSeededMoto,
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
});
