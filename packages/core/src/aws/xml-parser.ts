/**
 * `parseXML` of @aws-sdk/xml-builder (3.972), the parser behind every Query-protocol answer (Auto Scaling, EC2,
 * ELB, CloudWatch), with the same output and the same errors for every input, written with indexOf and
 * slices instead of growing each name and text one character at a time. The build (scripts/build.mjs) puts it
 * in the SDK's place in the bundles, where the SDK's took a tenth of a red/black deploy's CPU between calls;
 * its test (packages/core/test/unit/xml-parser.test.ts) compares the two on AWS answers and generated XML.
 */

type XmlValue = string | XmlObject | XmlValue[];
interface XmlObject {
  [key: string]: XmlValue;
}
interface Tag {
  tag: string;
  value: XmlValue;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const ENTITY = /&(?:#x([0-9a-fA-F]{1,6})|#(\d{1,7})|([a-zA-Z][a-zA-Z0-9]{0,30}));/g;

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (_, hex?: string, dec?: string, named?: string) => {
    if (hex) return String.fromCharCode(parseInt(hex, 16));
    if (dec) return String.fromCharCode(parseInt(dec, 10));
    return ENTITIES[named ?? ''] ?? '';
  });
}

/** An own `__proto__` key, as the SDK's writeKey makes it, so that the name is data and not the prototype. */
function ownProtoKey(obj: object): void {
  Object.defineProperty(obj, '__proto__', {
    value: undefined,
    writable: true,
    enumerable: true,
    configurable: true,
  });
}

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 13 || c === 10;
/** Ends a tag name: whitespace, `>` or `/`. */
const endsTagName = (c: number): boolean => isSpace(c) || c === 62 || c === 47;
/** Ends an attribute name: `=`, whitespace, `>`, `/` or `?`. */
const endsAttrName = (c: number): boolean => c === 61 || endsTagName(c) || c === 63;
/** Blank text between elements: the SDK drops it when it holds a line break. */
const isIndent = (text: string): boolean => text.trim() === '' && text.includes('\n');

class Parser {
  private readonly x: string;
  private readonly z: number;
  private i = 0;

  constructor(xml: string) {
    this.x = xml.replace(/\r\n?/g, '\n');
    this.z = this.x.length;
  }

  parse(): XmlObject {
    const { x, z } = this;
    while (this.i < z) {
      this.trim();
      if (this.i >= z) break;
      if (x.startsWith('<?', this.i)) {
        this.readTo('?>');
        this.trim();
      } else if (x.startsWith('<!--', this.i)) {
        this.readTo('-->');
        this.trim();
        // The SDK lowercases the whole text, so a character whose lower case is longer moves the position.
      } else if (x.toLowerCase().startsWith('<!doctype', this.i)) {
        this.skipDoctype();
        this.trim();
      } else if (x.charCodeAt(this.i) === 60) {
        const root = this.parseTag();
        return { [root.tag]: root.value };
      } else {
        throw new Error('@aws-sdk XML parse error: unexpected content.');
      }
    }
    throw new Error('@aws-sdk XML parse error: no root element.');
  }

  private trim(): void {
    while (this.i < this.z && isSpace(this.x.charCodeAt(this.i))) this.i++;
  }

  private readTo(stop: string): string {
    const at = this.x.indexOf(stop, this.i);
    if (at === -1) throw new Error(`@aws-sdk XML parse error: expected "${stop}" not found.`);
    const result = this.x.slice(this.i, at);
    this.i = at + stop.length;
    return result;
  }

  /** Up to the first character `ends` accepts (or the end): NaN past the end ends nothing, as in the SDK. */
  private readName(ends: (c: number) => boolean): string {
    const start = this.i;
    while (this.i < this.z && !ends(this.x.charCodeAt(this.i))) this.i++;
    return this.x.slice(start, this.i);
  }

  private readAttrValue(): string {
    const quote = this.x[this.i] ?? '';
    this.i++;
    const end = quote === '' ? -1 : this.x.indexOf(quote, this.i);
    const stop = end === -1 ? this.z : end;
    const value = this.x.slice(Math.min(this.i, this.z), stop);
    this.i = stop + 1;
    return decodeEntities(value);
  }

