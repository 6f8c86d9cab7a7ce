import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { templateFiles } from './hash';
import type { BakeOptions } from './inputs';

export type LineageInput = Pick<BakeOptions, 'template' | 'templateKind' | 'workingDirectory'> & {
  /** `owner/name` of the repository baking (GITHUB_REPOSITORY); two repositories never share a lineage. */
  repository: string | undefined;
};

/**
 * The bake lineage: AMIs of one template (its path from the working directory) and one AMI name prefix (the
 * part of `ami_name` before its first `{{ … }}` or `${ … }`, e.g. the timestamp or version). Bakes with other
 * vars stay in the same lineage; another template, or the same template under another name, does not, nor
 * the same template in another repository (acme/shop and acme/payments may both bake `ami.pkr.hcl` as `app-`).
 * The account needs no place here: pruning only ever reads AMIs the account owns (`Owners: ['self']`).
 * A short hex id, tagged `immutable:lineage` on every AMI the bake makes, and what pruning selects by.
 */
export function bakeLineage(input: LineageInput): string {
  const canonical = {
    v: 2,
    // Case-folded: GitHub treats Acme/Shop and acme/shop as one repository.
    repository: (input.repository ?? '').toLowerCase(),
    // Forward slashes, relative: the same checkout gives the same lineage on any runner.
    template: (relative(input.workingDirectory, input.template) || '.').split(sep).join('/'),
    names: amiNamePrefixes(input),
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex').slice(0, 16);
}

/** The distinct `ami_name` prefixes of the template's files, sorted (several sources may name AMIs). */
export function amiNamePrefixes(input: Pick<BakeOptions, 'template' | 'templateKind'>): string[] {
  const prefixes = new Set<string>();
  for (const file of templateFiles(input.template, input.templateKind)) {
    const text = readFileSync(file, 'utf8');
    for (const value of file.endsWith('.json') ? jsonAmiNames(text) : hclAmiNames(text)) {
      prefixes.add(amiNamePrefix(value));
    }
  }
  return [...prefixes].sort();
}

/**
 * `shop-${var.version}-{{timestamp}}` → `shop-`; a literal name loses a trailing timestamp (8+ digits);
 * an expression that is not a string (`local.name`) is kept as written, which still tells lineages apart.
 */
export function amiNamePrefix(value: string): string {
  const cut = [value.indexOf('{{'), value.indexOf('${')].filter((at) => at >= 0);
  const prefix = cut.length > 0 ? value.slice(0, Math.min(...cut)) : value;
  return cut.length > 0 ? prefix : prefix.replace(/[-_.]?\d{8,}$/, '');
}

function hclAmiNames(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(/^\s*ami_name\s*=\s*(.+?)\s*$/gm)) {
    const value = match[1] ?? '';
    const literal = /^"((?:[^"\\]|\\.)*)"/.exec(value);
    names.push(literal?.[1] ?? value);
  }
  return names;
}

function jsonAmiNames(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(/"ami_name"\s*:\s*"((?:[^"\\]|\\.)*)"/g)) names.push(match[1] ?? '');
  return names;
}
