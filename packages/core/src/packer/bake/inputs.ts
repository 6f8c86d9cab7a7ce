import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { invalidInput } from '../../errors';
import { resolveRegion } from '../../aws/clients';
import { parseBoolean, parseCount } from '../../inputs';

/** The action's input names: action.yml, the action and the CLI all read them from here. */
export const BAKE_INPUTS = {
  template: 'template',
  vars: 'vars',
  varFiles: 'var-files',
  only: 'only',
  except: 'except',
  region: 'region',
  amiTags: 'ami-tags',
  skipUnchanged: 'skip-unchanged',
  packerInit: 'packer-init',
  packer: 'packer',
  workingDirectory: 'working-directory',
  keepAmis: 'keep-amis',
  allowOutsideWorkspace: 'allow-outside-workspace',
  secretVars: 'secret-vars',
  githubToken: 'github-token',
  pluginMirrorUrl: 'plugin-mirror-url',
} as const;

export const BAKE_OUTPUTS = {
  amiId: 'ami-id',
  amis: 'amis',
  manifest: 'manifest',
  reused: 'reused',
  prunedAmis: 'pruned-amis',
  boxPath: 'box-path',
} as const;

export type RawBakeInputs = { [K in keyof typeof BAKE_INPUTS]?: string | undefined };

export type PackerInitMode = 'auto' | 'true' | 'false';

export interface PackerVar {
  name: string;
  value: string;
}

export interface BakeOptions {
  /** Absolute path of the .pkr.hcl / .pkr.json file or of the template directory. */
  template: string;
  templateKind: 'file' | 'directory';
  /** Where Packer runs: relative paths in the template (and the manifest) resolve from here. */
  workingDirectory: string;
  vars: PackerVar[];
  /** Absolute paths, in the order given (later files override earlier ones in Packer). */
  varFiles: string[];
  only: string[];
  except: string[];
  region?: string;
  amiTags: Record<string, string>;
  skipUnchanged: boolean;
  packerInit: PackerInitMode;
  /** A command on PATH or a path to the executable. */
  packer: string;
  /** After the bake, keep this many AMIs of its lineage and prune the older ones; unset: no pruning. */
  keepAmis?: number;
  /** Var names whose values are masked, besides the names SECRET_NAME matches. */
  secretVars: string[];
  /** Passed to Packer as PACKER_GITHUB_API_TOKEN: plugin downloads from GitHub are rate-limited without it. */
  githubToken?: string;
  /** A private plugin mirror: plugins come from there, verified, instead of `packer init` from GitHub. */
  pluginMirrorUrl?: string;
}

const TEMPLATE_SUFFIXES = ['.pkr.hcl', '.pkr.json'];
const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
// Packer build names, with the globs -only/-except accept (e.g. amazon-ebs.*).
const BUILD_NAME = /^[A-Za-z0-9_.*-]+$/;
const RESERVED_TAG_PREFIXES = ['aws:', 'immutable:'];
// `pass` covers password and passphrase.
const SECRET_NAME = /pass|pwd|token|secret|key|credential|private/i;