  private parseTag(): Tag {
    const { x, z } = this;
    this.i++;
    const tag = this.readName(endsTagName);
    let hasAttrs = false;
    const attrs: Record<string, string> = {};
    while (this.i < z) {
      this.trim();
      const c = x.charCodeAt(this.i);
      if (c === 62 || c === 47) break;
      const name = this.readName(endsAttrName);
      this.trim();
      if (x.charCodeAt(this.i) !== 61) break;
      this.i++;
      this.trim();
      if (name === '__proto__') ownProtoKey(attrs);
      attrs[name] = this.readAttrValue();
      hasAttrs = true;
    }
    if (this.i >= z) throw new Error('@aws-sdk XML parse error: unexpected end of input.');
    if (x.charCodeAt(this.i) === 47) {
      this.i++;
      if (this.i >= z || x.charCodeAt(this.i) !== 62) {
        throw new Error('@aws-sdk XML parse error: expected > at the end of self-closing tag.');
      }
      this.i++;
      return { tag, value: hasAttrs ? attrs : '' };
    }
    if (x.charCodeAt(this.i) !== 62) {
      throw new Error('@aws-sdk XML parse error: expected > at the end of opening tag.');
    }
    this.i++;
    const textParts: string[] = [];
    const childTags: Tag[] = [];
    while (this.i < z) {
      if (x.charCodeAt(this.i) === 60) {
        if (x.charCodeAt(this.i + 1) === 47) break;
        if (x.startsWith('<!--', this.i)) this.readTo('-->');
        else if (x.startsWith('<![CDATA[', this.i)) {
          this.i += 9;
          textParts.push(this.readTo(']]>'));
        } else if (x.startsWith('<?', this.i)) this.readTo('?>');
        else childTags.push(this.parseTag());
      } else {
        const end = x.indexOf('<', this.i);
        const stop = end === -1 ? z : end;
        textParts.push(decodeEntities(x.slice(this.i, stop)));
        this.i = stop;
      }
    }
    if (!x.startsWith('</', this.i)) {
      throw new Error(`@aws-sdk XML parse error: missing closing tag </${tag}>.`);
    }
    this.i += 2;
    const closeTag = this.readTo('>').trim();
    if (closeTag !== tag) {
      throw new Error(`@aws-sdk XML parse error: mismatched tags <${tag}> and </${closeTag}>.`);
    }
    const hasElementChild = childTags.length > 0;
    if (!hasAttrs && textParts.length === 0 && !hasElementChild) return { tag, value: '' };
    if (!hasAttrs && !hasElementChild) {
      const text = textParts.length === 1 ? (textParts[0] ?? '') : textParts.join('');
      return { tag, value: isIndent(text) ? '' : text };
    }
    const obj: XmlObject = {};
    for (const text of textParts) {
      if (isIndent(text)) continue;
      const before = obj['#text'];
      obj['#text'] = '#text' in obj ? `${String(before)}${text}` : text;
    }
    for (const child of childTags) {
      if (child.tag === '__proto__') ownProtoKey(obj);
      if (child.tag in obj) {
        const existing = obj[child.tag];
        if (Array.isArray(existing)) existing.push(child.value);
        else obj[child.tag] = [existing as XmlValue, child.value];
      } else obj[child.tag] = child.value;
    }
    for (const [name, value] of Object.entries(attrs)) {
      if (name === '__proto__') ownProtoKey(obj);
      obj[name] = value;
    }
    return { tag, value: obj };
  }

  private skipDoctype(): void {
    this.i += 9;
    let depth = 0;
    while (this.i < this.z) {
      const c = this.x.charCodeAt(this.i);
      if (c === 91) depth++;
      else if (c === 93) depth--;
      else if (c === 62 && depth === 0) {
        this.i++;
        return;
      }
      this.i++;
    }
    throw new Error('@aws-sdk XML parse error: unclosed DOCTYPE.');
  }
}

export function parseXML(xml: string): XmlObject {
  return new Parser(xml).parse();
}
