import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseXML as sdkParseXML } from '@aws-sdk/xml-builder';
import { parseXML } from '../../src/aws/xml-parser';

/** What a parser gives for a text: its value, own keys included (`__proto__` as data), or its error. */
function outcome(parse: (xml: string) => unknown, xml: string): unknown {
  try {
    return { value: parse(xml) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

function expectSameAsSdk(xml: string): void {
  const ours = outcome(parseXML, xml);
  const sdk = outcome(sdkParseXML, xml);
  // toStrictEqual sees own keys and undefined values, and arrays against objects.
  expect({ xml, ...(ours as object) }).toStrictEqual({ xml, ...(sdk as object) });
}

// The shapes of the answers a deploy reads: Query protocol, namespaces, lists of members, empty elements.
const AWS_ANSWERS = [
  `<?xml version="1.0" encoding="UTF-8"?>
<DescribeAutoScalingGroupsResponse xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/">
  <DescribeAutoScalingGroupsResult>
    <AutoScalingGroups>
      <member>
        <AutoScalingGroupName>shop-v001</AutoScalingGroupName>
        <Tags>
          <member><Key>immutable:state</Key><Value>serving</Value><PropagateAtLaunch>false</PropagateAtLaunch></member>
          <member><Key>note</Key><Value>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#x41;&#66;</Value></member>
          <member><Key>empty</Key><Value></Value></member>
          <member><Key>self-closed</Key><Value/></member>
        </Tags>
        <Instances/>
        <DesiredCapacity>3</DesiredCapacity>
      </member>
    </AutoScalingGroups>
  </DescribeAutoScalingGroupsResult>
  <ResponseMetadata><RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId></ResponseMetadata>
</DescribeAutoScalingGroupsResponse>`,
  `<DescribeLaunchTemplatesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">\r\n<requestId>1</requestId>\r\n<launchTemplates>\r\n<item><launchTemplateName>immutable-lock-shop</launchTemplateName><tagSet><item><key>holder</key><value>acme/shop#4242/deploy/1/ab12</value></item></tagSet></item>\r\n</launchTemplates></DescribeLaunchTemplatesResponse>`,
  `<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code><Message>AutoScalingGroup name not found - shop-v009</Message></Error><RequestId>x</RequestId></ErrorResponse>`,
  `<Response><Errors><Error><Code>InvalidAMIID.NotFound</Code><Message>The image id '[ami-1]' does not exist</Message></Error></Errors><RequestID>y</RequestID></Response>`,
  `<!-- a comment --><!DOCTYPE note [<!ENTITY x "y">]><a><![CDATA[<not a tag> &amp;]]> tail</a>`,
  `<a attr="1" other='two &amp; three'><b x="y"/>text<!-- c --><?pi x?>more</a>`,
];

// Everything the SDK's parser branches on: names, both quotes, entities, CDATA, comments, processing
// instructions, doctypes, whitespace with and without line breaks, prototype names, and what breaks them.
const PIECES = [
  '<',
  '>',
  '/',
  '</',
  '/>',
  '=',
  '"',
  "'",
  ' ',
  '\n',
  '\r\n',
  '\r',
  '\t',
  'a',
  'b',
  'member',
  'Key',
  '__proto__',
  'toString',
  '#text',
  'x="1"',
  "y='2'",
  '&amp;',
  '&lt;',
  '&#65;',
  '&#x42;',
  '&bogus;',
  '&constructor;',
  '&',
  '<![CDATA[',
  ']]>',
  '<!--',
  '-->',
  '<?',
  '?>',
  '<!DOCTYPE',
  '<!doctype',
  '[',
  ']',
  'İ',
  '💡',
  '<a>',
  '</a>',
  '<b>',
  '</b>',
  '<a/>',
  '<member>',
  '</member>',
  '<__proto__>',
  '</__proto__>',
];

/** A seeded generator (mulberry32), so that a failure names an input that can be run again. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Well-formed XML of random shape: repeated and empty children, attributes, text between elements. */
function element(next: () => number, depth: number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const name = pick(['a', 'b', 'member', 'item', '__proto__', 'toString', 'Value']);
  const attrs = next() < 0.3 ? ` ${pick(['x', 'y', '__proto__'])}=${pick(['"1"', "'&amp;2'", '""'])}` : '';
  if (depth > 3 || next() < 0.2) return next() < 0.5 ? `<${name}${attrs}/>` : `<${name}${attrs}></${name}>`;
  const parts: string[] = [];
  const count = Math.floor(next() * 4);
  for (let k = 0; k < count; k++) {
    parts.push(
      pick(['\n  ', ' ', 'text', ' a &amp; b ', '<!-- c -->', '<![CDATA[ <x> ]]>', '']),
      element(next, depth + 1),
    );
  }
  if (next() < 0.5) parts.push(pick(['\n', 'tail', '&#x263A;', '  ']));
  return `<${name}${attrs}>${parts.join('')}</${name}>`;
}

describe('parseXML (the bundles’ stand-in for @aws-sdk/xml-builder)', () => {
  it.each(AWS_ANSWERS.map((xml, index) => [index, xml]))('reads AWS answer %i as the SDK does', (_, xml) =>
    expectSameAsSdk(xml),
  );

  it('reads 2,000 generated documents as the SDK does', () => {
    const next = random(16);
    for (let k = 0; k < 2000; k++) expectSameAsSdk(`<?xml version="1.0"?>\n${element(next, 0)}\n`);
  });

  it('fails where the SDK fails, with its message, on 5,000 generated fragments', () => {
    const next = random(1016);
    let errors = 0;
    for (let k = 0; k < 5000; k++) {
      const length = 1 + Math.floor(next() * 14);
      const xml = Array.from({ length }, () => PIECES[Math.floor(next() * PIECES.length)]).join('');
      expectSameAsSdk(xml);
      if ('error' in (outcome(sdkParseXML, xml) as object)) errors++;
    }
    // Both branches are exercised: most fragments are malformed, some are not.
    expect(errors).toBeGreaterThan(1000);
    expect(errors).toBeLessThan(5000);
  });

  it('fails where the SDK fails on truncated and mutated AWS answers', () => {
    const next = random(7);
    for (const xml of AWS_ANSWERS) {
      for (let cut = 0; cut <= xml.length; cut += 7) expectSameAsSdk(xml.slice(0, cut));
      for (let k = 0; k < 200; k++) {
        const at = Math.floor(next() * xml.length);
        const piece = PIECES[Math.floor(next() * PIECES.length)] ?? '';
        expectSameAsSdk(xml.slice(0, at) + piece + xml.slice(at + Math.floor(next() * 3)));
      }
    }
  });
});

describe('the bundles', () => {
  it('parse with this parser, not the SDK’s', () => {
    const dist = join(__dirname, '..', '..', '..', '..', 'dist');
    const sdks = readdirSync(dist)
      .map((action) => join(dist, action, 'sdk.js'))
      .filter((file) => existsSync(file));
    expect(sdks.length).toBeGreaterThan(0);
    for (const file of sdks) {
      const text = readFileSync(file, 'utf8');
      expect(text).not.toContain('class AwsXmlParser');
      expect(text).toContain('"@aws-sdk XML parse error: unexpected content."');
    }
  });
});
