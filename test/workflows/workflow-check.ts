// Static checks of workflow files against our actions' action.yml: inputs, required inputs, outputs, pinning,
// permissions and untrusted expressions in run:. Used by workflows.test.ts.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';

export const ROOT = join(__dirname, '..', '..');

export interface ActionInput {
  required: boolean;
  hasDefault: boolean;
}
export interface ActionMeta {
  name: string;
  inputs: Map<string, ActionInput>;
  outputs: Set<string>;
}

type Yaml = Record<string, unknown>;

function isRecord(value: unknown): value is Yaml {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function loadActions(root = ROOT): Map<string, ActionMeta> {
  const actions = new Map<string, ActionMeta>();
  for (const name of readdirSync(join(root, 'actions'))) {
    const file = join(root, 'actions', name, 'action.yml');
    if (!existsSync(file)) continue;
    const doc: unknown = parse(readFileSync(file, 'utf8'));
    if (!isRecord(doc)) throw new Error(`${file}: not a mapping`);
    const inputs = new Map<string, ActionInput>();
    for (const [key, spec] of Object.entries(isRecord(doc.inputs) ? doc.inputs : {})) {
      const s = isRecord(spec) ? spec : {};
      inputs.set(key, { required: s.required === true, hasDefault: s.default !== undefined });
    }
    const outputs = new Set(Object.keys(isRecord(doc.outputs) ? doc.outputs : {}));
    actions.set(name, { name, inputs, outputs });
  }
  return actions;
}

/** workflows-examples/**\/*.yml and .github/workflows/*.yml, as paths relative to the repo root. */
export function workflowFiles(root = ROOT): string[] {
  const files: string[] = [];
  const walk = (dir: string, recurse: boolean): void => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) {
        if (recurse) walk(path, true);
      } else if (/\.ya?ml$/.test(entry)) {
        files.push(relative(root, path));
      }
    }
  };
  walk(join(root, 'workflows-examples'), true);
  walk(join(root, '.github', 'workflows'), false);
  return files;
}

/** Which of our actions a `uses:` names: ./actions/<name>, org/<name>@ref or org/immutable-actions/actions/<name>@ref. */
export function ourAction(uses: string, actions: ReadonlyMap<string, ActionMeta>): ActionMeta | undefined {
  const local = /^\.\/actions\/([\w-]+)\/?$/.exec(uses);
  const remote = /^[\w.-]+\/(?:immutable-actions\/actions\/)?([\w-]+)@[\w.-]+$/.exec(uses);
  const name = local?.[1] ?? remote?.[1];
  return name === undefined ? undefined : actions.get(name);
}

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  with?: Yaml;
  index: number;
  raw: Yaml;
}

function stepsOf(job: Yaml): Step[] {
  const steps = Array.isArray(job.steps) ? job.steps : [];
  return steps.filter(isRecord).map((raw, index) => {
    const step: Step = { index, raw };
    if (typeof raw.id === 'string') step.id = raw.id;
    if (typeof raw.uses === 'string') step.uses = raw.uses;
    if (typeof raw.run === 'string') step.run = raw.run;
    if (isRecord(raw.with)) step.with = raw.with;
    return step;
  });
}

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (isRecord(value)) for (const v of Object.values(value)) strings(v, out);
  return out;
}

const OUTPUT_REF = /steps\.([A-Za-z_][\w-]*)\.outputs(?:\.([A-Za-z_][\w-]*)|\[\s*'([^']+)'\s*\])/g;

export function outputRefs(text: string): Array<{ id: string; output: string }> {
  const refs: Array<{ id: string; output: string }> = [];
  for (const expr of text.matchAll(/\$\{\{([\s\S]*?)\}\}/g)) {
    for (const m of (expr[1] ?? '').matchAll(OUTPUT_REF)) {
      const output = m[2] ?? m[3];
      if (m[1] !== undefined && output !== undefined) refs.push({ id: m[1], output });
    }
  }
  return refs;
}

/**
 * Checks one workflow's use of our actions: every with: key is an input, every required input without a
 * default is given, and every steps.<id>.outputs.<name> names an earlier step of the same job and an output
 * it has (our action's outputs, or a name a run: step writes to GITHUB_OUTPUT).
 */
