import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constraintRange, pluginCacheKey, requiredPlugins } from '../../src/packer/bake/plugins';

const ROOT = join(__dirname, '..', '..', '..', '..');

function templateFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'plugins-')), 't.pkr.hcl');
  writeFileSync(path, text);
  return path;
}

describe('required_plugins', () => {
  it("reads every entry, sorted by source, from the bake-ami README's example template", () => {
    const readme = readFileSync(join(ROOT, 'actions', 'bake-ami', 'README.md'), 'utf8');
    const hcl = /## Example template\n\n```hcl\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(requiredPlugins({ template: templateFile(hcl), templateKind: 'file' })).toEqual([
      { name: 'amazon', source: 'github.com/hashicorp/amazon', version: '~> 1.3' },
    ]);
  });

  it('reads several plugins in either key order', () => {
    const path = templateFile(
      'packer {\n  required_plugins {\n    qemu = {\n      source = "github.com/hashicorp/qemu"\n      version = ">= 1.0.9"\n    }\n    amazon = { version = ">= 1.3.0", source = "github.com/hashicorp/amazon" }\n  }\n}\n',
    );
    expect(
      requiredPlugins({ template: path, templateKind: 'file' }).map((p) => [p.source, p.version]),
    ).toEqual([
      ['github.com/hashicorp/amazon', '>= 1.3.0'],
      ['github.com/hashicorp/qemu', '>= 1.0.9'],
    ]);
  });

  it('keys the cache by the constraints and the platform', () => {
    const amazon = { name: 'amazon', source: 'github.com/hashicorp/amazon', version: '>= 1.3.0' };
    const key = pluginCacheKey([amazon], 'linux', 'x64');
    expect(key).toMatch(/^[0-9a-f]{16}$/);
    expect(pluginCacheKey([amazon], 'linux', 'x64')).toBe(key);
    expect(pluginCacheKey([{ ...amazon, version: '>= 1.3.1' }], 'linux', 'x64')).not.toBe(key);
    expect(pluginCacheKey([amazon], 'linux', 'arm64')).not.toBe(key);
  });

  it.each([
    ['>= 1.3.0', '>=1.3.0'],
    ['>= 1.2, < 2', '>=1.2.0 <2.0.0'],
    ['~> 1.3', '^1.3.0'],
    ['~> 1.3.4', '~1.3.4'],
    ['1.3.4', '=1.3.4'],
  ])('reads the constraint %s as the semver range %s', (constraint, range) => {
    expect(constraintRange(constraint)).toBe(range);
  });
});
