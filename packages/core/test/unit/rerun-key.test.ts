import { parseDeployOptions } from '../../src';
import { deployInvocation, rerunKey, runOwnerFrom } from '../../src/run';

// What a re-run recognises as its own deploy: the job in Actions; locally, the same user, host and command.
const ami = 'ami-0123456789abcdef0';
const options = (extra: Record<string, string> = {}) =>
  parseDeployOptions({ cluster: 'shop', amiId: ami, ...extra });

describe('rerunKey', () => {
  it('in Actions: the job, whatever the attempt, process or inputs', () => {
    const env = { GITHUB_REPOSITORY: 'acme/shop', GITHUB_RUN_ID: '77', GITHUB_JOB: 'deploy' };
    const first = runOwnerFrom({ ...env, GITHUB_RUN_ATTEMPT: '1' }, { processId: 'aaaa0001' });
    const second = runOwnerFrom({ ...env, GITHUB_RUN_ATTEMPT: '2' }, { processId: 'bbbb0002' });
    expect(rerunKey(first, deployInvocation(options()))).toBe('acme/shop#77/deploy');
    expect(rerunKey(second, deployInvocation(options({ instanceType: 'm5.large' })))).toBe(
      'acme/shop#77/deploy',
    );
  });

  it('locally: the same command from another process matches, without the random part', () => {
    const killed = runOwnerFrom({ USER: 'ana' }, { processId: 'aaaa0001', host: 'laptop' });
    const again = runOwnerFrom({ USER: 'ana' }, { processId: 'bbbb0002', host: 'laptop' });
    expect(killed.id).not.toBe(again.id);
    const key = rerunKey(killed, deployInvocation(options()));
    expect(key).toMatch(/^local:ana@laptop\/deploy-[0-9a-f]{16}$/);
    expect(rerunKey(again, deployInvocation(options()))).toBe(key);
    // Waits and lock handling do not make it another deploy.
    expect(
      rerunKey(
        again,
        deployInvocation(options({ healthTimeout: '20m', lockTimeout: '5m', breakLock: 'true' })),
      ),
    ).toBe(key);
  });

  it('locally: another AMI, instance type, capacity, strategy, user or host is another deploy', () => {
    const owner = runOwnerFrom({ USER: 'ana' }, { processId: 'aaaa0001', host: 'laptop' });
    const key = rerunKey(owner, deployInvocation(options()));
    const others = [
      options({ amiId: 'ami-0123456789abcdef1' }),
      options({ instanceType: 'm5.large' }),
      options({ desiredCapacity: '3' }),
      options({ minSize: '0' }),
      options({ maxSize: '9' }),
      options({ strategy: 'highlander' }),
      options({ subnets: 'subnet-0123abcd' }),
      options({ targetGroups: 'web' }),
      options({ cluster: 'shop-canary' }),
      options({ previousGroup: 'scale-to-zero' }),
    ];
    const keys = others.map((o) => rerunKey(owner, deployInvocation(o)));
    expect(keys).not.toContain(key);
    expect(new Set(keys).size).toBe(others.length);
    const bob = runOwnerFrom({ USER: 'bob' }, { processId: 'aaaa0001', host: 'laptop' });
    const desk = runOwnerFrom({ USER: 'ana' }, { processId: 'aaaa0001', host: 'desk' });
    expect(rerunKey(bob, deployInvocation(options()))).not.toBe(key);
    expect(rerunKey(desk, deployInvocation(options()))).not.toBe(key);
  });

  it('locally, without an invocation: only this process', () => {
    const owner = runOwnerFrom({ USER: 'ana' }, { processId: 'aaaa0001', host: 'laptop' });
    expect(rerunKey(owner)).toBe(owner.id);
  });
});
