import { DescribeImagesCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, runAction, startMoto, type Moto } from '@immutable-actions/test-support';
import { cliIn } from '../run-cli';

// Issue 15: the developer's VM from the AMI's template, with the real Packer (1.6.6), QEMU (tcg) and Vagrant.
// Packer 1.6.6 rejects the example's `packer { required_plugins … }` block, so the workspace holds the
// example template with that block removed (as the bake-ami README says to do for Packer < 1.7).
const SYSLINUX = ['/usr/lib/ISOLINUX/isolinux.bin', '/usr/lib/syslinux/modules/bios/poweroff.c32'];
const TOOLS = ['qemu-system-x86_64', 'vagrant', 'xorriso', 'packer'];
const missing = [
  ...TOOLS.filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0),
  ...SYSLINUX.filter((file) => !existsSync(file)),
];
if (missing.length > 0) {
  console.log(`dev-vm tests skipped: missing ${missing.join(', ')} (.ci/run installs them from Debian)`);
}
const describeWithTools = missing.length > 0 ? describe.skip : describe;

/** A bootable ISO that waits 5 s at its prompt (so Packer connects over VNC), then powers the VM off. */
function tinyIso(dir: string): string {
  const tree = join(dir, 'iso-tree', 'isolinux');
  mkdirSync(tree, { recursive: true });
  for (const file of [
    '/usr/lib/ISOLINUX/isolinux.bin',
    ...['ldlinux.c32', 'poweroff.c32', 'libcom32.c32', 'libutil.c32'].map(
      (f) => `/usr/lib/syslinux/modules/bios/${f}`,
    ),
  ]) {
    copyFileSync(file, join(tree, file.split('/').pop() ?? ''));
  }
  writeFileSync(
    join(tree, 'isolinux.cfg'),
    'DEFAULT off\nPROMPT 1\nTIMEOUT 50\nLABEL off\n  COM32 poweroff.c32\n',
  );
  const iso = join(dir, 'tiny.iso');
  execFileSync('xorriso', [
    ...['-as', 'mkisofs', '-quiet', '-o', iso, '-b', 'isolinux/isolinux.bin', '-c', 'isolinux/boot.cat'],
    ...['-no-emul-boot', '-boot-load-size', '4', '-boot-info-table', join(dir, 'iso-tree')],
  ]);
  return iso;
}

