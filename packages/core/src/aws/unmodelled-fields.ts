/**
 * The SDK drops every XML element its model does not know, so a group field AWS added after this SDK was
 * built would never reach readGroupSpec, which refuses unknown fields: it would be dropped silently. These
 * two middlewares keep them: the inner one reads DescribeAutoScalingGroups' raw answer before the SDK parses
 * it, and the outer one adds each group's unmodelled, non-empty elements to the parsed group under their
 * own name (their text as it came), where readGroupSpec sees them.
 */

const OPERATION = 'DescribeAutoScalingGroupsCommand';
const RAW_FIELDS = Symbol('immutableRawGroupFields');

interface MiddlewareStack {
  add(middleware: unknown, options: { step: 'initialize'; name: string }): void;
  addRelativeTo(
    middleware: unknown,
    options: { relation: 'after'; toMiddleware: string; name: string },
  ): void;
}

type Context = { commandName?: string; [RAW_FIELDS]?: Map<string, string>[] };
type Next = (args: unknown) => Promise<{ response?: unknown; output?: unknown }>;

export function keepUnmodelledGroupFields(client: { middlewareStack: MiddlewareStack }): void {
  client.middlewareStack.addRelativeTo(
    (next: Next, context: Context) => async (args: unknown) => {
      const result = await next(args);
      if (context.commandName !== OPERATION) return result;
      const response = result.response as { statusCode?: number; body?: unknown } | undefined;
      if (!response || response.statusCode !== 200 || !isStream(response.body)) return result;
      const bytes = await readAll(response.body);
      response.body = bytes; // the SDK's deserializer takes bytes as well as a stream
      context[RAW_FIELDS] = groupElements(Buffer.from(bytes).toString('utf8'));
      return result;
    },
    // "after" the deserializer is inside it: this sees the HTTP answer before it is parsed.
    { relation: 'after', toMiddleware: 'deserializerMiddleware', name: 'immutableRawGroupFieldsRead' },
  );
  client.middlewareStack.add(
    (next: Next, context: Context) => async (args: unknown) => {
      const result = await next(args);
      const raw = context[RAW_FIELDS];
      const groups = (result.output as { AutoScalingGroups?: Record<string, unknown>[] } | undefined)
        ?.AutoScalingGroups;
      if (!raw || !groups || raw.length !== groups.length) return result;
      groups.forEach((group, index) => {
        for (const [name, text] of raw[index] ?? []) if (!(name in group) && text !== '') group[name] = text;
      });
      return result;
    },
    { step: 'initialize', name: 'immutableRawGroupFieldsKeep' },
  );
}

function isStream(body: unknown): body is AsyncIterable<Uint8Array> {
  return (
    typeof (body as { [Symbol.asyncIterator]?: unknown } | undefined)?.[Symbol.asyncIterator] === 'function'
  );
}

async function readAll(body: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/**
 * The child elements of each `AutoScalingGroups/member` of a DescribeAutoScalingGroups answer, in order,
 * with their inner text (nested markup included, as it came).
 */
export function groupElements(xml: string): Map<string, string>[] {
  const groups: Map<string, string>[] = [];
  const path: string[] = [];
  let open: { name: string; contentStart: number } | undefined;
  for (const tag of xml.matchAll(/<(\/?)([A-Za-z_][\w.-]*)[^>]*?(\/?)>/g)) {
    const [whole, closing, name, selfClosing] = tag as unknown as [string, string, string, string];
    const at = tag.index;
    const inGroup = path.length === 4 && path[2] === 'AutoScalingGroups' && path[3] === 'member';
    if (closing) {
      path.pop();
      if (open && path.length === 4 && name === open.name) {
        groups.at(-1)?.set(name, xml.slice(open.contentStart, at).trim());
        open = undefined;
      }
      continue;
    }
    if (inGroup) {
      if (selfClosing) groups.at(-1)?.set(name, '');
      else open = { name, contentStart: at + whole.length };
    }
    if (selfClosing) continue;
    path.push(name);
    if (path.length === 4 && path[2] === 'AutoScalingGroups' && name === 'member') groups.push(new Map());
  }
  return groups;
}
