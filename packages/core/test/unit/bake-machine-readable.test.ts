import {
  MachineReadableCollector,
  parseAmiArtifactId,
  parseMachineReadable,
  parseMachineReadableLine,
  unescapePackerField,
} from '../../src/packer/bake/machine-readable';

// Captured from Packer 1.6.6 (amazon-ebs against moto, ami_regions = ["us-west-2"], a manifest post-processor).
const MULTI_REGION_BUILD = String.raw`1795560637,,ui,say,==> amazon-ebs.app: Prevalidating AMI Name: shop-2-1795560637
1795560639,,ui,message,    amazon-ebs.app: Found Image ID: ami-0397ca8b680a9745f
1795560639,,ui,say,==> amazon-ebs.app: No volumes to clean up%!(PACKER_COMMA) skipping
1795560640,,ui,say,\n==> Builds finished. The artifacts of successful builds are:
1795560640,amazon-ebs.app,artifact-count,2
1795560640,amazon-ebs.app,artifact,0,builder-id,mitchellh.amazonebs
1795560640,amazon-ebs.app,artifact,0,id,us-east-1:ami-86ba38a13c46d5aac%!(PACKER_COMMA)us-west-2:ami-d88fe35554cdbba87
1795560640,amazon-ebs.app,artifact,0,string,AMIs were created:\nus-east-1: ami-86ba38a13c46d5aac\nus-west-2: ami-d88fe35554cdbba87\n
1795560640,amazon-ebs.app,artifact,0,files-count,0
1795560640,amazon-ebs.app,artifact,0,end
1795560640,,ui,say,--> amazon-ebs.app: AMIs were created:\nus-east-1: ami-86ba38a13c46d5aac\nus-west-2: ami-d88fe35554cdbba87\n
1795560640,amazon-ebs.app,artifact,1,builder-id,mitchellh.amazonebs
1795560640,amazon-ebs.app,artifact,1,id,us-east-1:ami-86ba38a13c46d5aac%!(PACKER_COMMA)us-west-2:ami-d88fe35554cdbba87
1795560640,amazon-ebs.app,artifact,1,end`;

const SOURCE_AMI_MISSING = String.raw`1795560646,,ui,say,==> amazon-ebs.app: Prevalidating any provided VPC information
1795560646,,ui,error,==> amazon-ebs.app: Error querying AMI: InvalidAMIID.NotFound: The image id '[ami-0000000000deadbee]' does not exist\n==> amazon-ebs.app: 	status code: 400%!(PACKER_COMMA) request id: request-id
1795560646,,ui,error,Build 'amazon-ebs.app' errored after 62 milliseconds 932 microseconds: Error querying AMI: InvalidAMIID.NotFound: The image id '[ami-0000000000deadbee]' does not exist\n	status code: 400%!(PACKER_COMMA) request id: request-id
1795560646,,error-count,1
1795560646,,ui,error,\n==> Some builds didn't complete successfully and had errors:
1795560646,amazon-ebs.app,error,Error querying AMI: InvalidAMIID.NotFound: The image id '[ami-0000000000deadbee]' does not exist\n	status code: 400%!(PACKER_COMMA) request id: request-id
1795560646,,ui,error,--> amazon-ebs.app: Error querying AMI: InvalidAMIID.NotFound: The image id '[ami-0000000000deadbee]' does not exist\n	status code: 400%!(PACKER_COMMA) request id: request-id
1795560646,,ui,say,\n==> Builds finished but no artifacts were created.`;

const BROKEN_TEMPLATE = String.raw`1795560645,,ui,error,Error: Invalid expression\n\n  on broken.pkr.hcl line 1%!(PACKER_COMMA) in source "amazon-ebs" "x":\n   1: source "amazon-ebs" "x" { region = \n\nExpected the start of an expression%!(PACKER_COMMA) but found an invalid expression token.\n\n`;