/** Validates every input before anything runs; the first bad one fails with one line. */
export function parseBakeOptions(raw: RawBakeInputs, context: { workspace: string }): BakeOptions {
  const workspace = resolve(context.workspace);
  const allowOutside = parseBoolean(BAKE_INPUTS.allowOutsideWorkspace, raw.allowOutsideWorkspace, false);
  const confine = (input: string, value: string, path: string): void => {
    if (!allowOutside) requireInsideWorkspace(input, value, path, workspace);
  };
  const workingDirectory = parseWorkingDirectory(raw.workingDirectory, workspace);
  if (raw.workingDirectory?.trim()) {
    confine(BAKE_INPUTS.workingDirectory, raw.workingDirectory.trim(), workingDirectory);
  }
  const { template, templateKind } = parseTemplate(raw.template, workingDirectory);
  confine(BAKE_INPUTS.template, raw.template?.trim() ?? '', template);
  const vars = parseVars(raw.vars);
  const varFiles = parseVarFiles(raw.varFiles, workingDirectory);
  lines(raw.varFiles).forEach((line, index) => confine(BAKE_INPUTS.varFiles, line, varFiles[index] ?? line));
  const secretVars = parseSecretVars(raw.secretVars);
  const githubToken = raw.githubToken?.trim() || undefined;
  const pluginMirrorUrl = parsePluginMirrorUrl(raw.pluginMirrorUrl);
  const only = parseBuildList(BAKE_INPUTS.only, raw.only);
  const except = parseBuildList(BAKE_INPUTS.except, raw.except);
  if (only.length > 0 && except.length > 0) {
    throw invalidInput(BAKE_INPUTS.except, raw.except ?? '', `it empty when ${BAKE_INPUTS.only} is set`);
  }
  const region = raw.region?.trim() ? resolveRegion(raw.region) : undefined;
  const amiTags = parseAmiTags(raw.amiTags);
  const skipUnchanged = parseBoolean(BAKE_INPUTS.skipUnchanged, raw.skipUnchanged, false);
  const packerInit = parsePackerInit(raw.packerInit);
  const packer = parsePackerPath(raw.packer, workingDirectory);
  const keepAmis = parseCount(BAKE_INPUTS.keepAmis, raw.keepAmis, { min: 1, max: 1000 });
  return {
    template,
    templateKind,
    workingDirectory,
    vars,
    varFiles,
    only,
    except,
    ...(region !== undefined ? { region } : {}),
    amiTags,
    skipUnchanged,
    packerInit,
    packer,
    ...(keepAmis !== undefined ? { keepAmis } : {}),
    secretVars,
    ...(githubToken !== undefined ? { githubToken } : {}),
    ...(pluginMirrorUrl !== undefined ? { pluginMirrorUrl } : {}),
  };
}

/**
 * The values to mask before Packer can echo them: vars whose names look secret or are listed in
 * secret-vars, and the PKR_VAR_<name> environment variables of those names (Packer reads them too).
 */
export function secretVarValues(
  vars: readonly PackerVar[],
  secretVars: readonly string[] = [],
  env: NodeJS.ProcessEnv = {},
): string[] {
  const isSecret = (name: string) => SECRET_NAME.test(name) || secretVars.includes(name);
  const values = vars.filter((v) => isSecret(v.name)).map((v) => v.value);
  for (const [key, value] of Object.entries(env)) {
    if (key.startsWith('PKR_VAR_') && isSecret(key.slice('PKR_VAR_'.length)) && value) values.push(value);
  }
  return [...new Set(values.filter((value) => value.trim() !== ''))];
}

/**
 * Refuses a path that leaves the workspace, symlinks followed: a pull request must not make the bake read
 * (and hash, and hand Packer) files of the runner outside its checkout.
 */
export function requireInsideWorkspace(input: string, value: string, path: string, workspace: string): void {
  const real = (p: string) => (existsSync(p) ? realpathSync(p) : p);
  const rel = relative(real(workspace), real(path));
  if (rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel))) return;
  throw invalidInput(
    input,
    value,
    `a path inside the workspace (${workspace}), or ${BAKE_INPUTS.allowOutsideWorkspace}: true`,
  );
}

function parseSecretVars(value: string | undefined): string[] {
  const names = (value ?? '')
    .split(/[\s,]+/)
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const bad = names.find((name) => !VAR_NAME.test(name));
  if (bad !== undefined) {
    throw invalidInput(BAKE_INPUTS.secretVars, bad, 'Packer variable names, comma- or newline-separated');
  }
  return [...new Set(names)];
}

export function parseWorkingDirectory(value: string | undefined, workspace: string): string {
  if (!value?.trim()) return workspace;
  const directory = resolve(workspace, value.trim());
  if (!isDirectory(directory)) {
    throw invalidInput(BAKE_INPUTS.workingDirectory, value, 'a directory relative to GITHUB_WORKSPACE');
  }
  return directory;
}

