import { mkdirSync, mkdtempSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isImmutableError } from '../../src/errors';
import { parseBakeOptions, secretVarValues, type RawBakeInputs } from '../../src/packer/bake/inputs';

function workspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'bake-inputs-'));
  writeFileSync(join(root, 'app.pkr.hcl'), 'source "null" "x" {}\n');
  writeFileSync(join(root, 'legacy.json'), '{}');
  writeFileSync(join(root, 'prod.pkrvars.hcl'), 'version = "1"\n');
  mkdirSync(join(root, 'images', 'web'), { recursive: true });
  writeFileSync(join(root, 'images', 'web', 'web.pkr.hcl'), 'source "null" "y" {}\n');
  mkdirSync(join(root, 'empty'));
  return root;
}

function invalid(raw: RawBakeInputs, root: string): string {
  try {
    parseBakeOptions(raw, { workspace: root });
  } catch (error) {
    if (isImmutableError(error, 'INVALID_INPUT')) return error.message;
    throw error;
  }
  throw new Error('expected INVALID_INPUT');
}

// The workspace is a folder inside `parent`, which also holds files outside it.
const parent = mkdtempSync(join(tmpdir(), 'bake-outside-'));
const root = join(parent, 'ws');
const outsideTemplate = join(parent, 'outside.pkr.hcl');

describe('parseBakeOptions', () => {
  beforeAll(() => {
    const made = workspace();
    renameSync(made, root);
    writeFileSync(outsideTemplate, 'source "null" "z" {}\n');
    writeFileSync(join(parent, 'outside.pkrvars.hcl'), 'version = "2"\n');
    symlinkSync(outsideTemplate, join(root, 'link.pkr.hcl'));
  });

  it('takes paths outside the workspace with allow-outside-workspace: true', () => {
    const options = parseBakeOptions(
      {
        template: '../outside.pkr.hcl',
        varFiles: '../outside.pkrvars.hcl',
        workingDirectory: '.',
        allowOutsideWorkspace: 'true',
      },
      { workspace: root },
    );
    expect(options.template).toBe(outsideTemplate);
    expect(options.varFiles).toEqual([join(parent, 'outside.pkrvars.hcl')]);
  });

  it('reads secret-vars as names, comma- or newline-separated, once each', () => {
    const options = parseBakeOptions(
      { template: 'app.pkr.hcl', secretVars: 'license, signing_cert\nlicense' },
      { workspace: root },
    );
    expect(options.secretVars).toEqual(['license', 'signing_cert']);
  });

  it('fills defaults for a bare template', () => {
    const options = parseBakeOptions({ template: 'app.pkr.hcl' }, { workspace: root });
    expect(options).toEqual({
      template: join(root, 'app.pkr.hcl'),
      templateKind: 'file',
      workingDirectory: root,
      vars: [],
      varFiles: [],
      only: [],
      except: [],
      amiTags: {},
      skipUnchanged: false,
      packerInit: 'auto',
      packer: 'packer',
      secretVars: [],
    });
  });

  it('parses every input', () => {
    const options = parseBakeOptions(
      {
        template: '.',
        workingDirectory: 'images/web',
        vars: 'version=1.2.3\n\n  db_password = a=b==  \n',
        varFiles: '../../prod.pkrvars.hcl',
        only: 'amazon-ebs.app, amazon-ebs.*',
        region: 'eu-west-1',
        amiTags: 'team=shop\nCost Center = 42',
        skipUnchanged: 'TRUE',
        packerInit: 'false',
        packer: '/usr/bin/packer',
      },
      { workspace: root },
    );
    expect(options.template).toBe(join(root, 'images', 'web'));
    expect(options.templateKind).toBe('directory');
    expect(options.workingDirectory).toBe(join(root, 'images', 'web'));
    expect(options.vars).toEqual([
      { name: 'version', value: '1.2.3' },
      { name: 'db_password', value: ' a=b==' },
    ]);
    expect(options.varFiles).toEqual([join(root, 'prod.pkrvars.hcl')]);
    expect(options.only).toEqual(['amazon-ebs.app', 'amazon-ebs.*']);
    expect(options.region).toBe('eu-west-1');
    expect(options.amiTags).toEqual({ team: 'shop', 'Cost Center': '42' });
    expect(options.skipUnchanged).toBe(true);
    expect(options.packerInit).toBe('false');
    expect(options.packer).toBe('/usr/bin/packer');
  });

  it.each<[string, RawBakeInputs, string]>([
    ['a missing template', {}, 'Invalid template "": expected a .pkr.hcl or .pkr.json file'],
    ['a template that does not exist', { template: 'nope.pkr.hcl' }, 'Invalid template "nope.pkr.hcl"'],
    ['a template of another kind', { template: 'legacy.json' }, 'Invalid template "legacy.json"'],
    ['a directory without templates', { template: 'empty' }, '(the directory has none)'],
    ['a var without =', { template: 'app.pkr.hcl', vars: 'version' }, 'Invalid vars "version"'],
    ['a var with a bad name', { template: 'app.pkr.hcl', vars: '1x=2' }, 'Invalid vars "1x=2"'],
    ['a repeated var', { template: 'app.pkr.hcl', vars: 'a=1\na=2' }, '(a is repeated)'],
    [
      'a missing var-file',
      { template: 'app.pkr.hcl', varFiles: 'x.pkrvars.hcl' },
      'Invalid var-files "x.pkrvars.hcl"',
    ],
    ['a bad build name', { template: 'app.pkr.hcl', only: 'a b' }, 'Invalid only "a b"'],
    ['only with except', { template: 'app.pkr.hcl', only: 'a', except: 'b' }, 'Invalid except "b"'],
    ['a bad region', { template: 'app.pkr.hcl', region: 'Moon' }, 'Invalid region "Moon"'],
    ['a tag without =', { template: 'app.pkr.hcl', amiTags: 'team' }, 'Invalid ami-tags "team"'],
    ['a reserved tag', { template: 'app.pkr.hcl', amiTags: 'immutable:bake-hash=x' }, 'reserved'],
    ['a non-boolean', { template: 'app.pkr.hcl', skipUnchanged: 'yes' }, 'Invalid skip-unchanged "yes"'],
    ['a bad packer-init', { template: 'app.pkr.hcl', packerInit: 'always' }, 'Invalid packer-init "always"'],
    [
      'a packer path that does not exist',
      { template: 'app.pkr.hcl', packer: './bin/packer' },
      'Invalid packer',
    ],
    [
      'a working directory that does not exist',
      { template: 'app.pkr.hcl', workingDirectory: 'x' },
      'Invalid working-directory "x"',
    ],
    [
      'a bad secret-vars name',
      { template: 'app.pkr.hcl', secretVars: 'db_password, 9x' },
      'Invalid secret-vars "9x"',
    ],
    [
      'a template outside the workspace',
      { template: '../outside.pkr.hcl' },
      'Invalid template "../outside.pkr.hcl": expected a path inside the workspace',
    ],
    [
      'an absolute template outside the workspace',
      { template: outsideTemplate },
      `Invalid template "${outsideTemplate}": expected a path inside the workspace`,
    ],
    [
      'a symlink out of the workspace',
      { template: 'link.pkr.hcl' },
      'Invalid template "link.pkr.hcl": expected a path inside the workspace',
    ],
    [
      'a var-file outside the workspace',
      { template: 'app.pkr.hcl', varFiles: 'prod.pkrvars.hcl\n../outside.pkrvars.hcl' },
      'Invalid var-files "../outside.pkrvars.hcl": expected a path inside the workspace',
    ],
    [
      'a working directory outside the workspace',
      { template: 'app.pkr.hcl', workingDirectory: '..' },
      'Invalid working-directory "..": expected a path inside the workspace',
    ],
    [
      'a non-boolean allow-outside-workspace',
      { template: 'app.pkr.hcl', allowOutsideWorkspace: 'sure' },
      'Invalid allow-outside-workspace "sure"',
    ],
  ])('refuses %s with one line', (_case, raw, expected) => {
    const message = invalid(raw, root);
    expect(message).toContain(expected);
    expect(message).not.toContain('\n');
    expect(message).toMatch(/^Invalid [a-z-]+ ".*": expected .+\.$/);
  });
});

