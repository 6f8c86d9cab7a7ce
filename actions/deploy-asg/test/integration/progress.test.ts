import { createAlarm, makeAmi, runAction, setAlarm, useSeededMoto } from '@immutable-actions/test-support';

const { moto, fixtures, net } = useSeededMoto();

// The bundle runs in real time. A 1-minute bake time with the heartbeat knob at 1 s shows its beats within
// seconds; the test then fires the alarm, which ends the bake time at once (a rollback), so it never waits the minute.
describe('deploy-asg progress on long waits', () => {
  it('a 1-minute bake time beats with what it waits for, elapsed, left and alarms quiet', async () => {
    const cluster = 'beat';
    const first = await runAction('deploy-asg', {
      inputs: {
        cluster,
        'ami-id': await makeAmi(fixtures, `${cluster}-1`),
        'launch-template': net.baseTemplateName,
        'target-groups': net.targetGroupName,
      },
      env: moto.env,
    });
    expect(first.exitCode).toBe(0);
    await createAlarm(fixtures, 'beat-5xx', 'OK');
    const bad = await makeAmi(fixtures, `${cluster}-2`);
    const beats: string[] = [];
    let fired: Promise<void> | undefined;
    const started = Date.now();
    const result = await runAction('deploy-asg', {
      inputs: { cluster, 'ami-id': bad, 'alarm-names': 'beat-5xx', 'bake-time': '1m' },
      env: { ...moto.env, IMMUTABLE_HEARTBEAT_SECONDS: '1' },
      onSpawn: (child) => {
        child.stdout?.on('data', (chunk: Buffer) => {
          for (const line of chunk.toString().split('\n')) {
            if (line.includes('Waiting for the bake time')) beats.push(line);
          }
          if (!fired && beats.length >= 3) fired = setAlarm(fixtures, 'beat-5xx', 'ALARM');
        });
      },
    });
    await fired;
    expect(result.exitCode).toBe(1);
    expect(result.outputs['rolled-back']).toBe('true');
    expect(Date.now() - started).toBeLessThan(40_000);
    // The first look at 0 s, then a beat a second, each with the time left of the minute and the count.
    expect(beats[0]).toMatch(
      /Waiting for the bake time \(1 alarm\(s\)\): 1\/1 alarms quiet — no alarm firing \(0s elapsed, 60s left\)$/,
    );
    const times = beats.slice(1).map((line) => {
      const match = /: 1\/1 alarms quiet — no alarm firing \((\d+)s elapsed, (\d+)s left\)$/.exec(line);
      expect(match).not.toBeNull();
      return [Number(match?.[1]), Number(match?.[2])];
    });
    expect(times.length).toBeGreaterThanOrEqual(2);
    for (const [elapsed, left] of times) {
      expect(elapsed! + left!).toBe(60);
      expect(elapsed).toBeGreaterThanOrEqual(1);
    }
    expect(times.map(([elapsed]) => elapsed)).toEqual(
      [...times.map(([elapsed]) => elapsed)].sort((a, b) => a! - b!),
    );
    // The end of the wait is reported too: the alarm fired, none quiet.
    expect(result.stdout).toMatch(
      /Done waiting for the bake time \(1 alarm\(s\)\) after \d+s: 0\/1 alarms quiet/,
    );
  });
});
