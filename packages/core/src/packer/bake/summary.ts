import type { BakeResult } from './bake';

export function amiConsoleUrl(region: string, amiId: string): string {
  return `https://${region}.console.aws.amazon.com/ec2/home?region=${region}#ImageDetails:imageId=${amiId}`;
}

/** The job summary: each AMI linked to the console, whether it was baked or reused, and the bake hash. */
export function bakeSummary(result: BakeResult, links: { runUrl?: string | undefined } = {}): string {
  const rows = Object.entries(result.amis)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([region, ami]) => `| ${region} | [${ami}](${amiConsoleUrl(region, ami)}) |`);
  const how = result.reused
    ? 'Reused an earlier bake with the same bake hash: Packer did not run.'
    : `Baked with Packer ${result.packerVersion}.`;
  return [
    `### bake-ami: ${result.amiId}`,
    '',
    how,
    '',
    '| Region | AMI |',
    '| --- | --- |',
    ...rows,
    '',
    `Bake hash: \`${result.bakeHash}\``,
    ...(result.manifest ? ['', `Manifest: \`${result.manifest}\``] : []),
    ...(links.runUrl ? ['', `Run: [${links.runUrl}](${links.runUrl})`] : []),
    '',
  ].join('\n');
}
