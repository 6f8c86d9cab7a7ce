import {
  checkGroupHealth,
  createWithRetry,
  ImmutableError,
  isEventualConsistencyError,
  isExpiredCredentialsError,
  pinGroup,
  runWorkflow,
  unpinGroup,
  worstCaseMs,
  parseDeployOptions,
  type AwsClients,
  type ServerGroup,
  type Step,
  type WorkflowState,
} from '@immutable-actions/core';
import { fakeRuntime } from '@immutable-actions/test-support';

const awsError = (name: string, message: string): Error => Object.assign(new Error(message), { name });

describe('creates retry eventual consistency and accept what a lost answer made', () => {
  it('retries "You must use a valid fully-formed launch template" with backoff, then creates', async () => {
    const runtime = fakeRuntime();
    let calls = 0;
    const result = await createWithRetry(runtime, { what: 'creating shop-v001' }, async () => {
      calls++;
      if (calls < 3)
        throw awsError(
          'ValidationError',
          'You must use a valid fully-formed launch template. The launch template does not exist',
        );
    });
    expect(result).toBe('created');
    expect(calls).toBe(3);
    expect(runtime.sleeps).toHaveLength(2);
    expect(runtime.sleeps[1]).toBeGreaterThanOrEqual(runtime.sleeps[0] ?? 0);
  });

  it('gives up after its bound, naming the last refusal', async () => {
    const runtime = fakeRuntime();
    await expect(
      createWithRetry(runtime, { what: 'creating shop-v001', timeoutMs: 30_000 }, async () => {
        throw awsError('InvalidLaunchTemplateName.NotFoundException', 'not found');
      }),
    ).rejects.toMatchObject({ code: 'TIMEOUT', message: expect.stringContaining('not found') });
  });

  it('accepts an AlreadyExists for a resource that is ours, refuses one that is not', async () => {
    const runtime = fakeRuntime();
    const exists = async () => {
      throw awsError('AlreadyExistsFault', 'AutoScalingGroup by this name already exists');
    };
    await expect(
      createWithRetry(runtime, { what: 'x', onExisting: async () => 'ours' }, exists),
    ).resolves.toBe('existing');
    let looks = 0;
    await expect(
      createWithRetry(
        runtime,
        { what: 'x', onExisting: async () => (++looks < 2 ? 'not-visible-yet' : 'ours') },
        exists,
      ),
    ).resolves.toBe('existing');
    expect(looks).toBe(2);
    await expect(
      createWithRetry(
        runtime,
        {
          what: 'x',
          onExisting: async () => {
            throw new ImmutableError('CONFLICT', 'not made by this run');
          },
        },
        exists,
      ),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('does not retry other validation errors', async () => {
    expect(
      isEventualConsistencyError(
        awsError('ValidationError', 'Max bound, 1, must be greater than or equal to min bound, 2'),
      ),
    ).toBe(false);
    await expect(
      createWithRetry(fakeRuntime(), { what: 'x' }, async () => {
        throw awsError('ValidationError', 'Max bound must be at least min bound');
      }),
    ).rejects.toThrow('Max bound');
  });
});

function fakeAutoScaling(group: Record<string, unknown>, activities: Record<string, unknown>[]) {
  const updates: unknown[] = [];
  const deleted: unknown[] = [];
  const tags: unknown[] = [];
  const autoScaling = {
    describeAutoScalingGroups: async () => ({ AutoScalingGroups: [group] }),
    describeScalingActivities: async () => ({ Activities: activities }),
    updateAutoScalingGroup: async (input: unknown) => void updates.push(input),
    deleteTags: async (input: unknown) => void deleted.push(input),
    createOrUpdateTags: async (input: unknown) => void tags.push(input),
  };
  return { aws: { autoScaling, elbv2: {} } as unknown as AwsClients, updates, deleted, tags };
}

const created = new Date(Date.UTC(2026, 10, 24, 12, 0, 0));
const groupShape = (extra: Record<string, unknown> = {}) => ({
  AutoScalingGroupName: 'shop-v001',
  CreatedTime: created,
  MinSize: 1,
  MaxSize: 4,
  DesiredCapacity: 3,
  Instances: [],
  Tags: [],
  ...extra,
});

describe('the health wait reads scaling activities', () => {
  it('fails at once on a Failed activity, naming AWS StatusMessage', async () => {
    const message =
      'We currently do not have sufficient t3.micro capacity in the Availability Zone you requested (us-east-1a).';
    const { aws } = fakeAutoScaling(groupShape(), [
      { StatusCode: 'Failed', StatusMessage: message, StartTime: new Date(created.getTime() + 5_000) },
    ]);
    const state = await checkGroupHealth(aws, 'shop-v001', []);
    expect(state).toEqual({ state: 'failure', reason: `a launch failed: ${message}` });
  });

  it('ignores failures from before the wait, and failures a later launch got past', async () => {
    const old = {
      StatusCode: 'Failed',
      StatusMessage: 'old',
      StartTime: new Date(created.getTime() + 1_000),
    };
    const later = { StatusCode: 'InProgress', StartTime: new Date(created.getTime() + 9_000) };
    const { aws } = fakeAutoScaling(groupShape(), [later, old]);
    expect((await checkGroupHealth(aws, 'shop-v001', [])).state).toBe('retry');
    const { aws: aws2 } = fakeAutoScaling(groupShape(), [old]);
    expect((await checkGroupHealth(aws2, 'shop-v001', [], created.getTime() + 60_000)).state).toBe('retry');
  });
});

it('a group not visible yet (just created) is waited for, not a failure', async () => {
  const aws = {
    autoScaling: { describeAutoScalingGroups: async () => ({ AutoScalingGroups: [] }) },
    elbv2: {},
  } as unknown as AwsClients;
  expect(await checkGroupHealth(aws, 'shop-v001', [])).toEqual({
    state: 'retry',
    reason: 'group shop-v001 is not visible',
  });
});

describe('pinning', () => {
  const serverGroup = (min: number, desired: number, tags: Record<string, string> = {}) =>
    ({ name: 'shop-v001', capacity: { min, desired, max: 4 }, tags }) as unknown as ServerGroup;

  it('pins min = desired, recording the min, and unpins to it', async () => {
    const { aws, updates, tags } = fakeAutoScaling(groupShape(), []);
    await pinGroup(aws, serverGroup(1, 3));
    expect(tags).toHaveLength(1);
    expect(JSON.stringify(tags[0])).toContain('"Value":"1"');
    expect(updates).toEqual([{ AutoScalingGroupName: 'shop-v001', MinSize: 3 }]);

    const pinned = fakeAutoScaling(
      groupShape({ MinSize: 3, Tags: [{ Key: 'immutable:pinned-min', Value: '1' }] }),
      [],
    );
    await unpinGroup(pinned.aws, 'shop-v001');
    expect(pinned.updates).toEqual([{ AutoScalingGroupName: 'shop-v001', MinSize: 1 }]);
    expect(JSON.stringify(pinned.deleted)).toContain('immutable:pinned-min');
  });

  it('leaves a group already at min = desired, or already pinned, alone', async () => {
    const { aws, updates } = fakeAutoScaling(groupShape(), []);
    await pinGroup(aws, serverGroup(3, 3));
    await pinGroup(aws, serverGroup(3, 3, { 'immutable:pinned-min': '1' }));
    expect(updates).toEqual([]);
    await unpinGroup(aws, 'shop-v001'); // no record: nothing to put back
    expect(updates).toEqual([]);
  });
});

describe('expired credentials', () => {
  it('fail the step in one line naming it, without recovering (nothing can be undone), and a re-run resumes', async () => {
    const recovered: string[] = [];
    const runtime = fakeRuntime();
    const watch: Step<WorkflowState> = {
      name: 'watch',
      mutates: false,
      run: async () => {
        throw awsError('ExpiredTokenException', 'The security token included in the request is expired');
      },
      recover: async () => void recovered.push('recover'),
    };
    const lock = {
      cluster: 'shop',
      templateId: 'lt-1',
      tookOver: false,
      assertHeld: async () => {},
      release: async () => {
        throw awsError('ExpiredToken', 'The security token included in the request is expired');
      },
    };
    const failure = await runWorkflow('deploy', [watch], { lock }, runtime).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ImmutableError);
    expect((failure as ImmutableError).code).toBe('CREDENTIALS_EXPIRED');
    expect((failure as Error).message).toBe(
      'The credentials expired during watch; a re-run resumes; use role-duration-seconds for a longer session.',
    );
    expect(recovered).toEqual([]);
    // The lock could not be released either: said once, not thrown over the step's error.
    expect(runtime.lines.filter((l) => l.startsWith('warning: Could not release'))).toHaveLength(1);
    expect(isExpiredCredentialsError(new Error('wrapped', { cause: awsError('ExpiredToken', 'x') }))).toBe(
      true,
    );
  });

  it('the worst case counts every health wait, the bake time and the rolling pauses', () => {
    const options = parseDeployOptions({
      cluster: 'shop',
      amiId: 'ami-0123456789abcdef0',
      healthTimeout: '10m',
      bakeTime: '30m',
      percentages: '25,50,100',
      stepWait: '5m',
    });
    expect(worstCaseMs(options, false)).toBe(40 * 60_000);
    expect(worstCaseMs(options, true)).toBe((30 + 30 + 10) * 60_000);
  });
});
