// A tiny XML tree for moto's answers: parse, edit, and write back byte-for-byte where untouched. Text stays
// raw (entities as sent); `text()` decodes and `setText()` encodes.
import { escapeXml } from '../aws-wire';

export interface XmlElement {
  name: string;
  /** The raw attribute text of the start tag (e.g. ` xmlns="..."`). */
  attributes: string;
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

export interface XmlDocument {
  prolog: string;
  root: XmlElement;
}

const TOKEN =
  /<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<(\/?)([A-Za-z_][\w:.-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>|[^<]+/g;

export function parseXml(text: string): XmlDocument {
  let prolog = '';
  const stack: XmlElement[] = [{ name: '#document', attributes: '', children: [] }];
  for (const match of text.matchAll(TOKEN)) {
    const [token, closing, name, attributes, selfClosing] = match;
    const parent = stack[stack.length - 1] as XmlElement;
    if (name === undefined) {
      if (token.startsWith('<?') || token.startsWith('<!--')) {
        if (stack.length === 1) prolog += token;
      } else if (stack.length > 1) parent.children.push(token);
      else prolog += token;
    } else if (closing) {
      if (stack.length > 1) stack.pop();
    } else {
      const element: XmlElement = { name, attributes: attributes ?? '', children: [] };
      parent.children.push(element);
      if (!selfClosing) stack.push(element);
    }
  }
  const root = stack[0]?.children.find((c): c is XmlElement => typeof c !== 'string');
  if (!root) throw new Error(`not XML: ${text.slice(0, 200)}`);
  return { prolog, root };
}

export function writeXml(doc: XmlDocument): string {
  return doc.prolog + writeElement(doc.root);
}

function writeElement(element: XmlElement): string {
  if (element.children.length === 0) return `<${element.name}${element.attributes}/>`;
  const inner = element.children.map((c) => (typeof c === 'string' ? c : writeElement(c))).join('');
  return `<${element.name}${element.attributes}>${inner}</${element.name}>`;
}

export function elements(parent: XmlElement | undefined, name?: string): XmlElement[] {
  if (!parent) return [];
  return parent.children.filter(
    (c): c is XmlElement => typeof c !== 'string' && (name === undefined || c.name === name),
  );
}

export function child(parent: XmlElement | undefined, name: string): XmlElement | undefined {
  return elements(parent, name)[0];
}

/** The element at a path of child names, e.g. `at(root, 'Result', 'Groups')`. */
export function at(parent: XmlElement | undefined, ...path: string[]): XmlElement | undefined {
  let current = parent;
  for (const name of path) current = child(current, name);
  return current;
}

function decode(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&amp;/g, '&');
}

export function text(element: XmlElement | undefined): string {
  if (!element) return '';
  return decode(element.children.filter((c): c is string => typeof c === 'string').join(''));
}

/** The text of the child at `path`, or '' if there is none. */
export function textAt(parent: XmlElement | undefined, ...path: string[]): string {
  return text(at(parent, ...path));
}

export function setText(element: XmlElement, value: string): void {
  element.children = [escapeXml(value)];
}

/** Sets (or adds, at the end) the child `name` with `value` as its text. */
export function setChildText(parent: XmlElement, name: string, value: string): void {
  const existing = child(parent, name);
  if (existing) setText(existing, value);
  else parent.children.push({ name, attributes: '', children: [escapeXml(value)] });
}

export function removeChildren(parent: XmlElement, keep: (element: XmlElement) => boolean): void {
  parent.children = parent.children.filter((c) => typeof c === 'string' || keep(c));
}

export function element(name: string, ...children: XmlNode[]): XmlElement {
  return { name, attributes: '', children };
}

/** An element whose only child is the escaped text. */
export function leaf(name: string, value: string): XmlElement {
  return element(name, escapeXml(value));
}

export function clone(element: XmlElement): XmlElement {
  return {
    name: element.name,
    attributes: element.attributes,
    children: element.children.map((c) => (typeof c === 'string' ? c : clone(c))),
  };
}

/** What AWS says of a target that is not (or no longer) healthy, by state. */
const TARGET_HEALTH = {
  initial: ['Elb.RegistrationInProgress', 'Target registration is in progress'],
  draining: ['Target.DeregistrationInProgress', 'Target deregistration is in progress'],
} as const;

/** Replaces an ELBv2 TargetHealthDescription member's TargetHealth with the state, as AWS words it. */
export function setTargetHealth(member: XmlElement, state: keyof typeof TARGET_HEALTH): void {
  const [reason, description] = TARGET_HEALTH[state];
  const health = element(
    'TargetHealth',
    leaf('State', state),
    leaf('Reason', reason),
    leaf('Description', description),
  );
  member.children = member.children.map((c) =>
    typeof c !== 'string' && c.name === 'TargetHealth' ? health : c,
  );
}
