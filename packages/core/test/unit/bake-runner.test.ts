import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { isImmutableError } from '../../src/errors';
import {
  amisByRegion,
  buildArgs,
  templateArgument,
  manifestOutputPath,
  pickAmi,
} from '../../src/packer/bake/bake';
import type { BakeOptions } from '../../src/packer/bake/inputs';
import {
  packerFailure,
  packerHasInit,
  runPacker,
  spawnPacker,
  type PackerExit,
  type PackerProcess,
  type PackerSpawner,
} from '../../src/packer/bake/packer-process';

/** A scripted Packer: the test writes its output and decides when and how it exits. */
class ScriptedPacker implements PackerProcess {
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  interrupts = 0;
  private finish!: (exit: PackerExit) => void;
  readonly exited = new Promise<PackerExit>((resolve) => (this.finish = resolve));
  constructor(private readonly onInterrupt?: (self: ScriptedPacker) => void) {}
  interrupt(): void {
    this.interrupts++;
    this.onInterrupt?.(this);
  }
  exit(code: number, lines: string[] = []): void {
    for (const line of lines) this.stdout.write(`${line}\n`);
    this.stdout.end();
    this.stderr.end();
    this.finish({ code, signal: null });
  }
}

function spawnerOf(packer: ScriptedPacker, calls: string[][] = []): PackerSpawner {
  return (command, args) => {
    calls.push([command, ...args]);
    return packer;
  };
}

describe('runPacker', () => {
  it('forwards human-readable text and collects artifacts', async () => {
    const packer = new ScriptedPacker();
    const texts: string[] = [];
    const running = runPacker({
      packer: 'packer',
      args: ['build'],
      cwd: '/',
      spawner: spawnerOf(packer),
      onText: (t) => texts.push(t),
    });
    packer.stderr.write('a warning on stderr\n');
    packer.exit(0, ['1,,ui,say,==> baking', '1,b,artifact,0,id,us-east-1:ami-0a']);
    const result = await running;
    expect(result.exit.code).toBe(0);
    expect(result.report.artifacts).toEqual([{ build: 'b', region: 'us-east-1', amiId: 'ami-0a' }]);
    expect(texts).toEqual(expect.arrayContaining(['==> baking', 'a warning on stderr']));
    expect(result.otherOutput).toEqual(['a warning on stderr']);
  });

  it('on abort interrupts Packer once, waits for its cleanup to finish, then throws ABORTED', async () => {
    const controller = new AbortController();
    const events: string[] = [];
    const packer = new ScriptedPacker((self) => {
      events.push('interrupted');
      // Packer keeps talking while it cleans up; it exits only afterwards.
      setTimeout(() => {
        events.push('cleaned up');
        self.exit(1, ['1,,ui,say,==> amazon-ebs.app: Terminating the source AWS instance...']);
      }, 20);
    });
    const texts: string[] = [];
    const running = runPacker({
      packer: 'packer',
      args: ['build'],
      cwd: '/',
      spawner: spawnerOf(packer),
      signal: controller.signal,
      onText: (t) => texts.push(t),
    });
    controller.abort(new Error('received SIGINT'));
    const error = await running.catch((e: unknown) => e);
    events.push('returned');
    expect(isImmutableError(error, 'ABORTED')).toBe(true);
    expect(packer.interrupts).toBe(1);
    expect(events).toEqual(['interrupted', 'cleaned up', 'returned']);
    expect(texts).toContain('==> amazon-ebs.app: Terminating the source AWS instance...');
  });

  it('does not start Packer when already cancelled', async () => {
    const calls: string[][] = [];
    const controller = new AbortController();
    controller.abort();
    const error = await runPacker({
      packer: 'packer',
      args: ['build'],
      cwd: '/',
      spawner: spawnerOf(new ScriptedPacker(), calls),
      signal: controller.signal,
    }).catch((e: unknown) => e);
    expect(isImmutableError(error, 'ABORTED')).toBe(true);
    expect(calls).toEqual([]);
  });

  it("makes Packer's own error line the failure message", async () => {
    const packer = new ScriptedPacker();
    const running = runPacker({ packer: 'packer', args: ['build'], cwd: '/', spawner: spawnerOf(packer) });
    packer.exit(1, [
      String.raw`1,amazon-ebs.app,error,Error querying AMI: InvalidAMIID.NotFound%!(PACKER_COMMA) gone`,
    ]);
    const failure = packerFailure('build', await running);
    expect(failure.code).toBe('PACKER_FAILED');
    expect(failure.message).toBe(
      'packer build failed: amazon-ebs.app: Error querying AMI: InvalidAMIID.NotFound, gone',
    );
  });

  it('falls back to the last stray lines when Packer printed no error line', async () => {
    const packer = new ScriptedPacker();
    const running = runPacker({ packer: 'packer', args: ['build'], cwd: '/', spawner: spawnerOf(packer) });
    packer.exit(2, ['panic: runtime error: index out of range']);
    expect(packerFailure('build', await running).message).toBe(
      'packer build failed: panic: runtime error: index out of range',
    );
  });

  it('reports a Packer that cannot be found as a bad packer input', async () => {
    const error = await runPacker({
      packer: 'no-such-packer-here',
      args: ['version'],
      cwd: '/',
      spawner: spawnPacker,
    }).catch((e: unknown) => e);
    expect(isImmutableError(error, 'INVALID_INPUT')).toBe(true);
    expect((error as Error).message).toMatch(
      /^Invalid packer "no-such-packer-here": expected a Packer executable/,
    );
  });

  it.each([
    [
      '1.6.6',
      ['    build           build image(s) from template', '    console         creates a console'],
      false,
    ],
    [
      '1.9',
      ['    build           build image(s) from template', '    init            Install missing plugins'],
      true,
    ],
  ])('detects whether Packer %s has init from its help', async (_version, help, expected) => {
    const packer = new ScriptedPacker();
    const running = packerHasInit('packer', '/', spawnerOf(packer));
    for (const line of [
      'Usage: packer [--version] [--help] <command> [<args>]',
      '',
      'Available commands are:',
      ...help,
    ]) {
      packer.stderr.write(`${line}\n`);
    }
    packer.exit(0);
    expect(await running).toBe(expected);
  });
});

