import { safeText } from '../../src/safe-text';

describe('safeText', () => {
  it('keeps plain text as it is', () => {
    expect(safeText('acme/shop#900/deploy/1/5f3a (https://github.com/acme/shop)')).toBe(
      'acme/shop#900/deploy/1/5f3a (https://github.com/acme/shop)',
    );
  });

  it('keeps an injected newline and workflow command on one line, and inert', () => {
    const shown = safeText('owner\n::add-mask::x');
    expect(shown).toBe('owner\\n:\u200b:add-mask:\u200b:x');
    expect(shown).not.toMatch(/[\r\n]/);
    expect(shown).not.toContain('::');
  });

  it('neutralises a command at the very start and every later ::', () => {
    expect(safeText('::stop-commands::tok')).toBe(':\u200b:stop-commands:\u200b:tok');
    expect(safeText('a::b::c').split('::')).toHaveLength(1);
  });

  it('escapes every control, separator and bidi character', () => {
    expect(safeText('a\r\tb\u0000c\u001b[31md\u007f\u0085e\u2028f\u202eg')).toBe(
      'a\\r\\tb\\u0000c\\u001b[31md\\u007f\\u0085e\\u2028f\\u202eg',
    );
  });

  it('caps the length', () => {
    expect(safeText('x'.repeat(600), 10)).toBe(`${'x'.repeat(10)}…`);
  });
});
