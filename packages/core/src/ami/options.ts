import { invalidInput } from '../errors';
import { optional, parseBoolean, parseCount, type RawInputs } from '../inputs';
import { bakeLineage } from '../packer/bake/lineage';
import { parseTemplate, parseWorkingDirectory } from '../packer/bake/inputs';

/** `immutable prune-amis` options: a lineage, or the template whose lineage it is. */
export const PRUNE_INPUTS = {
  lineage: 'lineage',
  template: 'template',
  workingDirectory: 'working-directory',
  keep: 'keep',
  region: 'region',
  dryRun: 'dry-run',
  repository: 'repository',
} as const;

export type PruneRawInputs = RawInputs<keyof typeof PRUNE_INPUTS>;

export interface PruneOptions {
  lineage: string;
  keep: number;
  region: string | undefined;
  dryRun: boolean;
  /** Only AMIs tagged with this repository are pruned; GITHUB_REPOSITORY by default. */
  repository: string | undefined;
}

const LINEAGE = /^[0-9a-f]{16}$/;

/** Validates before any AWS call; `--template` resolves as bake-ami's does, from the working directory. */
const REPOSITORY = /^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/;

export function parsePruneOptions(
  raw: PruneRawInputs,
  context: { workspace: string; env?: NodeJS.ProcessEnv },
): PruneOptions {
  const repository = optional(raw.repository) ?? optional((context.env ?? process.env).GITHUB_REPOSITORY);
  if (repository !== undefined && !REPOSITORY.test(repository)) {
    throw invalidInput(PRUNE_INPUTS.repository, repository, 'a GitHub repository as owner/name');
  }
  const given = optional(raw.lineage);
  const templateText = optional(raw.template);
  if ((given === undefined) === (templateText === undefined)) {
    throw invalidInput(
      PRUNE_INPUTS.lineage,
      given ?? '',
      `either ${PRUNE_INPUTS.lineage} (the immutable:lineage tag) or ${PRUNE_INPUTS.template}, not both`,
    );
  }
  let lineage: string;
  if (given !== undefined) {
    if (!LINEAGE.test(given)) {
      throw invalidInput(PRUNE_INPUTS.lineage, given, 'the 16 hex digits of an immutable:lineage tag');
    }
    lineage = given;
  } else {
    const workingDirectory = parseWorkingDirectory(raw.workingDirectory, context.workspace);
    lineage = bakeLineage({ ...parseTemplate(templateText, workingDirectory), workingDirectory, repository });
  }
  const keep = parseCount(PRUNE_INPUTS.keep, raw.keep, { min: 1, max: 1000 });
  if (keep === undefined) throw invalidInput(PRUNE_INPUTS.keep, '', 'a whole number from 1 to 1000');
  return {
    lineage,
    keep,
    region: optional(raw.region),
    dryRun: parseBoolean(PRUNE_INPUTS.dryRun, raw.dryRun, false),
    repository,
  };
}
