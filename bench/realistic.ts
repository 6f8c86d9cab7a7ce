import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import {
  fixtureClients,
  makeAmi,
  runAction,
  seedNetwork,
  setDeregistrationDelay,
  startMoto,
  startRealisticAws,
  type ConsistencyDelays,
  type FixtureClients,
  type Moto,
  type RealisticAws,
  type RealisticEvent,
} from '@immutable-actions/test-support';
import { performance } from 'node:perf_hooks';
import { ms, type Row } from './util';

/** What a just-created resource's invisibility looks like on AWS: about a second for a template. */
const CONSISTENCY: ConsistencyDelays = { launchTemplateMs: 1_000, groupMs: 500, policyMs: 500 };

interface Case {
  instances: number;
  bootMs: number;
  healthMs: number;
}

export interface RealisticResult extends Case {
  /** The red/black deploy as a process, spawn to exit. */
  wallMs: number;
  /** From the last new target turning healthy (on the layer) to the first old one leaving traffic. */
  switchLagMs: number;
  /** wallMs minus bootMs + healthMs: what the deploy adds to the time AWS itself takes. */
  overheadMs: number;
  calls: number;
  /** Each step's share of the deploy, from the bundle's timestamped `Step <name>` lines, slowest first. */
  steps: { name: string; ms: number }[];
}

/**
 * Step durations from the log: each `[time] Step <name>` line to the next one (the last one to the end), and
 * the start (node, the bundle, the plan and the lock) from the spawn to the first.
 */
export function stepDurations(
  stdout: string,
  startedAt: number,
  endedAt: number,
): { name: string; ms: number }[] {
  const marks = stdout.split('\n').flatMap((line) => {
    const match = /^(?:::\w+::)?\[([^\]]+)\] Step (\S+)/.exec(line);
    return match?.[1] && match[2] ? [{ name: match[2], at: Date.parse(match[1]) }] : [];
  });
  return [
    { name: 'start', ms: (marks[0]?.at ?? endedAt) - startedAt },
    ...marks.map((mark, i) => ({ name: mark.name, ms: (marks[i + 1]?.at ?? endedAt) - mark.at })),
  ].sort((a, b) => b.ms - a.ms);
}

const SECTION = 'Realistic AWS (bundle, layer on moto)';

/**
 * deploy-asg's red/black deploy through the bundle on the realistic layer (boot and health time, the
 * consistency delays above): how long after the new group turned healthy the old one left traffic, and
 * what the deploy costs beyond the time AWS takes to boot and health-check. Quick: one case.
 */
export async function benchRealistic(quick: boolean, log: (line: string) => void): Promise<Row[]> {
  const cases: Case[] = quick
    ? [{ instances: 3, bootMs: 1_000, healthMs: 1_000 }]
    : [
        { instances: 3, bootMs: 1_000, healthMs: 1_000 },
        { instances: 3, bootMs: 5_000, healthMs: 5_000 },
        { instances: 30, bootMs: 1_000, healthMs: 1_000 },
      ];
  const rows: Row[] = [];
  for (const c of cases) {
    const r = await benchCase(c);
    log(
      `  ${c.instances} instances, boot ${c.bootMs} ms + health ${c.healthMs} ms: deploy ${Math.round(r.wallMs)} ms, switch lag ${Math.round(r.switchLagMs)} ms`,
    );
    const label = `${c.instances} instances, boot ${ms(c.bootMs)} + health ${ms(c.healthMs)}`;
    rows.push(
      {
        section: SECTION,
        measure: `red/black deploy, ${label}`,
        value: `${ms(r.wallMs)}, ${r.calls} calls`,
      },
      {
        section: SECTION,
        measure: `new group healthy → old group out of traffic, ${label}`,
        value: ms(r.switchLagMs),
        note: 'the health wait notices at its next look (2 s, backing off to 15 s), then disables the old group',
      },
      {
        section: SECTION,
        measure: `deploy overhead beyond boot + health, ${label}`,
        value: ms(r.overheadMs),
        note: `slowest steps: ${r.steps
          .slice(0, 3)
          .map((step) => `${step.name} ${ms(step.ms)}`)
          .join(
            ', ',
          )}; consistency: template ${CONSISTENCY.launchTemplateMs} ms, group ${CONSISTENCY.groupMs} ms, policy ${CONSISTENCY.policyMs} ms`,
      },
    );
  }
  return rows;
}

async function benchCase(c: Case): Promise<RealisticResult> {
  let moto: Moto | undefined;
  let layer: RealisticAws | undefined;
  let fixtures: FixtureClients | undefined;
  try {
    moto = await startMoto();
    fixtures = fixtureClients(moto);
    const net = await seedNetwork(fixtures, 'realbench');
    // AWS's 300 s default only matters to deletes, which this deploy does not make; short all the same.
    await setDeregistrationDelay(fixtures, net.targetGroupArn, 1);
    layer = await startRealisticAws({ moto, bootMs: 0, healthMs: 0 });
    const cluster = 'realbench';
    const amis = [await makeAmi(fixtures, 'realbench-1'), await makeAmi(fixtures, 'realbench-2')];
    const first = await runAction('deploy-asg', {
      env: layer.env,
      inputs: {
        cluster,
        'ami-id': amis[0] ?? '',
        'launch-template': net.baseTemplateName,
        'target-groups': net.targetGroupName,
        'desired-capacity': String(c.instances),
        'min-size': '1',
        'max-size': String(c.instances),
      },
    });
    if (first.exitCode !== 0) throw new Error(`first deploy failed: ${first.errors.join('; ')}`);
    await layer.settle();
    layer.configure({ bootMs: c.bootMs, healthMs: c.healthMs, consistency: CONSISTENCY });
    layer.resetStats();
    const from = Date.now() - layer.startedAt;
    const started = performance.now();
    const spawnedAt = Date.now();
    const second = await runAction('deploy-asg', {
      env: layer.env,
      inputs: { cluster, 'ami-id': amis[1] ?? '' },
    });
    const wallMs = performance.now() - started;
    const steps = stepDurations(second.stdout, spawnedAt, Date.now());
    if (second.exitCode !== 0) throw new Error(`red/black deploy failed: ${second.errors.join('; ')}`);
    const calls = layer.stats().total;

    const ids = async (name: string): Promise<string[]> =>
      (
        (
          await fixtures?.autoScaling.send(
            new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }),
          )
        )?.AutoScalingGroups?.[0]?.Instances ?? []
      ).flatMap((i) => (i.InstanceId ? [i.InstanceId] : []));
    const timeline = layer.timeline().filter((e) => e.atMs >= from);
    const times = (kind: RealisticEvent['kind'], of: string[]): number[] =>
      timeline
        .filter((e) => e.kind === kind && of.some((id) => e.subject.endsWith(`/${id}`)))
        .map((e) => e.atMs);
    const newHealthy = times('target-healthy', await ids(`${cluster}-v001`));
    const oldLeft = times('target-draining', await ids(`${cluster}-v000`));
    if (newHealthy.length !== c.instances || oldLeft.length !== c.instances) {
      throw new Error(
        `the timeline shows ${newHealthy.length} new target(s) healthy and ${oldLeft.length} old one(s) leaving, of ${c.instances}`,
      );
    }
    return {
      ...c,
      wallMs,
      switchLagMs: Math.min(...oldLeft) - Math.max(...newHealthy),
      overheadMs: wallMs - (c.bootMs + c.healthMs),
      calls,
      steps,
    };
  } finally {
    fixtures?.destroy();
    await layer?.stop();
    await moto?.stop();
  }
}
