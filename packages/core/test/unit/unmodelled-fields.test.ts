import { groupElements } from '../../src/aws/unmodelled-fields';

// A DescribeAutoScalingGroups answer as AWS frames it, with one element this SDK does not model.
const answer = `<?xml version="1.0"?>
<DescribeAutoScalingGroupsResponse xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/">
  <DescribeAutoScalingGroupsResult>
    <AutoScalingGroups>
      <member>
        <AutoScalingGroupName>shop-v001</AutoScalingGroupName>
        <Instances><member><InstanceId>i-1</InstanceId></member></Instances>
        <FutureSetting><Mode>on</Mode></FutureSetting>
        <Context/>
      </member>
      <member>
        <AutoScalingGroupName>shop-v002</AutoScalingGroupName>
      </member>
    </AutoScalingGroups>
  </DescribeAutoScalingGroupsResult>
  <ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>
</DescribeAutoScalingGroupsResponse>`;

describe('groupElements', () => {
  it("lists each group's own elements with their inner text, not the nested members'", () => {
    const groups = groupElements(answer);
    expect(groups).toHaveLength(2);
    expect([...groups[0]!.keys()]).toEqual(['AutoScalingGroupName', 'Instances', 'FutureSetting', 'Context']);
    expect(groups[0]!.get('FutureSetting')).toBe('<Mode>on</Mode>');
    expect(groups[0]!.get('Context')).toBe('');
    expect(Object.fromEntries(groups[1]!)).toEqual({ AutoScalingGroupName: 'shop-v002' });
  });

  it('finds no group in an answer with none', () => {
    expect(
      groupElements(
        '<DescribeAutoScalingGroupsResponse><DescribeAutoScalingGroupsResult><AutoScalingGroups/></DescribeAutoScalingGroupsResult></DescribeAutoScalingGroupsResponse>',
      ),
    ).toEqual([]);
  });
});
