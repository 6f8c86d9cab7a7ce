import { readFileSync } from 'node:fs';
import { basename, isAbsolute, resolve } from 'node:path';
import semver from 'semver';
import { invalidInput, type ImmutableError } from '../../errors';
import { HASHICORP_RELEASE_KEY } from './hashicorp-key';

/** Input names of the setup-packer action, as action.yml spells them. */
export const SETUP_PACKER_INPUTS = {
  version: 'version',
  versionFile: 'version-file',
  mirrorUrl: 'mirror-url',
  publicKey: 'public-key',
  verify: 'verify',
  allowCrossOriginRedirects: 'allow-cross-origin-redirects',
} as const;

export const SETUP_PACKER_OUTPUTS = {
  version: 'version',
  path: 'path',
  cacheHit: 'cache-hit',
} as const;

export const DEFAULT_MIRROR_URL = 'https://releases.hashicorp.com';
export const LATEST = 'latest';

export type RawSetupPackerInputs = {
  [K in keyof typeof SETUP_PACKER_INPUTS]?: string | undefined;
};

/** What to install: `latest`, one exact version, or a semver range. */
export type VersionRequest =
  { kind: 'latest' } | { kind: 'exact'; version: string } | { kind: 'range'; range: string };

export interface SetupPackerOptions {
  request: VersionRequest;
  /** How the user wrote it, for messages: `~1.10 (from .tool-versions)`. */
  requestText: string;
  /** The base of the release mirror, without a trailing slash; may hold credentials, so never print it. */
  mirrorUrl: string;
  /** The mirror base as it may be printed: credentials replaced by `***`. */
  mirrorUrlShown: string;
  /** Values the log must mask: the password (or token) in mirror-url. */
  secrets: string[];
  /** Follow a mirror's redirect to another origin (a CDN, say); off, so a mirror cannot send us elsewhere. */
  allowCrossOriginRedirects: boolean;
  /** Armored OpenPGP public key that must have signed SHA256SUMS. */
  publicKey: string;
  publicKeyIsDefault: boolean;
  verify: boolean;
}

/** Parses and validates every input in one place, before anything touches the network or the disk. */
export function parseSetupPackerOptions(
  raw: RawSetupPackerInputs,
  context: { cwd?: string } = {},
): SetupPackerOptions {
  const version = raw.version?.trim() || undefined;
  const versionFile = raw.versionFile?.trim() || undefined;
  if (version && versionFile) {
    throw invalidInput(
      SETUP_PACKER_INPUTS.versionFile,
      versionFile,
      `either ${SETUP_PACKER_INPUTS.version} or ${SETUP_PACKER_INPUTS.versionFile}, not both (version is ${JSON.stringify(version)})`,
    );
  }

  let request: VersionRequest;
  let requestText: string;
  if (versionFile) {
    const path = isAbsolute(versionFile) ? versionFile : resolve(context.cwd ?? process.cwd(), versionFile);
    const spec = readVersionFile(path, versionFile);
    request = parseVersionRequest(SETUP_PACKER_INPUTS.versionFile, spec, versionFile);
    requestText = `${spec} (from ${versionFile})`;
  } else {
    request = parseVersionRequest(SETUP_PACKER_INPUTS.version, version ?? LATEST);
    requestText = version ?? LATEST;
  }

  const publicKey = raw.publicKey?.trim() || undefined;
  if (
    publicKey !== undefined &&
    !/^-----BEGIN PGP PUBLIC KEY BLOCK-----[\s\S]+-----END PGP PUBLIC KEY BLOCK-----$/.test(publicKey)
  ) {
    throw invalidInput(
      SETUP_PACKER_INPUTS.publicKey,
      ellipsis(publicKey),
      'an armored OpenPGP public key block',
    );
  }

  const mirror = parseMirrorUrl(raw.mirrorUrl?.trim() || DEFAULT_MIRROR_URL);
  return {
    request,
    requestText,
    ...mirror,
    publicKey: publicKey ?? HASHICORP_RELEASE_KEY,
    publicKeyIsDefault: publicKey === undefined,
    verify: parseBoolean(SETUP_PACKER_INPUTS.verify, raw.verify?.trim() || 'true'),
    allowCrossOriginRedirects: parseBoolean(
      SETUP_PACKER_INPUTS.allowCrossOriginRedirects,
      raw.allowCrossOriginRedirects?.trim() || 'false',
    ),
  };
}

/** `latest`, an exact version (a leading `v` is allowed) or a semver range such as `~1.10` or `>=1.9 <2`. */
export function parseVersionRequest(inputName: string, text: string, shownValue = text): VersionRequest {
  const value = text.trim();
  if (value.toLowerCase() === LATEST) return { kind: 'latest' };
  const exact = semver.valid(value.replace(/^v(?=\d)/, ''));
  if (exact) return { kind: 'exact', version: exact };
  const range = semver.validRange(value);
  if (range && value !== '') return { kind: 'range', range };
  const expected = 'latest, a version such as 1.11.2, or a semver range such as ~1.11';
  if (shownValue === text) throw invalidInput(inputName, value, expected);
  // A file's content is never echoed: version-file may name any readable file (/etc/passwd, a secret).
  throw invalidInput(
    inputName,
    shownValue,
    `a file holding ${expected}; it holds none (its content is not shown)`,
  );
}

