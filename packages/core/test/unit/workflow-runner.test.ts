import {
  mainPath,
  DEPLOY_STEPS,
  gateWrites,
  HIGHLANDER_STEPS,
  ImmutableError,
  ROLLBACK_STEPS,
  rollingRedBlackSteps,
  runWorkflow,
  ungated,
  type AwsClients,
  type ClusterLock,
  type Step,
  type WorkflowEvent,
  type WorkflowState,
} from '@immutable-actions/core';
import { fakeRuntime } from '@immutable-actions/test-support';

interface TestState extends WorkflowState {
  ran: string[];
  alarm?: boolean;
}

function fakeLock(log: string[], held: () => boolean = () => true): ClusterLock {
  return {
    cluster: 'shop',
    templateId: 'lt-lock',
    tookOver: false,
    assertHeld: async () => {
      log.push('assertHeld');
      if (!held()) throw new ImmutableError('LOCK_LOST', 'Lost the lock on cluster shop: now held by other.');
    },
    release: async () => {
      log.push('release');
    },
  };
}

const step = (name: string, extra: Partial<Step<TestState>> = {}): Step<TestState> => ({
  name,
  mutates: true,
  run: async (state) => {
    state.ran.push(name);
  },
  ...extra,
});

describe('runWorkflow', () => {
  it('runs each step after the crash hook and a lock check, logs it and reports progress', async () => {
    const runtime = fakeRuntime();
    const log: string[] = [];
    const events: WorkflowEvent[] = [];
    const state: TestState = { ran: [], lock: fakeLock(log) };
    await runWorkflow('deploy', [step('a'), step('b', { mutates: false }), step('c')], state, runtime, {
      beforeStep: (name) => {
        log.push(`before ${name}`);
      },
      onEvent: (event) => {
        events.push(event);
      },
    });
    expect(state.ran).toEqual(['a', 'b', 'c']);
    // The lock is checked only before steps that change something, after the crash hook.
    expect(log).toEqual(['before a', 'assertHeld', 'before b', 'before c', 'assertHeld', 'release']);
    expect(runtime.lines).toEqual(['Step a', 'Step b', 'Step c']);
    expect(events.map((e) => `${e.type} ${e.step}`)).toEqual([
      'step-started a',
      'step-finished a',
      'step-started b',
      'step-finished b',
      'step-started c',
      'step-finished c',
    ]);
    expect(state.lock).toBeUndefined();
  });

  it('checks the lock before a step whose predicate says it changes something this time, and only then', async () => {
    const log: string[] = [];
    const state: TestState = { ran: [], lock: fakeLock(log) };
    await runWorkflow(
      'deploy',
      [
        step('delete-old', { mutates: (s) => s.alarm === true }),
        step('scale', { mutates: (s) => s.ran.includes('delete-old') }),
      ],
      state,
      fakeRuntime(),
      { beforeStep: (name) => void log.push(`before ${name}`) },
    );
    expect(state.ran).toEqual(['delete-old', 'scale']);
    expect(log).toEqual(['before delete-old', 'before scale', 'assertHeld', 'release']);
  });

  it('skips a step whose condition does not hold, hook included', async () => {
    const seen: string[] = [];
    const state: TestState = { ran: [] };
    await runWorkflow(
      'deploy',
      [step('watch'), step('enable-previous', { when: (s) => s.alarm === true }), step('delete-old')],
      state,
      fakeRuntime(),
      { beforeStep: (name) => void seen.push(name) },
    );
    expect(state.ran).toEqual(['watch', 'delete-old']);
    expect(seen).toEqual(['watch', 'delete-old']);
  });

  it('stops with LOCK_LOST before a change once another run holds the lock, and releases nothing of theirs twice', async () => {
    const log: string[] = [];
    let held = true;
    const state: TestState = { ran: [], lock: fakeLock(log, () => held) };
    const steps = [
      step('a', {
        run: async (s) => {
          s.ran.push('a');
          held = false;
        },
      }),
      // b's change waits for its check, as every write through gateWrites clients does.
      step('b', {
        run: async (s) => {
          await s.writeGate;
          s.ran.push('b');
        },
      }),
    ];
    await expect(runWorkflow('deploy', steps, state, fakeRuntime())).rejects.toMatchObject({
      code: 'LOCK_LOST',
      message: expect.stringContaining('now held by other'),
    });
    expect(state.ran).toEqual(['a']);
    expect(log.filter((l) => l === 'release')).toHaveLength(1);
  });

  it("checks the lock beside a step's reads: its writes wait for the check, and a failed check is the error, with no recovery", async () => {
    const calls: string[] = [];
    let answer!: (held: boolean) => void;
    const lock: ClusterLock = {
      ...fakeLock(calls),
      assertHeld: async () => {
        calls.push('check');
        if (!(await new Promise<boolean>((resolve) => (answer = resolve))))
          throw new ImmutableError('LOCK_LOST', 'Lost the lock on cluster shop: now held by other.');
        calls.push('check ok');
      },
    };
    const api = (service: string) => ({
      describeThings: async () => void calls.push(`${service} read`),
      changeThings: async () => void calls.push(`${service} write`),
    });
    const raw = {
      autoScaling: api('autoScaling'),
      ec2: api('ec2'),
      elbv2: api('elbv2'),
      elb: api('elb'),
      cloudWatch: api('cloudWatch'),
    } as unknown as AwsClients;
    const state: TestState & { aws?: AwsClients } = { ran: [], lock };
    const aws = gateWrites(raw, state) as unknown as Record<string, ReturnType<typeof api>>;
    expect(ungated(aws as unknown as AwsClients)).toBe(raw);
    const recovered: string[] = [];
    const change = step('change', {
      run: async () => {
        await aws.autoScaling?.describeThings();
        const write = aws.ec2?.changeThings();
        // The read went out at once, beside the check; the write waits for the check's answer.
        await Promise.resolve();
        calls.push('asked to write');
        answer(true);
        await write;
      },
    });
    const lost = step('lost', {
      run: async () => {
        await aws.autoScaling?.describeThings();
        const write = aws.autoScaling?.changeThings();
        answer(false);
        await write;
      },
      recover: async () => void recovered.push('recovered'),
    });
    await expect(runWorkflow('deploy', [change, lost], state, fakeRuntime())).rejects.toMatchObject({
      code: 'LOCK_LOST',
    });
    expect(calls).toEqual([
      'check',
      'autoScaling read',
      'asked to write',
      'check ok',
      'ec2 write',
      'check',
      'autoScaling read',
      'release',
    ]);
    expect(recovered).toEqual([]);
    expect(state.writeGate).toBeUndefined();
  });

  it('lets the failing step recover, then throws its clearer error (or the original)', async () => {
    const recovered: string[] = [];
    const events: WorkflowEvent[] = [];
    const failing = step('wait-healthy', {
      run: async () => {
        throw new Error('timed out');
      },
      recover: async (_state, error) => {
        recovered.push(String(error));
        return new ImmutableError('UNHEALTHY', 'Rollback to shop-v001 failed: timed out');
      },
    });
    const state: TestState = { ran: [] };
    await expect(
      runWorkflow('rollback', [failing, step('after')], state, fakeRuntime(), {
        onEvent: (e) => void events.push(e),
      }),
    ).rejects.toMatchObject({ code: 'UNHEALTHY' });
    expect(recovered).toEqual(['Error: timed out']);
    expect(state.ran).toEqual([]);
    expect(events.map((e) => e.type)).toEqual(['step-started', 'step-failed']);

    const plain = step('create-group', {
      run: async () => {
        throw new Error('boom');
      },
      recover: async () => undefined,
    });
    await expect(runWorkflow('deploy', [plain], { ran: [] }, fakeRuntime())).rejects.toThrow('boom');
  });

  it('releases the lock when a step fails', async () => {
    const log: string[] = [];
    const failing = step('x', {
      mutates: false,
      run: async () => {
        throw new Error('boom');
      },
    });
    await expect(
      runWorkflow('deploy', [failing], { ran: [], lock: fakeLock(log) }, fakeRuntime()),
    ).rejects.toThrow('boom');
    expect(log).toEqual(['release']);
  });
});

