import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT, loadActions } from './workflow-check';

const docs = (root: string, ...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'scripts', 'docs.mjs'), ...args, '--root', root], {
    encoding: 'utf8',
  });

const actions = [...loadActions().keys()].sort();

test('every action README carries the inputs/outputs tables generated from its action.yml', () => {
  const check = docs(ROOT, '--check');
  expect(check.stderr).toBe('');
  expect(check.status).toBe(0);
});

describe.each(actions)('actions/%s/README.md', (name) => {
  const readme = readFileSync(join(ROOT, 'actions', name, 'README.md'), 'utf8');
  const action = parse(readFileSync(join(ROOT, 'actions', name, 'action.yml'), 'utf8')) as {
    inputs?: Record<string, { required?: boolean; default?: string }>;
    outputs?: Record<string, unknown>;
  };
  const block = (marker: string) =>
    readme.split(`<!-- ${marker}:start -->`)[1]?.split(`<!-- ${marker}:end -->`)[0] ?? '';

  test('lists each input (required or not, default) and each output, once', () => {
    for (const [input, spec] of Object.entries(action.inputs ?? {})) {
      const row = block('inputs')
        .split('\n')
        .filter((line) => line.startsWith(`| \`${input}\` |`));
      expect(row).toHaveLength(1);
      expect(row[0]).toContain(spec.required === true ? '| yes |' : '| no |');
      if (spec.default) expect(row[0]).toContain(`\`${spec.default}\``);
    }
    for (const output of Object.keys(action.outputs ?? {})) {
      expect(
        block('outputs')
          .split('\n')
          .filter((line) => line.startsWith(`| \`${output}\` |`)),
      ).toHaveLength(1);
    }
  });
});

describe('drift is caught', () => {
  let copy: string;
  beforeEach(() => {
    copy = mkdtempSync(join(tmpdir(), 'immutable-docs-'));
    for (const name of actions) {
      cpSync(join(ROOT, 'actions', name, 'action.yml'), join(copy, 'actions', name, 'action.yml'));
      cpSync(join(ROOT, 'actions', name, 'README.md'), join(copy, 'actions', name, 'README.md'));
    }
  });
  afterEach(() => rmSync(copy, { recursive: true, force: true }));

  test('an input added to action.yml fails --check until the generator rewrites the table', () => {
    const file = join(copy, 'actions', 'deploy-asg', 'action.yml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        /^inputs:\n/m,
        "inputs:\n  new-input:\n    description: 'Something | new.'\n    required: false\n    default: '7'\n",
      ),
    );
    const failed = docs(copy, '--check');
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain(
      'actions/deploy-asg/README.md: inputs/outputs tables differ from action.yml',
    );
    expect(docs(copy).status).toBe(0);
    expect(readFileSync(join(copy, 'actions', 'deploy-asg', 'README.md'), 'utf8')).toContain(
      '| `new-input` | no | `7` | Something \\| new. |',
    );
    expect(docs(copy, '--check').status).toBe(0);
  });

  test('a hand edit inside the block fails --check; text outside the blocks is left alone', () => {
    const file = join(copy, 'actions', 'rollback-asg', 'README.md');
    const original = readFileSync(file, 'utf8');
    writeFileSync(
      file,
      original.replace('| `cluster` |', '| `cluster-name` |').replace('# rollback-asg', '# rollback-asg!'),
    );
    expect(docs(copy, '--check').status).toBe(1);
    expect(docs(copy).status).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(original.replace('# rollback-asg', '# rollback-asg!'));
  });

  test('a README without the markers fails', () => {
    const file = join(copy, 'actions', 'bake-ami', 'README.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('<!-- outputs:start -->', ''));
    const failed = docs(copy, '--check');
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain(
      'actions/bake-ami/README.md: no <!-- outputs:start --> … <!-- outputs:end --> block',
    );
  });
});

test('the deploy-asg IAM policy lists exactly the calls of the AWS client factory (less AMI cleanup)', () => {
  const clients = readFileSync(join(ROOT, 'packages', 'core', 'src', 'aws', 'clients.ts'), 'utf8');
  const prefix: Record<string, string> = {
    'client-auto-scaling': 'autoscaling',
    'client-cloudwatch': 'cloudwatch',
    'client-ec2': 'ec2',
    'client-elastic-load-balancing-v2': 'elasticloadbalancing',
    'client-elastic-load-balancing': 'elasticloadbalancing',
  };
  const used = new Set<string>();
  // The factory imports only the commands' input types (the SDK itself loads on first use).
  for (const m of clients.matchAll(/import (?:type )?\{([^}]*)\} from '@aws-sdk\/([\w-]+)'/g)) {
    const service = prefix[m[2] ?? ''];
    if (!service) throw new Error(`unknown AWS client ${m[2]}: add its IAM prefix here and to the README`);
    for (const c of (m[1] ?? '').matchAll(/\b(\w+)Command(?:Input)?\b/g)) used.add(`${service}:${c[1]}`);
  }
  const cleanupOnly = ['ec2:DeleteSnapshot', 'ec2:DeregisterImage'];
  const launchExtras = ['ec2:RunInstances', 'iam:PassRole'];
  const readme = readFileSync(join(ROOT, 'actions', 'deploy-asg', 'README.md'), 'utf8');
  const json = /## Permissions[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)?.[1];
  const policy = JSON.parse(json ?? '{}') as { Statement: Array<{ Action: string[] }> };
  const granted = policy.Statement.flatMap((s) => s.Action).sort();
  expect(granted).toEqual([...[...used].filter((a) => !cleanupOnly.includes(a)), ...launchExtras].sort());
});
