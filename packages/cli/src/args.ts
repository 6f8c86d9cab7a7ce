import { parseArgs } from 'node:util';
import {
  BAKE_INPUTS,
  DEPLOY_INPUTS,
  CLEANUP_INPUTS,
  GROUP_INPUTS,
  RESIZE_INPUTS,
  PRUNE_INPUTS,
  ROLLBACK_INPUTS,
  SETUP_PACKER_INPUTS,
  UNLOCK_INPUTS,
  VERSION,
} from '@immutable-actions/core';
import { ACTION_INPUTS } from './action-inputs.generated';

type ActionName = keyof typeof ACTION_INPUTS;

/** `status` has no action: its flags are the two deploy-asg inputs that name a cluster. */
export const STATUS_INPUTS = { cluster: DEPLOY_INPUTS.cluster, region: DEPLOY_INPUTS.region } as const;

/**
 * Inputs an action has that the CLI does not take: github-token only feeds GitHub Deployments, which the
 * actions create from a workflow run; a command line has no run to attach them to.
 */
export const ACTION_ONLY_INPUTS: Readonly<Record<string, string>> = {
  'github-token': 'GitHub Deployments are created by the action only, from a workflow run',
};

interface InputDescription {
  name: string;
  description: string;
  required: boolean;
  default?: string;
}

interface CommandSpec {
  /** The core's input-name constants: the flag list is derived from these and nothing else. */
  inputs: Readonly<Record<string, string>>;
  /** Whose action.yml describes the flags (status borrows deploy-asg's cluster and region). */
  action?: ActionName;
  /** For a command no action has: its flags described here instead. */
  described?: readonly InputDescription[];
  summary: string;
}

/** prune-amis has no action of its own (bake-ami prunes through keep-amis): its flags are described here. */
const PRUNE_DESCRIBED: readonly InputDescription[] = [
  {
    name: PRUNE_INPUTS.lineage,
    description:
      'The lineage to prune: the immutable:lineage tag bake-ami puts on every AMI (16 hex digits). Or give template.',
    required: false,
  },
  {
    name: PRUNE_INPUTS.template,
    description:
      "The bake's template (a .pkr.hcl or .pkr.json file, or a directory of them, relative to working-directory), whose lineage to prune: same template path and AMI name prefix. Or give lineage.",
    required: false,
  },
  {
    name: PRUNE_INPUTS.workingDirectory,
    description:
      'Where the bake ran Packer (template resolves from here). Defaults to the current directory.',
    required: false,
  },
  {
    name: PRUNE_INPUTS.keep,
    description:
      'How many AMIs of the lineage to keep, newest first (1 or more). Older ones are deregistered and their snapshots deleted, except those a launch template still uses and those without our bake tags.',
    required: true,
  },
  {
    name: PRUNE_INPUTS.region,
    description: 'AWS region. Defaults to AWS_REGION.',
    required: false,
  },
  {
    name: PRUNE_INPUTS.dryRun,
    description: 'List what would be pruned and change nothing.',
    required: false,
    default: 'false',
  },
];

/** cleanup has no action of its own (every deploy also retires expired groups): its flags are described here. */
const CLEANUP_DESCRIBED: readonly InputDescription[] = [
  { name: CLEANUP_INPUTS.cluster, description: 'Cluster name, app[-stack[-detail]].', required: true },
  { name: CLEANUP_INPUTS.region, description: 'AWS region. Defaults to AWS_REGION.', required: false },
  {
    name: CLEANUP_INPUTS.delete,
    description:
      'Delete expired disabled groups (with their launch templates) instead of scaling them to zero.',
    required: false,
    default: 'false',
  },
  {
    name: CLEANUP_INPUTS.includeNewest,
    description: 'Also the newest disabled group (the default rollback target), when it has expired.',
    required: false,
    default: 'false',
  },
  {
    name: CLEANUP_INPUTS.dryRun,
    description: 'List what would be scaled down or deleted, and change nothing.',
    required: false,
    default: 'false',
  },
];

