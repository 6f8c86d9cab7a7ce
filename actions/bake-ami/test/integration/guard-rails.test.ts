import type { EC2Client } from '@aws-sdk/client-ec2';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAction, startMoto, type ActionRun, type Moto } from '@immutable-actions/test-support';
import {
  amazonLinux2,
  ec2In,
  ownImages,
  packerTemplate,
  workflowCommands,
  workspaceWith,
} from '../packer-fixture';

// Issue 13's bake-ami guard rails, through the bundle, with the real Packer (1.6.6) baking into moto.
let moto: Moto;
let east: EC2Client;
let sourceAmi: string;

beforeAll(async () => {
  moto = await startMoto();
  east = ec2In(moto, 'us-east-1');
  sourceAmi = await amazonLinux2(east);
});

afterAll(async () => {
  east?.destroy();
  await moto?.stop();
});

function bake(workspace: string, inputs: Record<string, string>): Promise<ActionRun> {
  return runAction('bake-ami', { inputs, env: { ...moto.env, GITHUB_WORKSPACE: workspace } });
}

// A provisioner that prints workflow commands, and an artifice post-processor whose artifact names a file
// with a newline in it: Packer prints that name inside one message, so without the stop-commands block the
// log would hold the line `::add-mask::x` on its own.
const INJECTING = {
  topLevel: 'variable "note" {\n  type    = string\n  default = ""\n}\n',
  inBuild: `  provisioner "shell-local" {
    inline = [
      "echo '::add-mask::x'",
      "echo '::set-output name=ami-id::ami-0evil'",
      "echo '::error::injected by a provisioner' >&2",
      "echo \\"\${var.note}\\"",
      "touch \\"notes.txt\\n\${var.note}\\"",
    ]
  }
  post-processor "artifice" {
    files               = ["notes.txt\\n\${var.note}"]
    keep_input_artifact = true
  }
`,
};