describe('the step lists', () => {
  it("red-black's main path, and the alarm rollback only after an alarm", () => {
    expect(mainPath(DEPLOY_STEPS)).toEqual([
      'lock',
      'create-launch-template',
      'create-group',
      'copy-to-group',
      'wait-healthy',
      'disable-previous',
      'watch',
      'delete-old',
      'retire-expired',
      'unlock',
    ]);
    expect(DEPLOY_STEPS.filter((s) => s.branch === 'alarm').map((s) => s.name)).toEqual([
      'enable-previous',
      'wait-previous-healthy',
      'disable-new',
    ]);
    // After an alarm, nothing is deleted or retired.
    const afterAlarm = { alarm: { name: 'errors', state: 'ALARM', reason: undefined } } as never;
    expect(DEPLOY_STEPS.filter((s) => !s.when || s.when(afterAlarm)).map((s) => s.name)).toEqual([
      'lock',
      'create-launch-template',
      'create-group',
      'copy-to-group',
      'wait-healthy',
      'disable-previous',
      'watch',
      'enable-previous',
      'wait-previous-healthy',
      'disable-new',
      'unlock',
    ]);
    expect(HIGHLANDER_STEPS.map((s) => s.name)).not.toContain('retire-expired');
  });

  it('rolling red/black has one shift step per percentage, after holding the previous group', () => {
    const names = rollingRedBlackSteps([25, 50, 100]).map((s) => s.name);
    expect(names.slice(0, 8)).toEqual([
      'lock',
      'create-launch-template',
      'create-group',
      'copy-to-group',
      'hold-previous',
      'shift-25',
      'shift-50',
      'shift-100',
    ]);
    expect(names).not.toContain('wait-healthy');
  });

  it('only lock, wait and unlock steps skip the lock check', () => {
    const readOnly = [...DEPLOY_STEPS, ...ROLLBACK_STEPS].filter((s) => !s.mutates).map((s) => s.name);
    expect([...new Set(readOnly)]).toEqual([
      'lock',
      'wait-healthy',
      'watch',
      'wait-previous-healthy',
      'unlock',
    ]);
  });
});