/** Asgard's cluster verbs have no action: their flags are described here. */
const GROUP_DESCRIBED: readonly InputDescription[] = [
  {
    name: GROUP_INPUTS.group,
    description: 'The group, <cluster>-vNNN (as `immutable status` lists it).',
    required: true,
  },
  { name: GROUP_INPUTS.region, description: 'AWS region. Defaults to AWS_REGION.', required: false },
  {
    name: GROUP_INPUTS.lockTimeout,
    description:
      'How long to wait for the cluster lock when a deploy or rollback holds it (0 fails at once, naming the holder).',
    required: false,
    default: '0',
  },
  {
    name: GROUP_INPUTS.healthTimeout,
    description:
      'enable: how long to wait for the instances to be healthy, before and after they take traffic.',
    required: false,
    default: '10m',
  },
];

const RESIZE_DESCRIBED: readonly InputDescription[] = [
  ...GROUP_DESCRIBED.filter((d) => d.name !== GROUP_INPUTS.healthTimeout),
  {
    name: RESIZE_INPUTS.minSize,
    description: 'The new minimum size; unchanged when not given.',
    required: false,
  },
  {
    name: RESIZE_INPUTS.desiredCapacity,
    description:
      'The new desired capacity; unchanged when not given. min ≤ desired ≤ max is checked before any change.',
    required: false,
  },
  {
    name: RESIZE_INPUTS.maxSize,
    description: 'The new maximum size; unchanged when not given.',
    required: false,
  },
];

/** unlock has no action (deploy-asg and rollback-asg have break-lock): its flags are described here. */
const UNLOCK_DESCRIBED: readonly InputDescription[] = [
  { name: UNLOCK_INPUTS.cluster, description: 'Cluster name, app[-stack[-detail]].', required: true },
  { name: UNLOCK_INPUTS.region, description: 'AWS region. Defaults to AWS_REGION.', required: false },
];

export const COMMANDS = {
  deploy: {
    inputs: DEPLOY_INPUTS,
    action: 'deploy-asg',
    summary: 'red/black deploy of an AMI to a cluster (the deploy-asg action)',
  },
  rollback: {
    inputs: ROLLBACK_INPUTS,
    action: 'rollback-asg',
    summary: 're-enable the previous group, then disable the bad one (the rollback-asg action)',
  },
  status: {
    inputs: STATUS_INPUTS,
    action: 'deploy-asg',
    summary: "the cluster as Asgard's cluster page showed it, and who holds its lock",
  },
  bake: {
    inputs: BAKE_INPUTS,
    action: 'bake-ami',
    summary: 'bake an AMI with Packer and tag it (the bake-ami action)',
  },
  'setup-packer': {
    inputs: SETUP_PACKER_INPUTS,
    action: 'setup-packer',
    summary: 'install a verified Packer into the tool cache (the setup-packer action)',
  },
  cleanup: {
    inputs: CLEANUP_INPUTS,
    described: CLEANUP_DESCRIBED,
    summary:
      'scale expired disabled groups to zero (or delete them); never the serving group nor the newest disabled one',
  },
  unlock: {
    inputs: UNLOCK_INPUTS,
    described: UNLOCK_DESCRIBED,
    summary:
      "break a cluster's lock on purpose, when its holder is gone, saying who held it (a live holder stops before its next change)",
  },
  'prune-amis': {
    inputs: PRUNE_INPUTS,
    described: PRUNE_DESCRIBED,
    summary: "deregister a bake lineage's older AMIs and delete their snapshots (bake-ami's keep-amis)",
  },
  enable: {
    inputs: GROUP_INPUTS,
    described: GROUP_DESCRIBED,
    summary: 'put a disabled group back into traffic, once its instances are healthy',
  },
  disable: {
    inputs: GROUP_INPUTS,
    described: GROUP_DESCRIBED,
    summary: 'take a group out of traffic, instances kept warm; never the last serving group',
  },
  resize: {
    inputs: {
      group: RESIZE_INPUTS.group,
      region: RESIZE_INPUTS.region,
      lockTimeout: RESIZE_INPUTS.lockTimeout,
      minSize: RESIZE_INPUTS.minSize,
      desiredCapacity: RESIZE_INPUTS.desiredCapacity,
      maxSize: RESIZE_INPUTS.maxSize,
    },
    described: RESIZE_DESCRIBED,
    summary: "set a group's min/desired/max (min ≤ desired ≤ max); never the last serving group to 0",
  },
  delete: {
    inputs: GROUP_INPUTS,
    described: GROUP_DESCRIBED,
    summary: 'delete a disabled group and its launch template; never a serving one',
  },
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;

export interface Flag {
  /** The input name, which is the flag name: `ami-id` → `--ami-id`. */
  name: string;
  /** The key of the core's raw-inputs object: `amiId`. */
  key: string;
  description: string;
  required: boolean;
  default: string | undefined;
  /** Its action.yml default is true or false: `--dry-run` alone means `--dry-run=true`. */
  boolean: boolean;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    readonly command?: CommandName,
  ) {
    super(message);
  }
}

