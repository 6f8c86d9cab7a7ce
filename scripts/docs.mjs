// Writes each action's inputs/outputs tables, generated from its action.yml, into actions/<name>/README.md
// between <!-- inputs:start --> / <!-- inputs:end --> and <!-- outputs:start --> / <!-- outputs:end -->.
//
//   node scripts/docs.mjs            rewrite the blocks
//   node scripts/docs.mjs --check    change nothing; exit 1 naming each README whose blocks differ
//   --root DIR                       the repository to work on (default: this one)
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const args = process.argv.slice(2);
const check = args.includes('--check');
const rootAt = args.indexOf('--root');
const root = rootAt >= 0 ? args[rootAt + 1] : join(dirname(fileURLToPath(import.meta.url)), '..');
if (!root) {
  console.error('--root needs a directory');
  process.exit(2);
}

/** One line, safe inside a Markdown table cell. */
function cell(text) {
  return String(text ?? '')
    .replace(/\s*\n\s*/g, ' ')
    .trim()
    .replace(/\|/g, '\\|');
}

function code(text) {
  const t = String(text);
  return t.includes('`') ? `\`\` ${t} \`\`` : `\`${t}\``;
}

function inputsTable(action) {
  const rows = Object.entries(action.inputs ?? {}).map(([name, spec]) => {
    const required = spec?.required === true ? 'yes' : 'no';
    const def = spec?.default === undefined || spec.default === '' ? '' : code(cell(spec.default));
    return `| ${code(name)} | ${required} | ${def} | ${cell(spec?.description)} |`;
  });
  return ['| Input | Required | Default | Description |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

function outputsTable(action) {
  const rows = Object.entries(action.outputs ?? {}).map(
    ([name, spec]) => `| ${code(name)} | ${cell(spec?.description)} |`,
  );
  return ['| Output | Description |', '| --- | --- |', ...rows].join('\n');
}

function replaceBlock(text, marker, table, file) {
  const start = `<!-- ${marker}:start -->`;
  const end = `<!-- ${marker}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${file}: no ${start} … ${end} block`);
  return `${text.slice(0, from + start.length)}\n<!-- generated from action.yml by scripts/docs.mjs: edit action.yml, not this table -->\n${table}\n${text.slice(to)}`;
}

const problems = [];
let changed = 0;
for (const name of readdirSync(join(root, 'actions')).sort()) {
  const actionFile = join(root, 'actions', name, 'action.yml');
  if (!existsSync(actionFile)) continue;
  const readme = join('actions', name, 'README.md');
  if (!existsSync(join(root, readme))) {
    problems.push(`${readme}: missing`);
    continue;
  }
  const action = parse(readFileSync(actionFile, 'utf8'));
  const before = readFileSync(join(root, readme), 'utf8');
  let after;
  try {
    after = replaceBlock(before, 'inputs', inputsTable(action), readme);
    after = replaceBlock(after, 'outputs', outputsTable(action), readme);
  } catch (error) {
    problems.push(error.message);
    continue;
  }
  if (after === before) continue;
  if (check) {
    problems.push(`${readme}: inputs/outputs tables differ from action.yml (run node scripts/docs.mjs)`);
  } else {
    writeFileSync(join(root, readme), after);
    changed += 1;
    console.log(`updated ${readme}`);
  }
}
for (const problem of problems) console.error(problem);
if (problems.length > 0) process.exit(1);
if (!check) console.log(`${changed} README(s) updated`);
