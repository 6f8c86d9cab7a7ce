import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BakeOptions } from './inputs';

// The files Packer itself reads from a template directory (it does not recurse).
const TEMPLATE_DIRECTORY_SUFFIXES = ['.pkr.hcl', '.pkr.json', '.pkrvars.hcl', '.pkrvars.json'];

export type BakeHashInput = Pick<
  BakeOptions,
  'template' | 'templateKind' | 'varFiles' | 'vars' | 'only' | 'except'
>;

/** The template files Packer reads, sorted by name, so the hash does not depend on directory order. */
export function templateFiles(template: string, kind: 'file' | 'directory'): string[] {
  if (kind === 'file') return [template];
  return readdirSync(template)
    .filter((name) => TEMPLATE_DIRECTORY_SUFFIXES.some((suffix) => name.endsWith(suffix)))
    .sort()
    .map((name) => join(template, name));
}

/**
 * SHA-256 over what decides the image: the template files' content, the var-files' content (in order, as
 * later files override earlier ones), the vars and the -only/-except selection. Absolute paths stay out so
 * the same commit hashes the same on any runner.
 */
export function bakeHash(options: BakeHashInput): string {
  const files = templateFiles(options.template, options.templateKind);
  const canonical = {
    v: 1,
    // File names matter in a directory (which files exist), not for a single file (where it lives).
    template: files.map((path) => ({
      name: options.templateKind === 'directory' ? path.slice(options.template.length + 1) : '',
      sha256: sha256(readFileSync(path)),
    })),
    varFiles: options.varFiles.map((path) => sha256(readFileSync(path))),
    vars: [...options.vars]
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((v) => [v.name, v.value]),
    only: [...options.only].sort(),
    except: [...options.except].sort(),
  };
  return sha256(Buffer.from(JSON.stringify(canonical)));
}

function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}