export function isCommand(name: string | undefined): name is CommandName {
  return name !== undefined && Object.hasOwn(COMMANDS, name);
}

/** A command's flags, in the order of the core's constants, described by the action's action.yml. */
export function commandFlags(command: CommandName): Flag[] {
  const spec: CommandSpec = COMMANDS[command];
  const described: readonly InputDescription[] =
    spec.described ?? (spec.action ? ACTION_INPUTS[spec.action].inputs : []);
  return Object.entries(spec.inputs)
    .filter(([, name]) => !Object.hasOwn(ACTION_ONLY_INPUTS, name))
    .map(([key, name]) => {
      const yml = described.find((input) => input.name === name);
      const fallback = yml?.default;
      return {
        name,
        key,
        description: yml?.description ?? '',
        required: yml?.required ?? false,
        default: fallback,
        boolean: fallback === 'true' || fallback === 'false',
      };
    });
}

/** The inputs of the command's action the CLI leaves out, with why. */
export function actionOnlyInputs(command: CommandName): { name: string; why: string }[] {
  return Object.values(COMMANDS[command].inputs as Readonly<Record<string, string>>)
    .filter((name) => Object.hasOwn(ACTION_ONLY_INPUTS, name))
    .map((name) => ({ name, why: ACTION_ONLY_INPUTS[name] ?? '' }));
}

export interface ParsedCommandLine {
  command: CommandName;
  /** Raw inputs keyed as the core's parse*Options functions take them; absent flags are absent. */
  raw: Record<string, string>;
  json: boolean;
}

export type CommandLine =
  | { kind: 'help'; command: CommandName | undefined }
  | { kind: 'version' }
  | ({ kind: 'run' } & ParsedCommandLine);

/**
 * argv (without node and the script) → the command and its raw inputs, validated only as far as the shape of
 * the command line goes: values are the core's to judge, exactly as the action's inputs are.
 */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  const [first, ...rest] = argv;
  if (first === undefined) throw new UsageError('no command given');
  if (first === '--help' || first === '-h' || first === 'help') {
    const about = rest[0];
    return { kind: 'help', command: isCommand(about) ? about : undefined };
  }
  if (first === '--version' || first === '-V') return { kind: 'version' };
  if (!isCommand(first)) {
    throw new UsageError(
      first.startsWith('-')
        ? `expected a command before ${first}`
        : `unknown command ${JSON.stringify(first)}`,
    );
  }
  const command = first;
  if (rest.includes('--help') || rest.includes('-h')) return { kind: 'help', command };

  const flags = commandFlags(command);
  const booleans = new Set(flags.filter((f) => f.boolean).map((f) => `--${f.name}`));
  // `--dry-run` alone is `--dry-run=true`; `--dry-run=false` passes its value to the core's parser.
  const args = joinDashValues(
    rest.map((arg) => (booleans.has(arg) ? `${arg}=true` : arg)),
    flags.filter((f) => !f.boolean).map((f) => `--${f.name}`),
  );
  const options: Record<string, { type: 'string'; multiple: true } | { type: 'boolean' }> = {
    json: { type: 'boolean' },
  };
  for (const flag of flags) options[flag.name] = { type: 'string', multiple: true };

  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError(parseArgsMessage(error), command);
  }
  if (parsed.positionals.length > 0) {
    throw new UsageError(`unexpected argument ${JSON.stringify(parsed.positionals[0])}`, command);
  }
  const raw: Record<string, string> = {};
  for (const flag of flags) {
    const values = parsed.values[flag.name];
    // A repeated flag is a multi-line input: `--vars a=1 --vars b=2` is vars "a=1\nb=2".
    if (Array.isArray(values) && values.length > 0) raw[flag.key] = values.join('\n');
  }
  return { kind: 'run', command, raw, json: parsed.values.json === true };
}