describe('the build command', () => {
  const options: BakeOptions = {
    template: '/w/app.pkr.hcl',
    templateKind: 'file',
    workingDirectory: '/w',
    vars: [
      { name: 'version', value: '1.2' },
      { name: 'note', value: 'a b,c' },
    ],
    varFiles: ['/w/a.pkrvars.hcl', '/shared/b.pkrvars.hcl'],
    only: ['amazon-ebs.app', 'amazon-ebs.worker'],
    except: [],
    amiTags: {},
    skipUnchanged: false,
    packerInit: 'auto',
    packer: 'packer',
    secretVars: [],
  };

  it('passes vars as separate arguments (no shell) and paths relative to the working directory', () => {
    expect(buildArgs(options)).toEqual([
      'build',
      '-machine-readable',
      '-color=false',
      '-var',
      'version=1.2',
      '-var',
      'note=a b,c',
      '-var-file=a.pkrvars.hcl',
      '-var-file=../shared/b.pkrvars.hcl',
      '-only=amazon-ebs.app,amazon-ebs.worker',
      'app.pkr.hcl',
    ]);
  });

  it('never lets the template read as a flag', () => {
    const args = buildArgs({ ...options, template: '/w/-debug.pkr.hcl' });
    expect(args.at(-1)).toBe('./-debug.pkr.hcl');
    expect(templateArgument({ workingDirectory: '/w', template: '/w/sub/-x.pkr.hcl' })).toBe(
      'sub/-x.pkr.hcl',
    );
    expect(templateArgument({ workingDirectory: '/w/-dir', template: '/w/-dir' })).toBe('.');
  });
});

describe('AMIs per region', () => {
  it('maps regions to AMIs and warns when two builds share a region', () => {
    const warnings: string[] = [];
    const amis = amisByRegion(
      [
        { build: 'a', region: 'us-east-1', amiId: 'ami-1' },
        { build: 'a', region: 'eu-west-1', amiId: 'ami-2' },
        { build: 'b', region: 'us-east-1', amiId: 'ami-3' },
      ],
      (m) => warnings.push(m),
    );
    expect(amis).toEqual({ 'us-east-1': 'ami-1', 'eu-west-1': 'ami-2' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('ami-3');
  });

  it('picks the AMI in the requested region, or the only one', () => {
    expect(pickAmi({ 'us-east-1': 'ami-1', 'eu-west-1': 'ami-2' }, 'eu-west-1')).toBe('ami-2');
    expect(pickAmi({ 'us-east-1': 'ami-1' }, 'eu-west-1')).toBe('ami-1');
    expect(() => pickAmi({ 'us-east-1': 'ami-1', 'eu-west-1': 'ami-2' }, 'ap-south-1')).toThrow(
      'Packer made no AMI in ap-south-1 (made: us-east-1:ami-1, eu-west-1:ami-2).',
    );
  });
});

describe('manifestOutputPath', () => {
  function template(name: string, text: string) {
    const root = mkdtempSync(join(tmpdir(), 'bake-manifest-'));
    writeFileSync(join(root, name), text);
    return { template: join(root, name), templateKind: 'file' as const, workingDirectory: root, root };
  }

  it('reads a literal output from an HCL manifest post-processor', () => {
    const t = template(
      'a.pkr.hcl',
      'build {\n  post-processor "manifest" {\n    custom_data = { a = "b" }\n    output = "out/manifest.json"\n  }\n}\n',
    );
    expect(manifestOutputPath(t)).toBe(join(t.root, 'out/manifest.json'));
  });

  it("uses Packer's default file name when the block sets none", () => {
    const t = template('a.pkr.hcl', 'build {\n  post-processor "manifest" {}\n}\n');
    expect(manifestOutputPath(t)).toBe(join(t.root, 'packer-manifest.json'));
  });

  it('reads a JSON template', () => {
    const t = template(
      'a.pkr.json',
      JSON.stringify({ 'post-processors': [[{ type: 'manifest', output: 'm.json' }]] }),
    );
    expect(manifestOutputPath(t)).toBe(join(t.root, 'm.json'));
  });

  it('gives none without a manifest post-processor, or with an output it cannot evaluate', () => {
    expect(manifestOutputPath(template('a.pkr.hcl', 'build {}\n'))).toBeUndefined();
    expect(
      manifestOutputPath(
        template('a.pkr.hcl', 'post-processor "manifest" {\n  output = "${var.dir}/m.json"\n}\n'),
      ),
    ).toBeUndefined();
  });
});
