import type { EC2Client } from '@aws-sdk/client-ec2';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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

// The modern-Packer plugin flow (issue 14) through the bundle. This machine has only Packer 1.6.6, so
// `packer` is a recording stand-in for 1.11 (fake-packer.js): it records each call's argv and env, does
// init / plugins install in PACKER_PLUGIN_PATH, refuses to build without the plugins, and hands the build
// to the real 1.6.6 (the template minus its packer block), which bakes into moto.
const STAND_IN = join(__dirname, '..', 'fake-packer.js');
const AMAZON = 'github.com/hashicorp/amazon';

interface Call {
  argv: string[];
  env: { PACKER_PLUGIN_PATH: string | null; PACKER_GITHUB_API_TOKEN: string | null };
  installed: string[];
}

let moto: Moto;
let east: EC2Client;
let sourceAmi: string;
let mirror: Server;
let mirrorUrl: string;
const mirrorRoot = mkdtempSync(join(tmpdir(), 'plugin-mirror-'));
const home = mkdtempSync(join(tmpdir(), 'fake-packer-home-'));

beforeAll(async () => {
  moto = await startMoto();
  east = ec2In(moto, 'us-east-1');
  sourceAmi = await amazonLinux2(east);
  mirror = createServer((req, res) => {
    const path = join(mirrorRoot, decodeURIComponent(new URL(req.url ?? '/', 'http://m').pathname));
    if (!path.startsWith(mirrorRoot) || !existsSync(path)) return void res.writeHead(404).end();
    res.writeHead(200).end(readFileSync(path));
  });
  await new Promise<void>((resolve) => mirror.listen(0, '127.0.0.1', resolve));
  mirrorUrl = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}/plugins`;
});

afterAll(async () => {
  east?.destroy();
  await new Promise((resolve) => mirror?.close(resolve));
  await moto?.stop();
});

function template(constraint: string): string {
  return `packer {\n  required_plugins {\n    amazon = {\n      version = "${constraint}"\n      source  = "${AMAZON}"\n    }\n  }\n}\n\n${packerTemplate(moto, { sourceAmi })}`;
}

async function bake(
  constraint: string,
  toolCache: string,
  inputs: Record<string, string> = {},
): Promise<{ run: ActionRun; calls: Call[] }> {
  const workspace = workspaceWith({ 'app.pkr.hcl': template(constraint) });
  const log = join(workspace, 'packer-calls.jsonl');
  writeFileSync(log, '');
  const run = await runAction('bake-ami', {
    inputs: { template: 'app.pkr.hcl', vars: 'version=9.0.0', packer: STAND_IN, ...inputs },
    env: {
      ...moto.env,
      GITHUB_WORKSPACE: workspace,
      RUNNER_TOOL_CACHE: toolCache,
      FAKE_PACKER_LOG: log,
      FAKE_PACKER_REAL: 'packer',
      HOME: home,
    },
  });
  const calls = readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Call);
  return { run, calls };
}

const commandsOf = (calls: Call[]) =>
  calls.map((c) => (c.argv[0] === 'plugins' ? c.argv.slice(0, 2).join(' ') : c.argv[0]));

describe('bake-ami plugins with a modern Packer (recording stand-in)', () => {
  const toolCache = mkdtempSync(join(tmpdir(), 'tool-cache-'));

  it('runs packer init with the github-token as PACKER_GITHUB_API_TOKEN, into the tool cache, then builds', async () => {
    const { run, calls } = await bake('>= 1.3.0', toolCache, { 'github-token': 'ghs_testtoken123' });
    expect(workflowCommands(run.stdout).filter((c) => c.command === 'error')).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.outputs['ami-id']).toMatch(/^ami-[0-9a-f]+$/);
    expect(commandsOf(calls)).toEqual(['version', '--help', 'init', 'build']);

    const [init, build] = [calls[2], calls[3]];
    expect(init?.argv).toEqual(['init', 'app.pkr.hcl']);
    expect(init?.env.PACKER_GITHUB_API_TOKEN).toBe('ghs_testtoken123');
    const cacheDir = build?.env.PACKER_PLUGIN_PATH ?? '';
    expect(cacheDir).toMatch(new RegExp(`^${toolCache}/packer-plugins/[0-9a-f]{16}/${process.arch}$`));
    // init filled a staging folder beside it, moved into place before the build.
    expect(init?.env.PACKER_PLUGIN_PATH).toMatch(new RegExp(`^${cacheDir}\\.staging-`));
    expect(build?.env.PACKER_GITHUB_API_TOKEN).toBe('ghs_testtoken123');
    expect(build?.installed).toEqual([
      `${AMAZON.replace(/\//g, '/')}/packer-plugin-amazon_v1.3.3_x5.0_linux_amd64`,
    ]);
    expect(existsSync(`${cacheDir}.complete`)).toBe(true);
    expect(workflowCommands(run.stdout)).toContainEqual({ command: 'add-mask', data: 'ghs_testtoken123' });
    expect(run.stdout).toContain(`Plugins cached in ${cacheDir}.`);
  });

  it('takes the plugins from the tool cache on the next bake with the same constraints: no packer init', async () => {
    const { run, calls } = await bake('>= 1.3.0', toolCache);
    expect(run.exitCode).toBe(0);
    expect(commandsOf(calls)).toEqual(['version', '--help', 'build']);
    expect(calls[2]?.env.PACKER_PLUGIN_PATH).toMatch(new RegExp(`^${toolCache}/packer-plugins/`));
    expect(calls[2]?.env.PACKER_GITHUB_API_TOKEN).toBeNull();
    expect(run.stdout).toContain('packer init skipped');
  });

  it('runs packer init again, into another cache entry, when the constraints change', async () => {
    const first = await bake('>= 1.3.0', toolCache);
    const { run, calls } = await bake('>= 1.3.1', toolCache);
    expect(run.exitCode).toBe(0);
    expect(commandsOf(calls)).toEqual(['version', '--help', 'init', 'build']);
    expect(calls[3]?.env.PACKER_PLUGIN_PATH).not.toBe(first.calls[2]?.env.PACKER_PLUGIN_PATH);
  });

  describe('a private plugin mirror', () => {
    const where = join(mirrorRoot, 'plugins', AMAZON);
    const zipName = 'packer-plugin-amazon_v1.3.4_x5.0_linux_amd64.zip';
    const sumsPath = join(where, '1.3.4', 'packer-plugin-amazon_v1.3.4_SHA256SUMS');
    let zipSha = '';
    beforeAll(() => {
      mkdirSync(join(where, '1.3.4'), { recursive: true });
      writeFileSync(join(where, 'index.json'), JSON.stringify({ versions: ['1.2.0', '1.3.4', '2.0.0'] }));
      const staging = mkdtempSync(join(tmpdir(), 'plugin-zip-'));
      writeFileSync(
        join(staging, 'packer-plugin-amazon_v1.3.4_x5.0_linux_amd64'),
        '#!/bin/sh\necho mirror\n',
      );
      execFileSync(
        'zip',
        ['-q', join(where, '1.3.4', zipName), 'packer-plugin-amazon_v1.3.4_x5.0_linux_amd64'],
        {
          cwd: staging,
        },
      );
      zipSha = createHash('sha256')
        .update(readFileSync(join(where, '1.3.4', zipName)))
        .digest('hex');
    });

    it('verifies the zip against SHA256SUMS and installs it with packer plugins install --path: no init', async () => {
      writeFileSync(
        sumsPath,
        `${'0'.repeat(64)}  packer-plugin-amazon_v1.3.4_x5.0_darwin_arm64.zip\n${zipSha}  ${zipName}\n`,
      );
      const cache = mkdtempSync(join(tmpdir(), 'tool-cache-'));
      const { run, calls } = await bake('~> 1.3', cache, { 'plugin-mirror-url': mirrorUrl });
      expect(workflowCommands(run.stdout).filter((c) => c.command === 'error')).toEqual([]);
      expect(run.exitCode).toBe(0);
      expect(commandsOf(calls)).toEqual(['version', '--help', 'plugins install', 'build']);
      const install = calls[2]?.argv ?? [];
      expect(install.slice(0, 3)).toEqual(['plugins', 'install', '--path']);
      expect(install[3]).toMatch(/\/packer-plugin-amazon_v1\.3\.4_x5\.0_linux_amd64$/);
      expect(install[4]).toBe(AMAZON);
      expect(calls[3]?.installed).toEqual([`${AMAZON}/packer-plugin-amazon_v1.3.4_x5.0_linux_amd64`]);
      expect(run.stdout).toContain(`Verified ${zipName} from the plugin mirror (SHA-256 ${zipSha}).`);
      expect(run.outputs['ami-id']).toMatch(/^ami-[0-9a-f]+$/);
    });

    it('refuses a zip whose SHA-256 differs from SHA256SUMS in one line: nothing installed, cached or baked', async () => {
      writeFileSync(sumsPath, `${'ab'.repeat(32)}  ${zipName}\n`);
      const cache = mkdtempSync(join(tmpdir(), 'tool-cache-'));
      const before = (await ownImages(east)).length;
      const { run, calls } = await bake('~> 1.3', cache, { 'plugin-mirror-url': mirrorUrl });
      expect(run.exitCode).toBe(1);
      expect(run.errors).toEqual([
        `Refusing ${zipName}: SHA-256 mismatch, expected ${'ab'.repeat(32)} (from packer-plugin-amazon_v1.3.4_SHA256SUMS) but the download is ${zipSha}.`,
      ]);
      expect(commandsOf(calls)).toEqual(['version', '--help']);
      expect(existsSync(join(cache, 'packer-plugins'))).toBe(true);
      expect(execFileSync('find', [join(cache, 'packer-plugins'), '-name', '*.complete']).toString()).toBe(
        '',
      );
      expect((await ownImages(east)).length).toBe(before);
    });

    it('says which versions the mirror has when none matches', async () => {
      const { run } = await bake('>= 3.0', mkdtempSync(join(tmpdir(), 'tool-cache-')), {
        'plugin-mirror-url': mirrorUrl,
      });
      expect(run.exitCode).toBe(1);
      expect(run.errors).toEqual([
        `The plugin mirror has no ${AMAZON} matching ">= 3.0" (it has: 1.2.0, 1.3.4, 2.0.0).`,
      ]);
    });
  });
});
