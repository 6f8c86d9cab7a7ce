import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
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

describe('parseBakeOptions', () => {
  const root = workspace();

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
});