describe('secretVarValues', () => {
  it('returns the values of vars whose names look secret, once each', () => {
    expect(
      secretVarValues([
        { name: 'version', value: '1.2.3' },
        { name: 'DB_PASSWORD', value: 'hunter2' },
        { name: 'github_token', value: 'ghp_x' },
        { name: 'clientSecret', value: 's3' },
        { name: 'api_key', value: 'hunter2' },
        { name: 'empty_token', value: '' },
      ]),
    ).toEqual(['hunter2', 'ghp_x', 's3']);
  });

  it('masks the new name patterns, the vars secret-vars names, and their PKR_VAR_ environment values', () => {
    const vars = [
      { name: 'admin_pass', value: 'p1' },
      { name: 'root_pwd', value: 'p2' },
      { name: 'aws_credentials', value: 'p3' },
      { name: 'private_cert', value: 'p4' },
      { name: 'license', value: 'LIC-1' },
      { name: 'version', value: '1.0' },
    ];
    const env = {
      PKR_VAR_license: 'LIC-env',
      PKR_VAR_region: 'us-east-1',
      PKR_VAR_db_token: 'tok',
      HOME: '/root',
    };
    expect(secretVarValues(vars, ['license'], env)).toEqual([
      'p1',
      'p2',
      'p3',
      'p4',
      'LIC-1',
      'LIC-env',
      'tok',
    ]);
    expect(secretVarValues(vars)).toEqual(['p1', 'p2', 'p3', 'p4']);
  });
});
