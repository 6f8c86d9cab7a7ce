import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  BAKE_INPUTS,
  DEPLOY_INPUTS,
  HASHICORP_RELEASE_KEY,
  parseBakeOptions,
  parseDeployOptions,
  parseRollbackOptions,
  parseSetupPackerOptions,
  ROLLBACK_INPUTS,
  SETUP_PACKER_INPUTS,
} from '@immutable-actions/core';
import { ACTION_INPUTS } from '../../src/action-inputs.generated';
import { commandFlags, COMMANDS, main, parseCommandLine, type CommandName } from '../../src';

const ROOT = join(__dirname, '..', '..', '..', '..');

function actionYml(name: string): {
  inputs: Record<string, { description: string; required?: boolean; default?: unknown }>;
} {
  return parse(readFileSync(join(ROOT, 'actions', name, 'action.yml'), 'utf8'));
}

/** main() with captured streams; nothing here reaches AWS (every case fails or finishes before). */
async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: {},
  });
  return { code, stdout, stderr };
}

function parsed(argv: string[]) {
  const line = parseCommandLine(argv);
  if (line.kind !== 'run') throw new Error(`expected a command to run, got ${line.kind}`);
  return line;
}

const ACTION_OF: Record<
  Exclude<
    CommandName,
    'status' | 'prune-amis' | 'cleanup' | 'enable' | 'disable' | 'resize' | 'delete' | 'unlock'
  >,
  { name: string; inputs: Record<string, string> }
> = {
  deploy: { name: 'deploy-asg', inputs: DEPLOY_INPUTS },
  rollback: { name: 'rollback-asg', inputs: ROLLBACK_INPUTS },
  bake: { name: 'bake-ami', inputs: BAKE_INPUTS },
  'setup-packer': { name: 'setup-packer', inputs: SETUP_PACKER_INPUTS },
};