describeWithTools('immutable dev-vm with Packer, QEMU and Vagrant', () => {
  let moto: Moto;
  let workspace: string;
  let vars: string[];
  const vagrantHome = mkdtempSync(join(tmpdir(), 'vagrant-home-'));
  const savedVagrantHome = process.env.VAGRANT_HOME;

  beforeAll(async () => {
    process.env.VAGRANT_HOME = vagrantHome;
    moto = await startMoto();
    workspace = mkdtempSync(join(tmpdir(), 'dev-vm-ws-'));
    const example = readFileSync(join(REPO_ROOT, 'workflows-examples', 'packer', 'app.pkr.hcl'), 'utf8');
    const variant = example.replace(/^packer \{[\s\S]*?^\}\n/m, '');
    expect(variant).not.toContain('required_plugins');
    writeFileSync(join(workspace, 'app.pkr.hcl'), variant);
    tinyIso(workspace);
    vars = [
      'app=shop',
      'app_version=1.2.3',
      `ec2_endpoint=${moto.endpoint}`,
      'local_iso_url=tiny.iso',
      'local_boot_wait=1s',
    ];
  }, 120_000);

  afterAll(async () => {
    if (savedVagrantHome === undefined) delete process.env.VAGRANT_HOME;
    else process.env.VAGRANT_HOME = savedVagrantHome;
    await moto?.stop();
  });

  const dev = (...argv: string[]) => cliIn(workspace, 'dev-vm', ...argv);
  const varFlags = () => vars.flatMap((v) => ['--vars', v]);

  it('builds the box from the example template, adds it to Vagrant, and it carries the AMI bake hash', async () => {
    // The AMI, baked by the bundle from the same template and vars (the emulator source, into moto).
    const bake = await runAction('bake-ami', {
      inputs: { template: 'app.pkr.hcl', vars: vars.join('\n'), only: 'amazon-ebs.emulator' },
      env: { ...moto.env, GITHUB_WORKSPACE: workspace },
    });
    expect(bake.errors).toEqual([]);
    const amiId = bake.outputs['ami-id'] ?? '';
    const ec2 = (await import('@aws-sdk/client-ec2')).EC2Client;
    const client: EC2Client = new ec2({
      region: 'us-east-1',
      endpoint: moto.endpoint,
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    });
    const image = (await client.send(new DescribeImagesCommand({ ImageIds: [amiId] }))).Images?.[0];
    client.destroy();
    const amiHash = image?.Tags?.find((t) => t.Key === 'immutable:bake-hash')?.Value ?? '';
    expect(amiHash).toMatch(/^[0-9a-f]{64}$/);

    const started = performance.now();
    const run = await dev(
      'build',
      '--template',
      'app.pkr.hcl',
      '--source',
      'qemu.smoke',
      '--ami-only',
      'amazon-ebs.emulator',
      ...varFlags(),
    );
    console.log(
      `dev-vm build (Packer qemu tcg + vagrant box add): ${Math.round(performance.now() - started)} ms`,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`bake hash ${amiHash}`);

    const boxPath = join(workspace, 'boxes', 'smoke-libvirt.box');
    expect(existsSync(boxPath)).toBe(true);
    const inBox = execFileSync('tar', ['-xzOf', boxPath, 'bake-hash']).toString().trim();
    expect(inBox).toBe(amiHash);
    expect(execFileSync('tar', ['-tzf', boxPath]).toString().split('\n').sort()).toEqual(
      expect.arrayContaining(['Vagrantfile', 'bake-hash', 'box.img', 'metadata.json']),
    );

    const boxes = execFileSync('vagrant', ['box', 'list'], { env: process.env }).toString();
    const name = /^(app-[0-9a-f]{16}) \(libvirt, (0\.[0-9a-f]{16})\)$/m.exec(boxes);
    expect(name?.[2]).toBe(`0.${amiHash.slice(0, 16)}`);
    const vagrantfile = readFileSync(join(workspace, 'Vagrantfile'), 'utf8');
    expect(vagrantfile).toContain(`config.vm.box = "${name?.[1]}"`);
    expect(vagrantfile).toContain(`config.vm.box_version = "0.${amiHash.slice(0, 16)}"`);
  }, 600_000);

  it('bake-ami builds the box in the same bake as the AMI (through only) and outputs box-path', async () => {
    // As on a fresh checkout: no output directory of an earlier local build.
    rmSync(join(workspace, 'output-qemu-smoke'), { recursive: true, force: true });
    const bake = await runAction('bake-ami', {
      inputs: { template: 'app.pkr.hcl', vars: vars.join('\n'), only: 'amazon-ebs.emulator,qemu.smoke' },
      env: { ...moto.env, GITHUB_WORKSPACE: workspace },
    });
    expect(bake.errors).toEqual([]);
    const boxPath = bake.outputs['box-path'] ?? '';
    expect(boxPath).toBe(join(workspace, 'boxes', 'smoke-libvirt.box'));
    expect(bake.outputs['ami-id']).toMatch(/^ami-[0-9a-f]+$/);
    const hashLine = /Bake hash ([0-9a-f]{64})/.exec(bake.stdout)?.[1];
    expect(execFileSync('tar', ['-xzOf', boxPath, 'bake-hash']).toString().trim()).toBe(hashLine);
  }, 600_000);

  it('shows the VM and the box it runs (status), and destroys it', async () => {
    const status = await dev('status');
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/not created/);
    expect(status.stdout).toMatch(/^box: app-[0-9a-f]{16} v0\.[0-9a-f]{16} \(bake hash [0-9a-f]{16}…\)$/m);
    const destroyed = await dev('destroy');
    const libvirt = ['/var/run/libvirt/libvirt-sock', '/run/libvirt/libvirt-sock'].some((s) => existsSync(s));
    if (libvirt) expect(destroyed.code).toBe(0);
    else {
      // vagrant-libvirt cannot reach a libvirt daemon even to destroy nothing: one line saying so.
      console.log(`dev-vm destroy without libvirt: ${destroyed.stderr.trim()}`);
      expect(destroyed.code).toBe(1);
      expect(destroyed.stderr).toMatch(/^immutable: vagrant destroy failed: .+\n$/);
    }
  }, 120_000);

  it('tries vagrant up where libvirt can run', async () => {
    const libvirt = ['/var/run/libvirt/libvirt-sock', '/run/libvirt/libvirt-sock'].some((s) => existsSync(s));
    if (!libvirt) {
      console.log(
        'vagrant up skipped: no libvirt daemon here (no /run/libvirt/libvirt-sock); libvirt-daemon-system would need systemd and KVM or tcg',
      );
      return;
    }
    const up = await dev('up', '--provider', 'libvirt');
    // The smoke box has no OS to boot into: Vagrant starts the domain and then waits for an address in vain.
    expect(up.stdout).toMatch(/Creating image|Starting domain/);
    await dev('destroy');
  }, 600_000);

  it.each<[string, string[], RegExp]>([
    [
      'no local source',
      ['--template', 'ami-only.pkr.hcl'],
      /^immutable: The template .*ami-only\.pkr\.hcl has no local source \(qemu or virtualbox-iso\): nothing to build a box from\.\n$/,
    ],
    [
      'Vagrant missing',
      ['--template', 'app.pkr.hcl', '--vagrant', '/nonexistent/vagrant'],
      /^immutable: Vagrant is not installed \(\/nonexistent\/vagrant not found on PATH\): install it/,
    ],
    [
      'Packer missing',
      ['--template', 'app.pkr.hcl', '--packer', 'no-such-packer'],
      /^immutable: Invalid packer "no-such-packer": expected a Packer executable \(not found or not executable\)\.\n$/,
    ],
    [
      'a source that is not local',
      ['--template', 'app.pkr.hcl', '--source', 'amazon-ebs.app'],
      /^immutable: Invalid source "amazon-ebs.app": expected one of the template's local sources \(qemu.dev, qemu.smoke, virtualbox-iso.dev\)\.\n$/,
    ],
    [
      'a failed box build',
      ['--template', 'app.pkr.hcl', '--source', 'qemu.smoke', '--vars', 'local_iso_url=missing.iso'],
      /^immutable: The box build failed: packer build failed: .*\n$/,
    ],
  ])(
    'refuses %s in one line',
    async (_case, argv, expected) => {
      writeFileSync(
        join(workspace, 'ami-only.pkr.hcl'),
        'source "amazon-ebs" "x" {\n  region = "us-east-1"\n}\n',
      );
      const run = await dev('build', ...argv);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(expected);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    },
    300_000,
  );
});
