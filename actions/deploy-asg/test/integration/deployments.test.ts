import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createAlarm,
  fixtureClients,
  freePort,
  makeAmi,
  readWorld,
  runAction,
  seedNetwork,
  servingGroups,
  setAlarm,
  startMoto,
  type FixtureClients,
  type Moto,
  type RunActionOptions,
  type SeededNetwork,
} from '@immutable-actions/test-support';

// deploy-asg and rollback-asg bundles, run as the runner runs them against moto, recording GitHub
// Deployments on a local HTTP server that stands in for the GitHub API (GITHUB_API_URL).

const TOKEN = 'ghs_fake0token0for0tests';
const SHA = '0123456789abcdef0123456789abcdef01234567';

interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  body: Record<string, unknown> | undefined;
}

interface StoredDeployment {
  id: number;
  sha: string;
  ref: string;
  environment: string;
  payload: Record<string, unknown>;
  production_environment: boolean;
  statuses: string[];
}

/** A small GitHub deployments API: creates, lists (newest first) and takes statuses; records every request. */
class FakeGitHub {
  readonly requests: Recorded[] = [];
  readonly deployments: StoredDeployment[] = [];
  /** Answer 500 to every request when set. */
  failAll = false;
  private server: Server | undefined;
  private nextId = 100;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** The requests of one cluster (environment), by deployment id or environment. */
  forCluster(cluster: string): Recorded[] {
    const ids = new Set(this.deployments.filter((d) => d.environment === cluster).map((d) => d.id));
    return this.requests.filter((r) => {
      const id = /\/deployments\/(\d+)\//.exec(r.path)?.[1];
      return id
        ? ids.has(Number(id))
        : r.body?.environment === cluster || r.query.get('environment') === cluster;
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let text = '';
    for await (const chunk of req) text += String(chunk);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    this.requests.push({
      method: req.method ?? '',
      path: url.pathname,
      query: url.searchParams,
      authorization: req.headers.authorization,
      body,
    });
    const send = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    if (this.failAll) return send(500, { message: 'Server Error' });
    const list = /^\/repos\/acme\/shop\/deployments$/.test(url.pathname);
    const status = /^\/repos\/acme\/shop\/deployments\/(\d+)\/statuses$/.exec(url.pathname);
    if (list && req.method === 'POST' && body) {
      const deployment: StoredDeployment = {
        id: this.nextId++,
        sha: String(body.ref),
        ref: String(body.ref),
        environment: String(body.environment),
        payload: body.payload as Record<string, unknown>,
        production_environment: body.production_environment === true,
        statuses: [],
      };
      this.deployments.push(deployment);
      return send(201, deployment);
    }
    if (list && req.method === 'GET') {
      const environment = url.searchParams.get('environment');
      return send(
        200,
        this.deployments.filter((d) => !environment || d.environment === environment).reverse(),
      );
    }
    if (status && req.method === 'POST' && body) {
      const deployment = this.deployments.find((d) => d.id === Number(status[1]));
      if (!deployment) return send(404, { message: 'Not Found' });
      const state = String(body.state);
      deployment.statuses.push(state);
      return send(201, { id: this.nextId++, state });
    }
    return send(404, { message: 'Not Found' });
  }
}

let moto: Moto;
let fixtures: FixtureClients;
let net: SeededNetwork;
const github = new FakeGitHub();

beforeAll(async () => {
  await github.start();
  moto = await startMoto();
  fixtures = fixtureClients(moto);
  net = await seedNetwork(fixtures);
});

afterAll(async () => {
  fixtures?.destroy();
  await moto?.stop();
  await github.stop();
});

afterEach(() => {
  github.failAll = false;
});

const env = () => ({ ...moto.env, GITHUB_API_URL: github.url });
const withToken = (inputs: Record<string, string>) => ({ ...inputs, 'github-token': TOKEN });
const deployAsg = (inputs: Record<string, string>, onSpawn?: RunActionOptions['onSpawn']) =>
  runAction('deploy-asg', { inputs: withToken(inputs), env: env(), ...(onSpawn ? { onSpawn } : {}) });

/** Sets the alarm to ALARM once the deploy's bake time starts (traffic has moved). */
function fireAt(alarm: string, step = 'Step watch') {
  const state: { fired?: Promise<void> } = {};
  const onSpawn: RunActionOptions['onSpawn'] = (child) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (!state.fired && chunk.toString().includes(step)) state.fired = setAlarm(fixtures, alarm, 'ALARM');
    });
  };
  return { onSpawn, state };
}

