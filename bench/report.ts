import type { BundleResult } from './bundle';
import type { ColdStart } from './cold-start';
import type { SizeResult } from './deploy';
import type { ManualResult } from './manual';
import type { PollerCase } from './poller';
import type { BakeResult, SetupPackerResult } from './tools';
import type { Machine, Row } from './util';

export interface Results {
  mode: 'quick' | 'full';
  date: string;
  machine: Machine;
  poller?: PollerCase[];
  coldStart?: ColdStart[];
  /** Bare `node -e` to its first byte: the start no bundle can beat. */
  nodeFloorMs?: number;
  /** The same without this machine's extra CA file (NODE_EXTRA_CA_CERTS), which node parses at every start. */
  nodeFloorWithoutMachineEnvMs?: number;
  /** The 3-instance red/black bundle deploy without it (median). */
  bundleWithoutMachineEnvMs?: number;
  deploy?: SizeResult[];
  manual?: ManualResult;
  bundle?: BundleResult[];
  setupPacker?: SetupPackerResult;
  bake?: BakeResult;
  rows: Row[];
  errors: string[];
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function table(header: string[], body: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...body.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n');
}

/** The main table, then calls by operation at each size, for the deploys and the rollback. */
export function renderMarkdown(results: Results, elapsedMs: number): string {
  const m = results.machine;
  const lines = [
    `## Benchmark (${results.mode}), ${results.date}`,
    '',
    `Machine: ${m.os}, ${m.cpu}, ${m.cores} cores, Node ${m.node} (host ${m.host}, load average ${m.load} at start). Bench took ${(elapsedMs / 1000).toFixed(0)} s.`,
    '',
    table(
      ['Section', 'Measure', 'Value', 'Target', 'Result'],
      results.rows.map((r) => [
        r.section,
        r.measure,
        r.note ? `${r.value} (${r.note})` : r.value,
        r.target ?? '',
        r.pass === undefined ? '' : r.pass ? 'pass' : '**FAIL**',
      ]),
    ),
  ];
  const deploys = results.deploy ?? [];
  if (deploys.length) {
    const sizes = deploys.map((d) => d.instances);
    for (const [title, pick] of [
      ['First deploy (empty cluster)', (d: SizeResult) => d.first],
      ['Red/black deploy', (d: SizeResult) => d.redBlack],
      ['Rollback', (d: SizeResult) => d.rollback],
    ] as const) {
      const operations = [...new Set(deploys.flatMap((d) => Object.keys(pick(d).calls)))].sort();
      lines.push(
        '',
        `### ${title}: AWS calls at the wire, by instance count`,
        '',
        table(
          ['Operation', ...sizes.map(String)],
          [
            ...operations.map((op) => [op, ...deploys.map((d) => String(pick(d).calls[op] ?? 0))]),
            ['**total**', ...deploys.map((d) => String(pick(d).total))],
            ['wall time', ...deploys.map((d) => `${Math.round(pick(d).wallMs)} ms`)],
            [
              'waiting (slept / wall)',
              ...deploys.map((d) => `${((100 * pick(d).sleptMs) / pick(d).wallMs).toFixed(1)}%`),
            ],
          ],
        ),
      );
    }
  }
  const bundled = results.bundle ?? [];
  if (bundled.length) {
    const sizes = bundled.map((b) => b.instances);
    const operations = [...new Set(bundled.flatMap((b) => Object.keys(b.calls)))].sort();
    lines.push(
      '',
      '### Deploy bundle (process), red/black: AWS calls at the wire, by instance count',
      '',
      table(
        ['Operation', ...sizes.map(String)],
        [
          ...operations.map((op) => [op, ...bundled.map((b) => String(b.calls[op] ?? 0))]),
          ['**total**', ...bundled.map((b) => String(b.total))],
          ['round trips', ...bundled.map((b) => String(b.split.roundTrips))],
          ['wall time', ...bundled.map((b) => `${Math.round(b.wallMs)} ms`)],
        ],
      ),
    );
    const first = bundled[0];
    if (first) {
      lines.push(
        '',
        `### Deploy bundle (process), ${first.instances} instances: each call, from spawn (ms)`,
        '',
        table(
          ['Starts at', 'Takes', 'Operation'],
          first.timeline.map((t) => [
            String(Math.round(t.startedMs)),
            `${t.durationMs.toFixed(1)}${t.answeredHere ? ' (proxy)' : ''}`,
            t.key,
          ]),
        ),
      );
    }
  }
  if (results.errors.length) lines.push('', '### Bench errors', '', ...results.errors.map((e) => `- ${e}`));
  return `${lines.join('\n')}\n`;
}