describe('Packer machine-readable lines', () => {
  it('splits timestamp, target, type and data', () => {
    expect(
      parseMachineReadableLine('1795560640,amazon-ebs.app,artifact,0,builder-id,mitchellh.amazonebs'),
    ).toEqual({
      timestamp: 1795560640,
      target: 'amazon-ebs.app',
      type: 'artifact',
      data: ['0', 'builder-id', 'mitchellh.amazonebs'],
    });
  });

  it('unescapes commas and newlines inside a field', () => {
    expect(unescapePackerField(String.raw`a%!(PACKER_COMMA) b\nc\r`)).toBe('a, b\nc\r');
    expect(parseMachineReadableLine(String.raw`1,,ui,say,one%!(PACKER_COMMA) two\nthree`)?.data).toEqual([
      'say',
      'one, two\nthree',
    ]);
  });

  it('rejects lines that are not machine-readable', () => {
    expect(parseMachineReadableLine('panic: runtime error')).toBeUndefined();
    expect(parseMachineReadableLine('')).toBeUndefined();
  });

  it('splits a multi-region artifact id and ignores ids that are not AMIs', () => {
    expect(parseAmiArtifactId('b', 'us-east-1:ami-1a,eu-west-1:ami-2b')).toEqual([
      { build: 'b', region: 'us-east-1', amiId: 'ami-1a' },
      { build: 'b', region: 'eu-west-1', amiId: 'ami-2b' },
    ]);
    expect(parseAmiArtifactId('docker.app', 'sha256:0123')).toEqual([]);
  });
});

describe('collecting a Packer build', () => {
  it('de-duplicates the artifact the manifest post-processor repeats and keeps both regions', () => {
    const report = parseMachineReadable(MULTI_REGION_BUILD);
    expect(report.artifacts).toEqual([
      { build: 'amazon-ebs.app', region: 'us-east-1', amiId: 'ami-86ba38a13c46d5aac' },
      { build: 'amazon-ebs.app', region: 'us-west-2', amiId: 'ami-d88fe35554cdbba87' },
    ]);
    expect(report.errors).toEqual([]);
  });

  it('keeps AMIs of different builds apart', () => {
    const report = parseMachineReadable(
      [
        '1,amazon-ebs.app,artifact,0,id,us-east-1:ami-aa',
        '1,amazon-ebs.worker,artifact,0,id,us-east-1:ami-bb',
      ].join('\n'),
    );
    expect(report.artifacts.map((a) => `${a.build}=${a.amiId}`)).toEqual([
      'amazon-ebs.app=ami-aa',
      'amazon-ebs.worker=ami-bb',
    ]);
  });

  it('forwards say and message text, unescaped, in order', () => {
    const texts: string[] = [];
    const collector = new MachineReadableCollector((text, kind) => texts.push(`${kind}:${text}`));
    for (const line of MULTI_REGION_BUILD.split('\n').slice(0, 4)) collector.push(line);
    expect(texts).toEqual([
      'say:==> amazon-ebs.app: Prevalidating AMI Name: shop-2-1795560637',
      'message:    amazon-ebs.app: Found Image ID: ami-0397ca8b680a9745f',
      'say:==> amazon-ebs.app: No volumes to clean up, skipping',
      'say:\n==> Builds finished. The artifacts of successful builds are:',
    ]);
  });

  it("prefers the builds' final error lines over the ui noise around them", () => {
    const report = parseMachineReadable(SOURCE_AMI_MISSING);
    expect(report.artifacts).toEqual([]);
    expect(report.errors).toEqual([
      "amazon-ebs.app: Error querying AMI: InvalidAMIID.NotFound: The image id '[ami-0000000000deadbee]' does not exist\n\tstatus code: 400, request id: request-id",
    ]);
  });

  it('uses ui,error lines when no build got to run (a template that does not parse)', () => {
    const report = parseMachineReadable(BROKEN_TEMPLATE);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatch(
      /^Error: Invalid expression\n\n {2}on broken\.pkr\.hcl line 1, in source/,
    );
    expect(report.errors[0]).toContain(
      'Expected the start of an expression, but found an invalid expression token.',
    );
  });

  it('reads the version from `packer version -machine-readable`', () => {
    expect(
      parseMachineReadable('1,,version,1.6.6\n1,,version-prelease,\n1,,ui,say,Packer v1.6.6').version,
    ).toBe('1.6.6');
  });

  it('keeps stray lines for failures Packer did not put into words', () => {
    const collector = new MachineReadableCollector(() => {});
    collector.push('panic: boom');
    collector.push('1,,ui,say,fine');
    expect(collector.stray()).toEqual(['panic: boom']);
  });
});