function parseMirrorUrl(text: string): Pick<SetupPackerOptions, 'mirrorUrl' | 'mirrorUrlShown' | 'secrets'> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalidInput(
      SETUP_PACKER_INPUTS.mirrorUrl,
      text.replace(/\/\/[^/]*@/, '//***@'),
      'an http(s) URL such as https://releases.hashicorp.com',
    );
  }
  const password = decodeURIComponent(url.password);
  const user = decodeURIComponent(url.username);
  const shown = new URL(url.toString());
  shown.username = '';
  shown.password = '';
  const shownText = (user || password ? shown.toString().replace('//', '//***@') : shown.toString()).replace(
    /\/+$/,
    '',
  );
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.search || url.hash) {
    throw invalidInput(
      SETUP_PACKER_INPUTS.mirrorUrl,
      shownText,
      'an http(s) URL without query or fragment, such as https://releases.hashicorp.com',
    );
  }
  return {
    mirrorUrl: url.toString().replace(/\/+$/, ''),
    mirrorUrlShown: shownText,
    // A token alone often sits in the user part (https://TOKEN@host); mask whichever is given.
    secrets: [password || user].filter((secret) => secret.length >= 4),
  };
}

function parseBoolean(name: string, text: string): boolean {
  if (/^(true|yes|1)$/i.test(text)) return true;
  if (/^(false|no|0)$/i.test(text)) return false;
  throw invalidInput(name, text, 'true or false');
}

function ellipsis(text: string): string {
  const line = text.split(/\r?\n/)[0] ?? '';
  return line.length > 40 || text.includes('\n') ? `${line.slice(0, 40)}…` : line;
}

/**
 * Reads the version a file asks for: a `.tool-versions` line `packer X`, a template's
 * `required_version` (any *.hcl file), or else the first line of a `.packer-version`-style file.
 */
export function readVersionFile(path: string, shownName = path): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw invalidInput(SETUP_PACKER_INPUTS.versionFile, shownName, `a readable file (${reason})`);
  }
  return parseVersionFileText(basename(path), text, shownName);
}

export function parseVersionFileText(fileName: string, text: string, shownName = fileName): string {
  const fail = (what: string): ImmutableError =>
    invalidInput(SETUP_PACKER_INPUTS.versionFile, shownName, what);
  if (fileName === '.tool-versions') {
    for (const line of text.split(/\r?\n/)) {
      const words = line.replace(/#.*/, '').trim().split(/\s+/);
      // asdf allows fallbacks after the first version; the first is the one wanted.
      if (words[0] === 'packer' && words[1]) return words[1];
    }
    throw fail('a .tool-versions file with a line "packer <version>"');
  }
  if (fileName.endsWith('.hcl')) {
    const match = /^\s*required_version\s*=\s*"([^"]*)"/m.exec(text);
    if (!match?.[1])
      throw fail('a Packer template with required_version = "<constraint>" in its packer block');
    const range = hclConstraintToSemverRange(match[1]);
    if (!range) throw fail('a required_version Packer understands (it holds none)');
    return range;
  }
  const first = text
    .split(/\r?\n/)
    .map((line) => line.replace(/#.*/, '').trim())
    .find((line) => line !== '');
  if (!first) throw fail('a file holding a Packer version, such as 1.11.2');
  return first;
}

/**
 * Translates a HashiCorp version constraint (`>= 1.9.0, < 2.0.0`, `~> 1.10`, `!= 1.10.1`) into a semver range.
 * Returns undefined when the constraint does not parse.
 */
export function hclConstraintToSemverRange(constraint: string): string | undefined {
  // Each clause becomes a list of alternatives; `!=` needs two (`<v || >v`), so the AND of clauses is expanded
  // into an OR of comparator sets, which is what semver ranges can say.
  let alternatives: string[][] = [[]];
  for (const part of constraint.split(',')) {
    const match = /^\s*(~>|>=|<=|!=|=|>|<)?\s*v?(\d+(?:\.\d+){0,2})(-[0-9A-Za-z.-]+)?\s*$/.exec(part);
    if (!match?.[2]) return undefined;
    const operator = match[1] ?? '=';
    const segments = match[2].split('.').map(Number);
    const full = `${[0, 1, 2].map((i) => segments[i] ?? 0).join('.')}${match[3] ?? ''}`;
    let clause: string[];
    switch (operator) {
      case '~>': {
        // Pessimistic: the last given segment may grow; `~> 1.10` is >=1.10.0 <2.0.0, `~> 1.10.2` <1.11.0.
        const bump = Math.max(segments.length - 2, 0);
        const upper = segments.slice(0, bump + 1).map((n, i) => (i === bump ? n + 1 : n));
        while (upper.length < 3) upper.push(0);
        clause = [`>=${full} <${upper.join('.')}`];
        break;
      }
      case '!=':
        clause = [`<${full}`, `>${full}`];
        break;
      case '=':
        clause = [full];
        break;
      default:
        clause = [`${operator}${full}`];
    }
    alternatives = alternatives.flatMap((set) => clause.map((option) => [...set, option]));
  }
  const range = alternatives.map((set) => set.join(' ')).join(' || ');
  return semver.validRange(range) ? range : undefined;
}
