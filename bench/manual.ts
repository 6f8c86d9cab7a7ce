import {
  AttachLoadBalancerTargetGroupsCommand,
  CreateAutoScalingGroupCommand,
} from '@aws-sdk/client-auto-scaling';
import { CreateLaunchTemplateCommand } from '@aws-sdk/client-ec2';
import { fixtureClients, type Moto, type SeededNetwork } from '@immutable-actions/test-support';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { withCountedWorld } from './counted-world';

export interface ManualResult {
  available: boolean;
  /** `aws --version`, or why the row was skipped. */
  note: string;
  wallMs?: number;
  calls?: number;
}

const SCRIPT = join(__dirname, 'manual-red-black.sh');

function awsVersion(): string | undefined {
  const probe = spawnSync('aws', ['--version'], { encoding: 'utf8' });
  if (probe.status !== 0 || probe.error) return undefined;
  return `${probe.stdout}${probe.stderr}`.trim().split(/\s+/)[0];
}

function runScript(env: Record<string, string>, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [SCRIPT, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`manual-red-black.sh exited ${code}: ${output.slice(-800)}`)),
    );
  });
}

/**
 * The group the timed script replaces, as the script's own first run leaves it (a launch template for the AMI,
 * the group at N instances, attached to the target group), made through the SDK: that run is not timed, and
 * through the AWS CLI it cost as long as the measured one (about 10 s: the CLI's start, eight times).
 */
async function firstGroup(
  moto: Moto,
  net: SeededNetwork,
  name: string,
  ami: string,
  instances: number,
): Promise<void> {
  const clients = fixtureClients(moto);
  try {
    await clients.ec2.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: name,
        LaunchTemplateData: { ImageId: ami, InstanceType: 't3.micro' },
      }),
    );
    await clients.autoScaling.send(
      new CreateAutoScalingGroupCommand({
        AutoScalingGroupName: name,
        LaunchTemplate: { LaunchTemplateName: name, Version: '$Default' },
        MinSize: 1,
        MaxSize: instances,
        DesiredCapacity: instances,
        VPCZoneIdentifier: net.subnetIds.join(','),
      }),
    );
    await clients.autoScaling.send(
      new AttachLoadBalancerTargetGroupsCommand({
        AutoScalingGroupName: name,
        TargetGroupARNs: [net.targetGroupArn],
      }),
    );
  } finally {
    clients.destroy();
  }
}

/**
 * The same red/black deploy by hand (bench/manual-red-black.sh, AWS CLI) against its own moto: a first
 * group (set up untimed), then the timed deploy of a second one replacing it, through a counting proxy.
 */
export async function benchManual(instances: number): Promise<ManualResult> {
  const version = awsVersion();
  if (!version) return { available: false, note: 'skipped: the aws CLI is not installed' };
  return withCountedWorld('manual', async ({ moto, proxy, net, amis }) => {
    const env = { ...moto.env, ENDPOINT: proxy.endpoint, AWS_PAGER: '' };
    const common = [net.subnetIds.join(','), net.targetGroupArn, String(instances)];
    await firstGroup(moto, net, 'manual-v000', amis[0], instances);
    proxy.resetStats();
    const started = performance.now();
    await runScript(env, ['manual-v001', amis[1], ...common, 'manual-v000']);
    return {
      available: true,
      note: version,
      wallMs: performance.now() - started,
      calls: proxy.stats().total,
    };
  });
}
