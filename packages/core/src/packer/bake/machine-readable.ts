/**
 * Packer's `-machine-readable` stream: `timestamp,target,type,data...`, where data fields escape commas as
 * `%!(PACKER_COMMA)` and newlines as a literal `\n`.
 */
export interface MachineReadableLine {
  timestamp: number;
  target: string;
  type: string;
  data: string[];
}

export interface AmiArtifact {
  /** The build that made it, e.g. `amazon-ebs.app`. */
  build: string;
  region: string;
  amiId: string;
}

/** What the stream said, as the bake needs it. */
export interface PackerReport {
  artifacts: AmiArtifact[];
  /** Packer's own error lines, most specific first: the builds' final errors, else its `ui,error` lines. */
  errors: string[];
  version?: string;
  /** Vagrant boxes the vagrant post-processor wrote (paths as Packer printed them), with their provider. */
  boxes: { build: string; provider: string; path: string }[];
}

const VAGRANT_POST_PROCESSOR = 'mitchellh.post-processor.vagrant';

const REGION_AMI = /^([a-z]{2}(?:-[a-z]+)+-\d+):(ami-[0-9a-f]+)$/;
// Headers Packer prints around the real errors; they say nothing on their own.
const ERROR_NOISE = [/^=+> Some builds didn't complete successfully and had errors:$/];

export function unescapePackerField(field: string): string {
  return field
    .replace(/%!\(PACKER_COMMA\)/g, ',')
    .replace(/\\n/g, '\n')
    .replace(/\\r/g, '\r');
}

/** One line, or undefined when it is not machine-readable (a plugin's stray output, a crash trace). */
export function parseMachineReadableLine(line: string): MachineReadableLine | undefined {
  const match = /^(\d+),([^,]*),([^,]+)(?:,(.*))?$/.exec(line.replace(/\r$/, ''));
  if (!match?.[1] || !match[3]) return undefined;
  const rest = match[4];
  return {
    timestamp: Number(match[1]),
    target: match[2] ?? '',
    type: match[3],
    data: rest === undefined ? [] : rest.split(',').map(unescapePackerField),
  };
}

/** Splits an artifact id such as `us-east-1:ami-1,us-west-2:ami-2` (ami_regions copies) into its AMIs. */
export function parseAmiArtifactId(build: string, id: string): AmiArtifact[] {
  const artifacts: AmiArtifact[] = [];
  for (const part of id.split(',')) {
    const match = REGION_AMI.exec(part.trim());
    if (match?.[1] && match[2]) artifacts.push({ build, region: match[1], amiId: match[2] });
  }
  return artifacts;
}

/**
 * Collects a report from the stream line by line and hands human-readable text to `onText` as it comes.
 * Pure: feed it lines (a test, a saved log, a live process) and read `report()`.
 */
export class MachineReadableCollector {
  private readonly artifacts = new Map<string, AmiArtifact>();
  private readonly uiErrors: string[] = [];
  private readonly buildErrors: string[] = [];
  private readonly strayLines: string[] = [];
  private version: string | undefined;
  /** `<target>,<index>` → what the artifact lines said so far. */
  private readonly artifactParts = new Map<string, { builderId?: string; id?: string; files: string[] }>();

  constructor(private readonly onText: (text: string, kind: 'say' | 'message' | 'error' | 'other') => void) {}

  push(line: string): void {
    if (line.trim() === '') return;
    const parsed = parseMachineReadableLine(line);
    if (!parsed) {
      this.strayLines.push(line);
      this.onText(line, 'other');
      return;
    }
    const [first, second, third] = parsed.data;
    switch (parsed.type) {
      case 'ui': {
        const text = parsed.data.slice(1).join(',');
        if (first === 'error') {
          this.onText(text, 'error');
          const trimmed = text.trim();
          if (trimmed && !ERROR_NOISE.some((noise) => noise.test(trimmed))) this.uiErrors.push(trimmed);
        } else if (first === 'say' || first === 'message') {
          this.onText(text, first);
        }
        return;
      }
      case 'artifact': {
        const key = `${parsed.target},${first ?? ''}`;
        const part = this.artifactParts.get(key) ?? { files: [] };
        if (second === 'builder-id' && third !== undefined) part.builderId = third;
        if (second === 'id' && third !== undefined) part.id = third;
        if (second === 'file' && parsed.data[3] !== undefined) part.files.push(parsed.data[3]);
        this.artifactParts.set(key, part);
        // Every post-processor repeats the builder's artifact under a new index: keep each AMI once.
        if (second === 'id' && third !== undefined) {
          for (const artifact of parseAmiArtifactId(parsed.target, third)) {
            this.artifacts.set(`${artifact.region}:${artifact.amiId}`, artifact);
          }
        }
        return;
      }
      case 'error':
        if (parsed.target && first !== undefined) this.buildErrors.push(`${parsed.target}: ${first.trim()}`);
        return;
      case 'version':
        if (first) this.version = first;
        return;
      default:
        return;
    }
  }

  report(): PackerReport {
    const errors = this.buildErrors.length > 0 ? this.buildErrors : this.uiErrors;
    const boxes = [...this.artifactParts.entries()].flatMap(([key, part]) =>
      part.builderId === VAGRANT_POST_PROCESSOR
        ? part.files
            .filter((file) => file.endsWith('.box'))
            .map((path) => ({ build: key.slice(0, key.lastIndexOf(',')), provider: part.id ?? '', path }))
        : [],
    );
    return {
      artifacts: [...this.artifacts.values()],
      boxes,
      errors: [...new Set(errors)],
      ...(this.version !== undefined ? { version: this.version } : {}),
    };
  }

  /** Lines that were not machine-readable, for a failure that printed no `ui,error` (a crash, a bad flag). */
  stray(): string[] {
    return [...this.strayLines];
  }
}

/** Feeds a whole captured output through a collector, for tests and for short commands. */
export function parseMachineReadable(output: string): PackerReport {
  const collector = new MachineReadableCollector(() => {});
  for (const line of output.split('\n')) collector.push(line);
  return collector.report();
}
