// Control characters (C0, DEL, C1), line and paragraph separators, and bidi overrides: none may reach a log raw.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Text from outside (AWS tags, names, messages) made safe to print in a workflow log: each control
 * character is shown escaped (`\n`, `\u001b`), so the text stays on one line, and every `::` gets a
 * zero-width space between its colons, so it can never start a workflow command (`::add-mask::`,
 * `::stop-commands::`) wherever the text lands in a line. EC2 allows any character in a tag value.
 */
export function safeText(text: string, maxLength = 512): string {
  const escaped = text
    .replace(UNSAFE, (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/::/g, ':\u200b:');
  return escaped.length > maxLength ? `${escaped.slice(0, maxLength)}…` : escaped;
}