describe('bake-ami guard rails (bundle, Packer 1.6.6, moto)', () => {
  it("relays Packer's output inside a stop-commands block: no line of it becomes a workflow command", async () => {
    const workspace = workspaceWith({ 'app.pkr.hcl': packerTemplate(moto, { sourceAmi, ...INJECTING }) });
    const run = await bake(workspace, {
      template: 'app.pkr.hcl',
      vars: 'version=1.0.0\nnote=::add-mask::x',
    });

    const commands = workflowCommands(run.stdout);
    expect(commands.filter((c) => c.command === 'error')).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.outputs['ami-id']).toMatch(/^ami-[0-9a-f]+$/);
    expect(run.outputs['ami-id']).not.toBe('ami-0evil');
    // Relayed, not swallowed: the text is in the log, and one line of it starts with the command.
    expect(run.stdout).toMatch(/^::add-mask::x$/m);
    expect(run.stdout).toContain('::set-output name=ami-id::ami-0evil');
    expect(run.stdout).toContain('::error::injected by a provisioner');
    // ... but the runner reads none of it as a command: only ours remain.
    expect(commands.filter((c) => c.command === 'add-mask')).toEqual([]);
    expect(commands.filter((c) => c.command === 'set-output')).toEqual([]);
    expect(commands.map((c) => c.command)).toEqual(['group', 'endgroup']);
    // The block opens right after the group starts and closes before it ends.
    const token = /^::stop-commands::([0-9a-f]{32})$/m.exec(run.stdout)?.[1] ?? '';
    expect(token).not.toBe('');
    expect(run.stdout.indexOf(`::stop-commands::${token}`)).toBeGreaterThan(run.stdout.indexOf('::group::'));
    expect(run.stdout.indexOf(`::${token}::`)).toBeLessThan(run.stdout.indexOf('::endgroup::'));
    expect(run.stdout.indexOf(`::${token}::`)).toBeGreaterThan(run.stdout.indexOf('::add-mask::x'));
  });

  it('also fences the output of a failed build, and the failure line stays one escaped command', async () => {
    const workspace = workspaceWith({
      'app.pkr.hcl': packerTemplate(moto, {
        sourceAmi,
        inBuild: `  provisioner "shell-local" {\n    inline = ["echo '::add-mask::y'", "exit 3"]\n  }\n`,
      }),
    });
    const run = await bake(workspace, { template: 'app.pkr.hcl', vars: 'version=1.0.1' });
    expect(run.exitCode).toBe(1);
    const commands = workflowCommands(run.stdout);
    expect(commands.filter((c) => c.command === 'add-mask')).toEqual([]);
    const errors = commands.filter((c) => c.command === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.data).toMatch(
      /^packer build failed: amazon-ebs.app: Script exited with non-zero exit status: 3/,
    );
  });

  it('masks the vars secret-vars names and the new name patterns before Packer starts', async () => {
    const workspace = workspaceWith({
      'app.pkr.hcl': packerTemplate(moto, {
        sourceAmi,
        topLevel:
          'variable "license" {\n  type = string\n}\nvariable "admin_pwd" {\n  type = string\n}\nvariable "signing_credential" {\n  type = string\n}\n',
      }),
    });
    const run = await bake(workspace, {
      template: 'app.pkr.hcl',
      vars: 'version=1.0.2\nlicense=LIC-0042\nadmin_pwd=pw-1\nsigning_credential=cred-1',
      'secret-vars': 'license',
    });
    expect(run.exitCode).toBe(0);
    const masks = workflowCommands(run.stdout)
      .filter((c) => c.command === 'add-mask')
      .map((c) => c.data);
    expect(masks.sort()).toEqual(['LIC-0042', 'cred-1', 'pw-1']);
    expect(run.stdout.lastIndexOf('::add-mask::')).toBeLessThan(run.stdout.indexOf('::group::packer build'));
  });

  it('passes a template named like a flag (-debug.pkr.hcl) as a path: Packer bakes it, without debug mode', async () => {
    const workspace = workspaceWith({ '-debug.pkr.hcl': packerTemplate(moto, { sourceAmi }) });
    const run = await bake(workspace, { template: '-debug.pkr.hcl', vars: 'version=1.0.3' });
    expect(workflowCommands(run.stdout).filter((c) => c.command === 'error')).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.outputs['ami-id']).toMatch(/^ami-[0-9a-f]+$/);
    expect(run.stdout).not.toMatch(/debug mode enabled/i);
  });

  describe('paths outside the workspace', () => {
    const parent = mkdtempSync(join(tmpdir(), 'bake-outside-'));
    const workspace = join(parent, 'ws');
    beforeAll(() => {
      mkdirSync(join(workspace, 'images'), { recursive: true });
      writeFileSync(join(parent, 'evil.pkr.hcl'), packerTemplate(moto, { sourceAmi }));
      writeFileSync(join(parent, 'evil.pkrvars.hcl'), 'version = "6.6.6"\n');
      writeFileSync(join(workspace, 'app.pkr.hcl'), packerTemplate(moto, { sourceAmi }));
    });

    it.each<[string, Record<string, string>, string]>([
      ['a template', { template: '../evil.pkr.hcl' }, 'Invalid template "../evil.pkr.hcl"'],
      [
        'an absolute template',
        { template: '<parent>/evil.pkr.hcl' },
        'Invalid template "<parent>/evil.pkr.hcl"',
      ],
      [
        'a var-file',
        { template: 'app.pkr.hcl', 'var-files': '../evil.pkrvars.hcl' },
        'Invalid var-files "../evil.pkrvars.hcl"',
      ],
      [
        'a working directory',
        { template: 'ws/app.pkr.hcl', 'working-directory': '..' },
        'Invalid working-directory ".."',
      ],
    ])('refuses %s in one line, and nothing is baked', async (_case, inputs, expected) => {
      const before = (await ownImages(east)).length;
      const resolved = Object.fromEntries(
        Object.entries(inputs).map(([k, v]) => [k, v.replace('<parent>', parent)]),
      );
      const run = await bake(workspace, resolved);
      expect(run.exitCode).toBe(1);
      expect(run.errors).toEqual([
        `${expected.replace('<parent>', parent)}: expected a path inside the workspace (${workspace}), or allow-outside-workspace: true.`,
      ]);
      expect(run.stdout).not.toContain('Packer 1.6.6');
      expect((await ownImages(east)).length).toBe(before);
    });

    it('bakes from outside with allow-outside-workspace: true', async () => {
      const run = await bake(workspace, {
        template: '../evil.pkr.hcl',
        'var-files': '../evil.pkrvars.hcl',
        'allow-outside-workspace': 'true',
      });
      expect(run.errors).toEqual([]);
      expect(run.outputs['ami-id']).toMatch(/^ami-[0-9a-f]+$/);
    });
  });
});