describe('argument parsing → the core options', () => {
  it('maps --<input> flags to the raw inputs parseDeployOptions takes, --dry-run alone meaning true', () => {
    const line = parsed([
      'deploy',
      '--cluster',
      'shop-prod',
      '--ami-id=ami-0123456789abcdef0',
      '--max-groups',
      '3',
      '--target-groups',
      'web',
      '--target-groups',
      'api',
      '--dry-run',
    ]);
    expect(line.command).toBe('deploy');
    expect(line.json).toBe(false);
    expect(line.raw).toEqual({
      cluster: 'shop-prod',
      amiId: 'ami-0123456789abcdef0',
      maxGroups: '3',
      targetGroups: 'web\napi',
      dryRun: 'true',
    });
    const options = parseDeployOptions(line.raw);
    expect(options).toMatchObject({
      cluster: 'shop-prod',
      amiId: 'ami-0123456789abcdef0',
      maxGroups: 3,
      targetGroups: ['web', 'api'],
      dryRun: true,
      strategy: 'red-black',
    });
  });

  it('passes a boolean given with = to the core, which judges it', () => {
    expect(parsed(['rollback', '--cluster', 'shop', '--dry-run=false']).raw.dryRun).toBe('false');
    expect(
      parseRollbackOptions(parsed(['rollback', '--cluster', 'shop', '--dry-run=false']).raw).dryRun,
    ).toBe(false);
    expect(() =>
      parseRollbackOptions(parsed(['rollback', '--cluster', 'shop', '--dry-run=maybe']).raw),
    ).toThrow('Invalid dry-run "maybe": expected true or false.');
  });

  it('rollback --to, --json, and an absent flag stays absent', () => {
    const line = parsed(['rollback', '--json', '--cluster', 'shop', '--to', 'v003']);
    expect(line.json).toBe(true);
    expect(line.raw).toEqual({ cluster: 'shop', to: 'v003' });
    expect(parseRollbackOptions(line.raw).to).toEqual({ kind: 'group', name: 'shop-v003' });
  });

  it('bake: repeated multi-line flags join with newlines, as the action input would hold them', () => {
    const workspace = join(ROOT, 'workflows-examples');
    const line = parsed([
      'bake',
      '--template',
      'x.pkr.hcl',
      '--vars',
      'a=1',
      '--vars',
      'b=2',
      '--skip-unchanged',
    ]);
    expect(line.raw).toEqual({ template: 'x.pkr.hcl', vars: 'a=1\nb=2', skipUnchanged: 'true' });
    // The core refuses the missing template with the action's own message.
    expect(() => parseBakeOptions(line.raw, { workspace })).toThrow(/^Invalid template "x\.pkr\.hcl"/);
  });

  it('setup-packer: --verify alone is true, --version passes through', () => {
    const line = parsed(['setup-packer', '--version', '~1.11', '--verify']);
    expect(line.raw).toEqual({ version: '~1.11', verify: 'true' });
    expect(parseSetupPackerOptions(line.raw)).toMatchObject({
      request: { kind: 'range' },
      verify: true,
    });
  });

  it('setup-packer --public-key "$(cat key.asc)": a value starting with - is taken as the value', () => {
    const key = HASHICORP_RELEASE_KEY.trim();
    expect(key.startsWith('-----BEGIN PGP PUBLIC KEY BLOCK-----')).toBe(true);
    const line = parsed(['setup-packer', '--public-key', key, '--mirror-url', 'https://mirror.example']);
    expect(line.raw).toEqual({ publicKey: key, mirrorUrl: 'https://mirror.example' });
    expect(parseSetupPackerOptions(line.raw)).toMatchObject({ publicKey: key, publicKeyIsDefault: false });
    // The = form keeps working, and so does a value that merely contains dashes.
    expect(parsed(['setup-packer', `--public-key=${key}`]).raw).toEqual({ publicKey: key });
    expect(parsed(['bake', '--template', 'a.pkr.hcl', '--vars', '-x=1']).raw).toMatchObject({ vars: '-x=1' });
  });

  it('a flag followed by another of our flags still lacks its value', async () => {
    const result = await run(['deploy', '--cluster', '--ami-id', 'ami-12345678']);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toMatch(/^immutable: Option '--cluster' argument is ambiguous$/);
  });

  it.each(Object.entries(ACTION_OF))(
    '%s takes exactly the core constants as flags (github-token aside)',
    (command, action) => {
      const flags = commandFlags(command as CommandName).map((f) => f.name);
      expect(flags).toEqual(Object.values(action.inputs).filter((name) => name !== 'github-token'));
    },
  );

  it('status takes --cluster and --region', () => {
    expect(commandFlags('status').map((f) => f.name)).toEqual(['cluster', 'region']);
    expect(parsed(['status', '--cluster', 'shop', '--region', 'eu-west-1']).raw).toEqual({
      cluster: 'shop',
      region: 'eu-west-1',
    });
  });

  it('booleans are exactly the inputs whose action.yml default is true or false', () => {
    const booleans = Object.keys(COMMANDS).flatMap((c) =>
      commandFlags(c as CommandName)
        .filter((f) => f.boolean)
        .map((f) => `${c} --${f.name}`),
    );
    expect(booleans).toEqual([
      'deploy --dry-run',
      'deploy --break-lock',
      'rollback --dry-run',
      'rollback --break-lock',
      'bake --skip-unchanged',
      'bake --allow-outside-workspace',
      'setup-packer --verify',
      'setup-packer --allow-cross-origin-redirects',
      'cleanup --delete',
      'cleanup --include-newest',
      'cleanup --dry-run',
      'prune-amis --dry-run',
    ]);
  });
});

