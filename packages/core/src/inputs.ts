import { invalidInput } from './errors';

/** Raw inputs as an action or the CLI hands them over: a missing or empty value is `undefined`. */
export type RawInputs<K extends string> = { [P in K]?: string | undefined };

export function required(name: string, value: string | undefined): string {
  const text = value?.trim();
  if (!text) throw invalidInput(name, value ?? '', 'a value (this input is required)');
  return text;
}

export function optional(value: string | undefined): string | undefined {
  const text = value?.trim();
  return text ? text : undefined;
}

/** The toolkit's booleans: true/True/TRUE and false/False/FALSE. */
export function parseBoolean(name: string, value: string | undefined, fallback: boolean): boolean {
  const text = optional(value);
  if (text === undefined) return fallback;
  if (['true', 'True', 'TRUE'].includes(text)) return true;
  if (['false', 'False', 'FALSE'].includes(text)) return false;
  throw invalidInput(name, text, 'true or false');
}

export function parseCount(
  name: string,
  value: string | undefined,
  bounds: { min: number; max: number },
): number | undefined {
  const text = optional(value);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < bounds.min || Number(text) > bounds.max) {
    throw invalidInput(name, text, `a whole number from ${bounds.min} to ${bounds.max}`);
  }
  return Number(text);
}

/** Comma- or newline-separated values, trimmed, empty entries dropped. */
export function parseList(value: string | undefined): string[] {
  return (value ?? '')
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter(Boolean);
}

export function parseChoice<T extends string>(
  name: string,
  value: string | undefined,
  choices: readonly T[],
  fallback: T,
): T {
  const text = optional(value);
  if (text === undefined) return fallback;
  if (!(choices as readonly string[]).includes(text))
    throw invalidInput(name, text, `one of ${choices.join(', ')}`);
  return text as T;
}
