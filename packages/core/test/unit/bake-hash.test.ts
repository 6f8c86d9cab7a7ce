import { mkdirSync, mkdtempSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bakeHash, templateFiles, type BakeHashInput } from '../../src/packer/bake/hash';

function fixture(): { root: string; input: BakeHashInput } {
  const root = mkdtempSync(join(tmpdir(), 'bake-hash-'));
  mkdirSync(join(root, 'tpl'));
  writeFileSync(join(root, 'tpl', 'b.pkr.hcl'), 'build {}\n');
  writeFileSync(join(root, 'tpl', 'a.pkr.hcl'), 'source "amazon-ebs" "app" {}\n');
  writeFileSync(join(root, 'tpl', 'prod.pkrvars.hcl'), 'size = 1\n');
  writeFileSync(join(root, 'tpl', 'README.md'), 'not read by Packer\n');
  writeFileSync(join(root, 'common.pkrvars.hcl'), 'region = "us-east-1"\n');
  return {
    root,
    input: {
      template: join(root, 'tpl'),
      templateKind: 'directory',
      varFiles: [join(root, 'common.pkrvars.hcl')],
      vars: [
        { name: 'version', value: '1' },
        { name: 'flavour', value: 'x' },
      ],
      only: [],
      except: [],
    },
  };
}

describe('bakeHash', () => {
  it('reads the files Packer reads, sorted by name', () => {
    const { root } = fixture();
    expect(templateFiles(join(root, 'tpl'), 'directory').map((f) => f.slice(root.length + 5))).toEqual([
      'a.pkr.hcl',
      'b.pkr.hcl',
      'prod.pkrvars.hcl',
    ]);
  });

  it('is a SHA-256 that does not change between calls, workspaces or var order', () => {
    const a = fixture();
    const b = fixture();
    cpSync(join(a.root, 'tpl'), join(b.root, 'tpl'), { recursive: true });
    const hash = bakeHash(a.input);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(bakeHash(a.input)).toBe(hash);
    expect(bakeHash(b.input)).toBe(hash);
    expect(bakeHash({ ...a.input, vars: [...a.input.vars].reverse() })).toBe(hash);
  });

  it('ignores files Packer does not read', () => {
    const { root, input } = fixture();
    const before = bakeHash(input);
    writeFileSync(join(root, 'tpl', 'README.md'), 'changed\n');
    expect(bakeHash(input)).toBe(before);
  });

  it.each<[string, (f: { root: string; input: BakeHashInput }) => BakeHashInput]>([
    [
      'a template file changes',
      ({ root, input }) => (writeFileSync(join(root, 'tpl', 'b.pkr.hcl'), 'build { }\n'), input),
    ],
    [
      'a template file is added',
      ({ root, input }) => (writeFileSync(join(root, 'tpl', 'c.pkr.hcl'), ''), input),
    ],
    [
      'an auto var file changes',
      ({ root, input }) => (writeFileSync(join(root, 'tpl', 'prod.pkrvars.hcl'), 'size = 2\n'), input),
    ],
    [
      'a var-file changes',
      ({ root, input }) => (writeFileSync(join(root, 'common.pkrvars.hcl'), 'region = "eu-west-1"\n'), input),
    ],
    [
      'a var value changes',
      ({ input }) => ({ ...input, vars: [{ name: 'version', value: '2' }, input.vars[1]!] }),
    ],
    ['a var is added', ({ input }) => ({ ...input, vars: [...input.vars, { name: 'extra', value: '' }] })],
    ['the build selection changes', ({ input }) => ({ ...input, only: ['amazon-ebs.app'] })],
  ])('changes when %s', (_case, change) => {
    const f = fixture();
    const before = bakeHash(f.input);
    expect(bakeHash(change(f))).not.toBe(before);
  });

  it('hashes a single file by content, wherever it lives', () => {
    const a = mkdtempSync(join(tmpdir(), 'bake-hash-'));
    const b = mkdtempSync(join(tmpdir(), 'bake-hash-'));
    writeFileSync(join(a, 'app.pkr.hcl'), 'x');
    writeFileSync(join(b, 'app.pkr.hcl'), 'x');
    const input = (root: string): BakeHashInput => ({
      template: join(root, 'app.pkr.hcl'),
      templateKind: 'file',
      varFiles: [],
      vars: [],
      only: [],
      except: [],
    });
    expect(bakeHash(input(a))).toBe(bakeHash(input(b)));
    writeFileSync(join(b, 'app.pkr.hcl'), 'y');
    expect(bakeHash(input(a))).not.toBe(bakeHash(input(b)));
  });
});