export function checkActionUsage(
  file: string,
  text: string,
  actions: ReadonlyMap<string, ActionMeta>,
  root = ROOT,
): string[] {
  const problems: string[] = [];
  const doc: unknown = parse(text);
  if (!isRecord(doc) || !isRecord(doc.jobs)) return [`${file}: no jobs`];
  for (const [jobName, job] of Object.entries(doc.jobs)) {
    if (!isRecord(job)) continue;
    const where = `${file} job ${jobName}`;
    const steps = stepsOf(job);
    for (const step of steps) {
      const action = step.uses === undefined ? undefined : ourAction(step.uses, actions);
      if (!action) continue;
      const label = `${where} step ${step.id ?? step.index + 1} (${action.name})`;
      const given = step.with ?? {};
      for (const key of Object.keys(given)) {
        if (!action.inputs.has(key)) problems.push(`${label}: with.${key} is not an input of ${action.name}`);
      }
      for (const [key, input] of action.inputs) {
        if (input.required && !input.hasDefault && !(key in given)) {
          problems.push(`${label}: required input ${key} is not given`);
        }
      }
      for (const key of ['template', 'version-file', 'var-files']) {
        const value = given[key];
        if (typeof value !== 'string' || value.includes('${{')) continue;
        for (const path of value
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean)) {
          if (!existsSync(join(root, path))) problems.push(`${label}: ${key} ${path} does not exist`);
        }
      }
    }
    const byId = new Map(steps.filter((s) => s.id !== undefined).map((s) => [s.id, s]));
    const check = (text: string, before: number | undefined, label: string): void => {
      for (const ref of outputRefs(text)) {
        const target = byId.get(ref.id);
        if (!target) {
          problems.push(`${label}: steps.${ref.id} is not a step of this job`);
          continue;
        }
        if (before !== undefined && target.index >= before) {
          problems.push(`${label}: steps.${ref.id} runs after the step that reads its outputs`);
        }
        const action = target.uses === undefined ? undefined : ourAction(target.uses, actions);
        if (action && !action.outputs.has(ref.output)) {
          problems.push(`${label}: steps.${ref.id}.outputs.${ref.output} is not an output of ${action.name}`);
        } else if (target.run !== undefined && !target.run.includes(`${ref.output}=`)) {
          problems.push(`${label}: steps.${ref.id} never writes ${ref.output}= to GITHUB_OUTPUT`);
        }
      }
    };
    for (const step of steps) {
      check(strings(step.raw).join('\n'), step.index, `${where} step ${step.id ?? step.index + 1}`);
    }
    const jobLevel = Object.entries(job).filter(([key]) => key !== 'steps');
    check(strings(Object.fromEntries(jobLevel)).join('\n'), undefined, where);
  }
  return problems;
}

const UNTRUSTED_IN_RUN = /\$\{\{[^}]*\b(github\.event\.|inputs\.|github\.head_ref)/;
const SHA_PIN = /^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/;

/**
 * Hardening: permissions declared for every job (or the workflow), third-party actions pinned by full commit
 * SHA with a `# vX` comment, our own actions by their major tag, and no event or inputs expressions in run:.
 */
export function checkHardening(
  file: string,
  text: string,
  actions: ReadonlyMap<string, ActionMeta>,
): string[] {
  const problems: string[] = [];
  const doc: unknown = parse(text);
  if (!isRecord(doc) || !isRecord(doc.jobs)) return [`${file}: no jobs`];
  const lines = text.split('\n');
  for (const [jobName, job] of Object.entries(doc.jobs)) {
    if (!isRecord(job)) continue;
    const where = `${file} job ${jobName}`;
    if (job.permissions === undefined && doc.permissions === undefined) {
      problems.push(`${where}: no permissions block (the token would get the repository default)`);
    }
    for (const step of stepsOf(job)) {
      const label = `${where} step ${step.id ?? step.index + 1}`;
      if (step.run !== undefined && UNTRUSTED_IN_RUN.test(step.run)) {
        problems.push(`${label}: run: expands github.event/inputs directly; pass it through env:`);
      }
      if (step.uses === undefined || step.uses.startsWith('./') || step.uses.startsWith('docker://'))
        continue;
      const ours = ourAction(step.uses, actions);
      if (ours) {
        if (!/@v\d+$/.test(step.uses)) problems.push(`${label}: ${step.uses} should use its major tag @vN`);
        continue;
      }
      if (!SHA_PIN.test(step.uses)) {
        problems.push(`${label}: ${step.uses} is not pinned by a full commit SHA`);
        continue;
      }
      const line = lines.find((l) => l.includes(`uses: ${step.uses}`));
      if (!line || !/#\s*v\d+/.test(line)) problems.push(`${label}: ${step.uses} has no "# vX" comment`);
    }
  }
  return problems;
}