export function parseTemplate(
  value: string | undefined,
  workingDirectory: string,
): { template: string; templateKind: 'file' | 'directory' } {
  const expected = 'a .pkr.hcl or .pkr.json file, or a directory of them, relative to the working directory';
  if (!value?.trim()) throw invalidInput(BAKE_INPUTS.template, value ?? '', expected);
  const template = resolve(workingDirectory, value.trim());
  if (isDirectory(template)) {
    const hasTemplates = readdirSync(template).some((name) =>
      TEMPLATE_SUFFIXES.some((s) => name.endsWith(s)),
    );
    if (!hasTemplates)
      throw invalidInput(BAKE_INPUTS.template, value, `${expected} (the directory has none)`);
    return { template, templateKind: 'directory' };
  }
  if (!TEMPLATE_SUFFIXES.some((suffix) => template.endsWith(suffix))) {
    throw invalidInput(BAKE_INPUTS.template, value, expected);
  }
  if (!isFile(template)) throw invalidInput(BAKE_INPUTS.template, value, `${expected} (not found)`);
  return { template, templateKind: 'file' };
}

function parseVars(value: string | undefined): PackerVar[] {
  const vars: PackerVar[] = [];
  for (const line of lines(value)) {
    const at = line.indexOf('=');
    const name = at > 0 ? line.slice(0, at).trim() : '';
    if (!VAR_NAME.test(name)) throw invalidInput(BAKE_INPUTS.vars, line, 'one name=value per line');
    if (vars.some((v) => v.name === name)) {
      throw invalidInput(BAKE_INPUTS.vars, line, `each name once (${name} is repeated)`);
    }
    vars.push({ name, value: line.slice(at + 1) });
  }
  return vars;
}

function parseVarFiles(value: string | undefined, workingDirectory: string): string[] {
  return lines(value).map((line) => {
    const path = resolve(workingDirectory, line);
    if (!isFile(path)) throw invalidInput(BAKE_INPUTS.varFiles, line, 'one existing file per line');
    return path;
  });
}

function parseBuildList(input: string, value: string | undefined): string[] {
  if (!value?.trim()) return [];
  const names = value.split(',').map((name) => name.trim());
  if (names.some((name) => !BUILD_NAME.test(name))) {
    throw invalidInput(input, value, 'a comma-separated list of build names, e.g. amazon-ebs.app');
  }
  return names;
}

function parseAmiTags(value: string | undefined): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const line of lines(value)) {
    const at = line.indexOf('=');
    const key = at > 0 ? line.slice(0, at).trim() : '';
    const tagValue = line.slice(at + 1).trim();
    if (!key || key.length > 128 || tagValue.length > 256) {
      throw invalidInput(
        BAKE_INPUTS.amiTags,
        line,
        'one key=value per line (key up to 128, value up to 256)',
      );
    }
    if (RESERVED_TAG_PREFIXES.some((prefix) => key.toLowerCase().startsWith(prefix))) {
      throw invalidInput(BAKE_INPUTS.amiTags, line, 'keys not starting with aws: or immutable: (reserved)');
    }
    tags[key] = tagValue;
  }
  return tags;
}

function parsePackerInit(value: string | undefined): PackerInitMode {
  const trimmed = value?.trim().toLowerCase() ?? '';
  if (trimmed === '') return 'auto';
  if (trimmed === 'auto' || trimmed === 'true' || trimmed === 'false') return trimmed;
  throw invalidInput(BAKE_INPUTS.packerInit, value ?? '', 'auto, true or false');
}

function parsePackerPath(value: string | undefined, workingDirectory: string): string {
  const trimmed = value?.trim() ?? '';
  if (trimmed === '') return 'packer';
  // A bare name is looked up on PATH when it runs; a path must exist now.
  if (!trimmed.includes('/') && !trimmed.includes('\\')) return trimmed;
  const path = isAbsolute(trimmed) ? trimmed : resolve(workingDirectory, trimmed);
  if (!isFile(path))
    throw invalidInput(BAKE_INPUTS.packer, value ?? '', 'a Packer executable or a command on PATH');
  return path;
}

function lines(value: string | undefined): string[] {
  return (value ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

export function parsePluginMirrorUrl(value: string | undefined): string | undefined {
  const trimmed = value?.trim() ?? '';
  if (trimmed === '') return undefined;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw invalidInput(BAKE_INPUTS.pluginMirrorUrl, trimmed, 'an http(s) URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalidInput(BAKE_INPUTS.pluginMirrorUrl, trimmed, 'an http(s) URL');
  }
  return trimmed;
}