describe('usage errors exit 2 with one line and a short usage', () => {
  it.each([
    [
      [],
      'no command given',
      'Usage: immutable <deploy|rollback|status|enable|disable|resize|delete|bake|setup-packer>',
    ],
    [['depoly'], 'unknown command "depoly"', 'Usage: immutable <deploy|'],
    [['--cluster', 'x'], 'expected a command before --cluster', 'Usage: immutable <deploy|'],
    [
      ['deploy', '--clustr', 'x'],
      "Unknown option '--clustr'",
      // ami-id is no longer required: amis or ami-from-cluster may stand in for it.
      'Usage: immutable deploy --cluster <value> [flags]',
    ],
    [['deploy', '--cluster'], "Option '--cluster <value>' argument missing", 'Usage: immutable deploy'],
    [
      ['status', '--cluster', 'shop', 'extra'],
      'unexpected argument "extra"',
      'Usage: immutable status --cluster <value>',
    ],
    [
      ['rollback', '--cluster', 'shop', '--dry-run', 'false'],
      'unexpected argument "false"',
      'Usage: immutable rollback',
    ],
    [['status', '--json=yes'], "Option '--json' does not take an argument", 'Usage: immutable status'],
  ])('%j', async (argv, message, usageLine) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(`immutable: ${message}`);
    expect(lines[1]).toContain(usageLine);
  });
});

describe('bad values fail with one line and exit 1, before any AWS call', () => {
  it.each([
    [
      ['deploy', '--cluster', 'shop', '--ami-id', 'nope'],
      'Invalid ami-id "nope": expected an AMI id like ami-0123456789abcdef0.',
    ],
    [
      ['deploy', '--ami-id', 'ami-0123456789abcdef0'],
      'Invalid cluster "": expected a value (this input is required).',
    ],
    [['rollback', '--cluster', 'shop', '--to', 'other-v001'], 'Invalid to "other-v001"'],
    [['status', '--cluster', 'bad name'], 'Invalid cluster "bad name"'],
    [['setup-packer', '--version', 'newest'], 'Invalid version "newest"'],
  ])('%j', async (argv, message) => {
    const result = await run(argv);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')).toEqual([expect.stringContaining(`immutable: ${message}`), '']);
  });
});

describe('help', () => {
  it('immutable --help names every command and exits 0', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    for (const command of Object.keys(COMMANDS))
      expect(result.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
  });

  it.each(Object.entries(ACTION_OF))(
    'immutable %s --help lists every input of the action with its action.yml description',
    async (command, action) => {
      const result = await run([command, '--help']);
      expect(result.code).toBe(0);
      const help = result.stdout.replace(/\s+/g, ' ');
      const inputs = actionYml(action.name).inputs;
      expect(Object.keys(inputs).length).toBeGreaterThan(0);
      for (const [name, spec] of Object.entries(inputs)) {
        if (name === 'github-token') {
          expect(result.stdout).toMatch(/Not taken by the CLI:\n {2}github-token: /);
          continue;
        }
        expect(result.stdout).toMatch(new RegExp(`^  --${name}[ \\n]`, 'm'));
        expect(help).toContain(String(spec.description).trim().replace(/\s+/g, ' '));
        if (spec.default !== undefined) expect(help).toContain(`default: ${String(spec.default)}`);
      }
    },
  );

  it('the generated descriptions are what action.yml says (regenerate with packages/cli/scripts/generate-inputs.mjs)', () => {
    for (const [name, table] of Object.entries(ACTION_INPUTS)) {
      const yml = actionYml(name);
      expect(table.inputs.map((i) => i.name)).toEqual(Object.keys(yml.inputs));
      for (const input of table.inputs) {
        const spec = yml.inputs[input.name];
        expect({
          description: input.description,
          required: input.required,
          default: 'default' in input ? input.default : undefined,
        }).toEqual({
          description: String(spec?.description).trim(),
          required: spec?.required === true,
          default: spec?.default === undefined ? undefined : String(spec.default),
        });
      }
    }
  });

  it('<command> --help wins over other flags, even bad ones', async () => {
    const result = await run(['deploy', '--nonsense', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('immutable deploy: red/black deploy');
  });
});
