#!/usr/bin/env bash
# The bootstrapper's alternative to deploy-asg: a red/black deploy by hand with the AWS CLI.
#   manual-red-black.sh NEW_GROUP AMI_ID SUBNETS TARGET_GROUP_ARN CAPACITY [OLD_GROUP]
# SUBNETS is comma-separated. ENDPOINT (e.g. moto's URL) is passed as --endpoint-url when set; POLL_SECONDS
# (default 2) is the pause between two looks, the first look being immediate, as in the core's poller.
set -euo pipefail
new=$1 ami=$2 subnets=$3 tg=$4 capacity=$5 old=${6:-}
poll=${POLL_SECONDS:-2}
aws() { command aws ${ENDPOINT:+--endpoint-url "$ENDPOINT"} --output text "$@"; }

# 1. A launch template for the new AMI.
aws ec2 create-launch-template --launch-template-name "$new" \
  --launch-template-data "{\"ImageId\":\"$ami\",\"InstanceType\":\"t3.micro\"}" >/dev/null

# 2. The new group beside the old one, at the same capacity.
aws autoscaling create-auto-scaling-group --auto-scaling-group-name "$new" \
  --launch-template "LaunchTemplateName=$new,Version=\$Default" \
  --min-size 1 --max-size "$capacity" --desired-capacity "$capacity" --vpc-zone-identifier "$subnets"

# 3. Wait until every instance is InService.
until [ "$(aws autoscaling describe-auto-scaling-groups --auto-scaling-group-names "$new" \
  --query "length(AutoScalingGroups[0].Instances[?LifecycleState=='InService'])")" -ge "$capacity" ]; do
  sleep "$poll"
done
ids=$(aws autoscaling describe-auto-scaling-groups --auto-scaling-group-names "$new" \
  --query 'AutoScalingGroups[0].Instances[].InstanceId')

# 4. Put it behind the load balancer.
aws autoscaling attach-load-balancer-target-groups --auto-scaling-group-name "$new" --target-group-arns "$tg"

# 5. Wait until its instances are healthy in the target group.
healthy() {
  local states n=0 id
  states=$(aws elbv2 describe-target-health --target-group-arn "$tg" \
    --query "TargetHealthDescriptions[?TargetHealth.State=='healthy'].Target.Id")
  for id in $ids; do [[ " $states " =~ [[:space:]]$id[[:space:]] ]] && n=$((n + 1)); done
  [ "$n" -ge "$capacity" ]
}
until healthy; do sleep "$poll"; done

# 6. Take the old group out of traffic and keep it warm (suspended) for a rollback.
if [ -n "$old" ]; then
  aws autoscaling detach-load-balancer-target-groups --auto-scaling-group-name "$old" --target-group-arns "$tg"
  aws autoscaling suspend-processes --auto-scaling-group-name "$old" \
    --scaling-processes Launch Terminate AddToLoadBalancer
fi
echo "serving: $new"
