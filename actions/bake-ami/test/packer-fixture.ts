import { DescribeImagesCommand, EC2Client, type Image, type Tag } from '@aws-sdk/client-ec2';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Moto } from '@immutable-actions/test-support';

export interface TemplateSpec {
  sourceAmi: string;
  /** Extra regions Packer copies the AMI to. */
  amiRegions?: string[];
  /** Adds a manifest post-processor writing this path (relative to Packer's working directory). */
  manifest?: string;
  /** Adds a shell-local provisioner that sleeps this many seconds while the builder instance runs. */
  sleepSeconds?: number;
  /** Raw HCL added at the top level (variables) and inside the build block (provisioners, post-processors). */
  topLevel?: string;
  inBuild?: string;
}

/**
 * An amazon-ebs template that Packer 1.6.6 can bake against moto: no communicator, the EC2 endpoint pointed
 * at the emulator, no region or metadata checks. Credentials come from the environment (moto.env).
 */
export function packerTemplate(moto: Moto, spec: TemplateSpec): string {
  const regions = spec.amiRegions?.length
    ? `  ami_regions             = [${spec.amiRegions.map((r) => JSON.stringify(r)).join(', ')}]\n`
    : '';
  const provisioner = spec.sleepSeconds
    ? `  provisioner "shell-local" {\n    inline = ["sleep ${spec.sleepSeconds}"]\n  }\n`
    : '';
  const manifest = spec.manifest
    ? `  post-processor "manifest" {\n    output = ${JSON.stringify(spec.manifest)}\n  }\n`
    : '';
  return `variable "version" {
  type = string
}

variable "db_password" {
  type    = string
  default = ""
}

source "amazon-ebs" "app" {
  region                  = "us-east-1"
  source_ami              = "${spec.sourceAmi}"
  instance_type           = "t3.micro"
  ami_name                = "shop-\${var.version}-\${uuidv4()}"
  communicator            = "none"
  custom_endpoint_ec2     = "${moto.endpoint}"
  skip_region_validation  = true
  skip_metadata_api_check = true
${regions}}

${spec.topLevel ?? ''}
build {
  sources = ["source.amazon-ebs.app"]
${provisioner}${spec.inBuild ?? ''}${manifest}}
`;
}

/** A fresh GITHUB_WORKSPACE holding the given files. */
export function workspaceWith(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'bake-ami-ws-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text);
  return root;
}

export function ec2In(moto: Moto, region: string): EC2Client {
  // One attempt: a 500 from moto means "not emulated", never something to retry past.
  return new EC2Client({
    region,
    endpoint: moto.endpoint,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    maxAttempts: 1,
  });
}

/** A public Amazon Linux 2 image from moto's catalogue, as the source of every bake. */
export async function amazonLinux2(ec2: EC2Client): Promise<string> {
  const result = await ec2.send(
    new DescribeImagesCommand({
      Owners: ['amazon'],
      Filters: [{ Name: 'name', Values: ['amzn2-ami-hvm-*'] }],
    }),
  );
  const id = result.Images?.find((image) => image.ImageId)?.ImageId;
  if (!id) throw new Error('moto has no amzn2-ami-hvm-* image');
  return id;
}

export async function ownImages(ec2: EC2Client): Promise<Image[]> {
  return (await ec2.send(new DescribeImagesCommand({ Owners: ['self'] }))).Images ?? [];
}

export function tagMap(tags: Tag[] | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
}

export interface WorkflowCommand {
  command: string;
  data: string;
}

/**
 * Reads a step's stdout as the runner does: a line starting with `::` (after leading blanks) is a command,
 * except inside a `::stop-commands::<token>` block, which only the `::<token>::` line ends. CR also ends a line.
 */
export function workflowCommands(stdout: string): WorkflowCommand[] {
  const commands: WorkflowCommand[] = [];
  let stopToken: string | undefined;
  for (const raw of stdout.split(/\r\n|\r|\n/)) {
    const line = raw.trim();
    if (stopToken !== undefined) {
      if (line === `::${stopToken}::`) stopToken = undefined;
      continue;
    }
    const match =
      /^::([A-Za-z-]+)(?: [^:]*)?::(.*)$/.exec(line) ?? /^##\[([A-Za-z-]+)[^\]]*\](.*)$/.exec(line);
    if (!match?.[1]) continue;
    if (match[1] === 'stop-commands') stopToken = match[2];
    else commands.push({ command: match[1], data: match[2] ?? '' });
  }
  return commands;
}