async function firstDeploy(cluster: string, token = true) {
  const inputs = {
    cluster,
    'ami-id': await makeAmi(fixtures, `${cluster}-1`),
    'launch-template': net.baseTemplateName,
    'target-groups': net.targetGroupName,
  };
  const result = await runAction('deploy-asg', {
    inputs: token ? withToken(inputs) : inputs,
    env: env(),
  });
  expect(result.exitCode).toBe(0);
  return result;
}

describe('deploy-asg: GitHub deployments', () => {
  it('creates a deployment for the cluster, then in_progress and success statuses', async () => {
    const ami = await makeAmi(fixtures, 'gh-ok-1');
    const result = await deployAsg({
      cluster: 'gh-ok',
      'ami-id': ami,
      'launch-template': net.baseTemplateName,
      'target-groups': net.targetGroupName,
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).not.toContain('::warning::');
    const requests = github.forCluster('gh-ok');
    expect(requests.map((r) => `${r.method} ${r.path.replace(/\d+/, 'N')}`)).toEqual([
      'POST /repos/acme/shop/deployments',
      'POST /repos/acme/shop/deployments/N/statuses',
      'POST /repos/acme/shop/deployments/N/statuses',
    ]);
    for (const request of requests) expect(request.authorization).toBe(`token ${TOKEN}`);
    const [create, inProgress, success] = requests;
    expect(create?.body).toMatchObject({
      ref: SHA,
      environment: 'gh-ok',
      auto_merge: false,
      required_contexts: [],
      transient_environment: false,
      production_environment: false,
      payload: { cluster: 'gh-ok', ami, group: 'gh-ok-v000' },
    });
    expect(inProgress?.body).toMatchObject({
      state: 'in_progress',
      log_url: 'https://github.com/acme/shop/actions/runs/4242',
    });
    expect(success?.body).toMatchObject({
      state: 'success',
      log_url: 'https://github.com/acme/shop/actions/runs/4242',
    });
    expect(github.deployments.find((d) => d.environment === 'gh-ok')?.statuses).toEqual([
      'in_progress',
      'success',
    ]);
  });

  it('marks a prod stack a production environment and names the previous group', async () => {
    await firstDeploy('ghprod-prod');
    const result = await deployAsg({
      cluster: 'ghprod-prod',
      'ami-id': await makeAmi(fixtures, 'ghprod-prod-2'),
    });
    expect(result.exitCode).toBe(0);
    const creates = github
      .forCluster('ghprod-prod')
      .filter((r) => r.method === 'POST' && r.path.endsWith('/deployments'));
    expect(creates.map((r) => r.body?.production_environment)).toEqual([true, true]);
    expect(creates[1]?.body?.payload).toMatchObject({
      group: 'ghprod-prod-v001',
      previousGroup: 'ghprod-prod-v000',
    });
  });

  it('sets failure, naming the alarm, when an alarm rolls the deploy back', async () => {
    await firstDeploy('gh-alarm');
    await createAlarm(fixtures, 'gh-alarm-5xx', 'OK');
    const fire = fireAt('gh-alarm-5xx');
    const result = await deployAsg(
      {
        cluster: 'gh-alarm',
        'ami-id': await makeAmi(fixtures, 'gh-alarm-2'),
        'alarm-names': 'gh-alarm-5xx',
        'bake-time': '60s',
      },
      fire.onSpawn,
    );
    await fire.state.fired;
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ 'rolled-back': 'true', 'asg-name': 'gh-alarm-v000' });
    expect(servingGroups(await readWorld(fixtures, 'gh-alarm')).map((g) => g.name)).toEqual([
      'gh-alarm-v000',
    ]);
    const deployment = github.deployments.filter((d) => d.environment === 'gh-alarm').at(-1);
    expect(deployment?.payload).toMatchObject({ group: 'gh-alarm-v001' });
    expect(deployment?.statuses).toEqual(['in_progress', 'failure']);
    const failure = github
      .forCluster('gh-alarm')
      .find(
        (r) =>
          r.path === `/repos/acme/shop/deployments/${deployment?.id}/statuses` && r.body?.state === 'failure',
      );
    expect(failure?.body?.description).toMatch(
      /^Alarm gh-alarm-5xx went to ALARM: rolled back to gh-alarm-v000/,
    );
    expect(result.summary).toContain('### deploy-asg (rolled back): gh-alarm → gh-alarm-v000');
    expect(result.summary).toContain('alarm gh-alarm-5xx went to ALARM');
  });

  it('sets failure when the deploy throws, and writes a failure summary with the cluster as it is', async () => {
    // A first deploy has no previous group to roll back to: an alarm during its bake time fails it.
    await createAlarm(fixtures, 'gh-fail-5xx', 'OK');
    const fire = fireAt('gh-fail-5xx');
    const ami = await makeAmi(fixtures, 'gh-fail-1');
    const result = await deployAsg(
      {
        cluster: 'gh-fail',
        'ami-id': ami,
        'launch-template': net.baseTemplateName,
        'target-groups': net.targetGroupName,
        'alarm-names': 'gh-fail-5xx',
        'bake-time': '60s',
      },
      fire.onSpawn,
    );
    await fire.state.fired;
    expect(result.exitCode).toBe(1);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(/no previous group to roll back to/);
    const deployment = github.deployments.find((d) => d.environment === 'gh-fail');
    expect(deployment?.statuses).toEqual(['in_progress', 'failure']);
    const failure = github.forCluster('gh-fail').find((r) => r.body?.state === 'failure');
    expect(failure?.body?.description).toMatch(/gh-fail-5xx went to ALARM/);
    expect(result.summary).toContain('### deploy-asg failed: gh-fail');
    expect(result.summary).toContain(`region=us-east-1#ImageDetails:imageId=${ami}`);
    expect(result.summary).toContain('Run: [https://github.com/acme/shop/actions/runs/4242]');
    expect(result.summary).toMatch(/\| \*\*gh-fail-v000\*\* \| serving \|/);
  });

  it('an API that fails only warns: the deploy succeeds', async () => {
    github.failAll = true;
    const before = github.requests.length;
    const result = await deployAsg({
      cluster: 'gh-down',
      'ami-id': await makeAmi(fixtures, 'gh-down-1'),
      'launch-template': net.baseTemplateName,
      'target-groups': net.targetGroupName,
    });
    expect(result.exitCode).toBe(0);
    expect(result.errors).toEqual([]);
    expect(result.outputs['asg-name']).toBe('gh-down-v000');
    expect(result.stdout).toMatch(
      /::warning::(\[[^\]]+\] )?GitHub deployments: POST \/deployments failed \(Server Error\); going on without it/,
    );
    // The creation failed, so no status was attempted.
    const made = github.requests.slice(before);
    expect(made.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /repos/acme/shop/deployments']);
    expect(servingGroups(await readWorld(fixtures, 'gh-down')).map((g) => g.name)).toEqual(['gh-down-v000']);
  });

  it('an API that is not there only warns: the deploy succeeds', async () => {
    const result = await runAction('deploy-asg', {
      inputs: withToken({
        cluster: 'gh-gone',
        'ami-id': await makeAmi(fixtures, 'gh-gone-1'),
        'launch-template': net.baseTemplateName,
        'target-groups': net.targetGroupName,
      }),
      // A loopback port nobody listens on.
      env: { ...moto.env, GITHUB_API_URL: `http://127.0.0.1:${await freePort()}` },
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(
      /::warning::(\[[^\]]+\] )?GitHub deployments: POST \/deployments failed \(connect ECONNREFUSED/,
    );
  });

  it('without a token, or on a dry run, asks nothing of GitHub', async () => {
    const before = github.requests.length;
    await firstDeploy('gh-none', false);
    const second = await runAction('deploy-asg', {
      inputs: { cluster: 'gh-none', 'ami-id': await makeAmi(fixtures, 'gh-none-2') },
      env: env(),
    });
    expect(second.exitCode).toBe(0);
    const dry = await deployAsg({
      cluster: 'gh-none',
      'ami-id': await makeAmi(fixtures, 'gh-none-3'),
      'dry-run': 'true',
    });
    expect(dry.exitCode).toBe(0);
    expect(dry.stdout).toContain('Dry run: nothing was changed.');
    const dryRollback = await runAction('rollback-asg', {
      inputs: withToken({ cluster: 'gh-none', 'dry-run': 'true' }),
      env: env(),
    });
    expect(dryRollback.exitCode).toBe(0);
    expect(dryRollback.stdout).toContain('Enable gh-none-v000');
    expect(github.requests.length).toBe(before);
  });
});

describe('rollback-asg: GitHub deployments', () => {
  it('marks the rolled-back deployment inactive and records a success for the restored group', async () => {
    await firstDeploy('gh-roll');
    const second = await deployAsg({ cluster: 'gh-roll', 'ami-id': await makeAmi(fixtures, 'gh-roll-2') });
    expect(second.exitCode).toBe(0);
    const [first, bad] = github.deployments.filter((d) => d.environment === 'gh-roll');
    expect(bad?.payload.group).toBe('gh-roll-v001');
    const before = github.requests.length;

    const result = await runAction('rollback-asg', {
      inputs: withToken({ cluster: 'gh-roll' }),
      env: { ...env(), GITHUB_SHA: 'fedcba9876543210fedcba9876543210fedcba98', GITHUB_RUN_ID: '5151' },
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toEqual({ 'asg-name': 'gh-roll-v000', 'previous-asg-name': 'gh-roll-v001' });
    expect(result.stdout).not.toContain('::warning::');

    const made = github.requests.slice(before);
    for (const request of made) expect(request.authorization).toBe(`token ${TOKEN}`);
    expect(made[0]).toMatchObject({ method: 'GET', path: '/repos/acme/shop/deployments' });
    expect(made[0]?.query.get('environment')).toBe('gh-roll');
    expect(made[1]).toMatchObject({
      method: 'POST',
      path: `/repos/acme/shop/deployments/${bad?.id}/statuses`,
      body: { state: 'inactive', log_url: 'https://github.com/acme/shop/actions/runs/5151' },
    });
    expect(made[2]).toMatchObject({ method: 'POST', path: '/repos/acme/shop/deployments' });
    expect(made[2]?.body).toMatchObject({
      environment: 'gh-roll',
      // The restored group's commit: the one its own deployment recorded.
      ref: first?.sha,
      auto_merge: false,
      required_contexts: [],
      payload: { cluster: 'gh-roll', group: 'gh-roll-v000', rollbackOf: 'gh-roll-v001' },
    });
    const restored = github.deployments.filter((d) => d.environment === 'gh-roll').at(-1);
    expect(made[3]).toMatchObject({
      method: 'POST',
      path: `/repos/acme/shop/deployments/${restored?.id}/statuses`,
      body: { state: 'success' },
    });
    expect(made).toHaveLength(4);
    expect(bad?.statuses).toEqual(['in_progress', 'success', 'inactive']);
    expect(restored?.statuses).toEqual(['success']);
    expect(restored?.payload.ami).toBe(
      (await readWorld(fixtures, 'gh-roll')).groups.find((g) => g.name === 'gh-roll-v000')?.tags[
        'immutable:ami'
      ],
    );
    expect(result.summary).toContain('### rollback-asg: gh-roll → gh-roll-v000');
    expect(result.summary).toContain('Run: [https://github.com/acme/shop/actions/runs/5151]');
    expect(result.summary).toMatch(/Restored gh-roll-v000 \(\[ami-[0-9a-f]+\]\(https:\/\/us-east-1\.console/);
  });

  it('a failing API only warns: the rollback succeeds', async () => {
    await firstDeploy('gh-rolldown');
    expect(
      (await deployAsg({ cluster: 'gh-rolldown', 'ami-id': await makeAmi(fixtures, 'gh-rolldown-2') }))
        .exitCode,
    ).toBe(0);
    github.failAll = true;
    const result = await runAction('rollback-asg', {
      inputs: withToken({ cluster: 'gh-rolldown' }),
      env: env(),
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs['asg-name']).toBe('gh-rolldown-v000');
    expect(result.stdout).toMatch(
      /::warning::(\[[^\]]+\] )?GitHub deployments: GET \/deployments failed \(Server Error/,
    );
    expect(result.stdout).not.toContain('none found');
  });
});
