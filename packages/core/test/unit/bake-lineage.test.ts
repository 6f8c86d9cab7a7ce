import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { amiNamePrefix, amiNamePrefixes, bakeLineage } from '../../src/packer/bake/lineage';
import { bakeTags, BAKE_TAG_KEYS } from '../../src/packer/bake/tags';

function workspace(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'bake-lineage-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

const hcl = (amiName: string, extra = '') =>
  `source "amazon-ebs" "app" {\n  region   = "us-east-1"\n  ami_name = ${amiName}\n${extra}}\n`;

describe('amiNamePrefix', () => {
  it.each([
    ['shop-${var.version}-{{timestamp}}', 'shop-'],
    ['shop-{{timestamp}}', 'shop-'],
    ['web-api-${formatdate("YYYYMMDD", timestamp())}', 'web-api-'],
    ['${var.name}-{{timestamp}}', ''],
    ['static-20240101120000', 'static'],
    ['static-v2', 'static-v2'],
  ])('%s → %j', (name, prefix) => expect(amiNamePrefix(name)).toBe(prefix));
});

describe('bakeLineage', () => {
  it('is the same for another version or timestamp, and on another checkout path', () => {
    const a = workspace({ 'packer/app.pkr.hcl': hcl('"shop-${var.version}-{{timestamp}}"') });
    const b = workspace({
      'packer/app.pkr.hcl': hcl('"shop-${uuidv4()}"', '  instance_type = "t3.large"\n'),
    });
    const lineageA = bakeLineage({
      template: join(a, 'packer/app.pkr.hcl'),
      templateKind: 'file',
      workingDirectory: a,
      repository: 'acme/shop',
    });
    expect(lineageA).toMatch(/^[0-9a-f]{16}$/);
    // Template content may change between bakes: the lineage follows the path and the name prefix.
    expect(
      bakeLineage({
        template: join(b, 'packer/app.pkr.hcl'),
        templateKind: 'file',
        workingDirectory: b,
        repository: 'Acme/Shop',
      }),
    ).toBe(lineageA);
  });

  it('differs for another repository baking the same template under the same name', () => {
    const root = workspace({ 'ami.pkr.hcl': hcl('"app-{{timestamp}}"') });
    const of = (repository: string | undefined) =>
      bakeLineage({
        template: join(root, 'ami.pkr.hcl'),
        templateKind: 'file',
        workingDirectory: root,
        repository,
      });
    expect(new Set([of('acme/shop'), of('acme/payments'), of(undefined)]).size).toBe(3);
  });

  it('differs for another name prefix or another template path', () => {
    const root = workspace({
      'app.pkr.hcl': hcl('"shop-{{timestamp}}"'),
      'other.pkr.hcl': hcl('"shop-{{timestamp}}"'),
      'cart.pkr.hcl': hcl('"cart-{{timestamp}}"'),
    });
    const of = (file: string) =>
      bakeLineage({
        template: join(root, file),
        templateKind: 'file',
        workingDirectory: root,
        repository: 'acme/shop',
      });
    expect(new Set([of('app.pkr.hcl'), of('other.pkr.hcl'), of('cart.pkr.hcl')]).size).toBe(3);
  });

  it('reads every file of a template directory, and JSON templates', () => {
    const root = workspace({
      'tpl/a.pkr.hcl': hcl('"web-{{timestamp}}"'),
      'tpl/b.pkr.hcl': hcl('local.name'),
      'tpl/c.pkr.json': JSON.stringify({
        source: { 'amazon-ebs': { x: { ami_name: 'api-${timestamp()}' } } },
      }),
      'tpl/README.md': 'ami_name = "ignored-{{timestamp}}"\n',
    });
    expect(amiNamePrefixes({ template: join(root, 'tpl'), templateKind: 'directory' })).toEqual([
      'api-',
      'local.name',
      'web-',
    ]);
  });
});

describe('bakeTags', () => {
  it('tags the lineage next to the bake hash', () => {
    const tags = bakeTags({
      provenance: {},
      packerVersion: '1.6.6',
      bakeHash: 'h',
      regions: ['us-east-1'],
      userTags: {},
      lineage: '0123456789abcdef',
    });
    expect(tags).toContainEqual({ Key: BAKE_TAG_KEYS.lineage, Value: '0123456789abcdef' });
    expect(tags).toContainEqual({ Key: BAKE_TAG_KEYS.bakeHash, Value: 'h' });
  });
});