/**
 * parseArgs refuses a value that starts with `-` (`--public-key "$(cat key.asc)"`, whose armor starts with
 * `-----BEGIN`): after a flag that takes a value, such an argument is joined to it as `--flag=value`, unless
 * it is itself one of our flags, so a forgotten value still says "argument missing".
 */
function joinDashValues(args: readonly string[], valueFlags: readonly string[]): string[] {
  const ours = (arg: string) =>
    arg === '--json' || arg === '--help' || arg === '-h' || valueFlags.includes(arg.split('=')[0] ?? '');
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const next = args[i + 1];
    if (valueFlags.includes(arg) && next !== undefined && next.startsWith('-') && !ours(next)) {
      joined.push(`${arg}=${next}`);
      i++;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

function parseArgsMessage(error: unknown): string {
  // Some hosts (jest's vm) prefix Node's message with its name and code: "TypeError [ERR_PARSE_ARGS_…]: ".
  const message = (error instanceof Error ? error.message : String(error)).replace(/^\w*Error \[\w+\]: /, '');
  // Node's wording, trimmed to the first sentence: "Unknown option '--clustr'", "Option '--cluster <value>' argument missing".
  return message.split(/\.\s|\n/)[0]?.replace(/\.$/, '') ?? message;
}

// ---------------------------------------------------------------------------------------------- help texts

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    `immutable ${VERSION}: Packer bakes and Asgard-style red/black deploys to EC2 Auto Scaling.`,
    '',
    'Usage: immutable <command> [--<input> <value> ...] [--json]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, spec]) => `  ${name.padEnd(width)}  ${spec.summary}`),
    '',
    'Flags are the actions’ inputs: `immutable <command> --help` lists them.',
    '  --json   print the result as JSON on stdout; progress goes to stderr',
    '  --help   this text',
    '',
    'AWS credentials and region come from the environment (AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL, …).',
  ].join('\n');
}

export function shortUsage(command?: CommandName): string {
  if (!command)
    return 'Usage: immutable <deploy|rollback|status|enable|disable|resize|delete|bake|setup-packer> [flags] (immutable --help)';
  const required = commandFlags(command)
    .filter((f) => f.required)
    .map((f) => `--${f.name} <value>`);
  return `Usage: immutable ${command} ${[...required, '[flags]'].join(' ')} (immutable ${command} --help)`;
}

export function commandHelp(command: CommandName): string {
  const spec: CommandSpec = COMMANDS[command];
  const flags = commandFlags(command);
  const lines = [
    `immutable ${command}: ${spec.summary}.`,
    '',
    shortUsage(command).replace(/ \(immutable .*\)$/, ''),
    '',
    'Flags (the inputs of the action, same names and values):',
  ];
  for (const flag of flags) {
    const value = flag.boolean ? '' : ' <value>';
    const notes = [
      flag.required ? 'required' : undefined,
      flag.default !== undefined ? `default: ${flag.default}` : undefined,
    ].filter(Boolean);
    lines.push(`  --${flag.name}${value}${notes.length ? `  (${notes.join(', ')})` : ''}`);
    lines.push(...wrap(flag.description, 6, 104));
  }
  lines.push('  --json', '      Print the result as JSON on stdout; progress goes to stderr.');
  if (flags.some((f) => f.boolean)) {
    lines.push('', 'A boolean flag alone means true (--dry-run); give a value with = (--dry-run=false).');
  }
  if (flags.some((f) => !f.boolean)) {
    lines.push('A flag given twice joins its values with a newline, as a multi-line input would.');
  }
  const skipped = actionOnlyInputs(command);
  if (skipped.length > 0) {
    lines.push('', 'Not taken by the CLI:');
    for (const input of skipped) lines.push(`  ${input.name}: ${input.why}.`);
  }
  return lines.join('\n');
}

function wrap(text: string, indent: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent + line.length + 1 + word.length > width) {
      lines.push(' '.repeat(indent) + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(' '.repeat(indent) + line);
  return lines;
}
