import { describe, expect, it } from 'vitest';
import { dictionaries } from '../../src/app/i18n/messages.ts';
import { englishWords, internalIds } from '../../src/core/format/latin-words.ts';

/** Every string of a message table, with its key path (functions are called with sample arguments). */
function strings(node: unknown, path: string, out: { path: string; text: string }[] = []): { path: string; text: string }[] {
  if (typeof node === 'string') out.push({ path, text: node });
  else if (typeof node === 'function') {
    try {
      const v = (node as (...a: unknown[]) => unknown)(1, 2, 3);
      if (typeof v === 'string') out.push({ path, text: v });
    } catch {
      /* a formatter that needs real arguments is covered by the screens' own tests */
    }
  } else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) strings(v, `${path}.${k}`, out);
  return out;
}

describe('Chinese screens carry no English words (issue 11)', () => {
  it('the Chinese message tables hold only codes, units, symbols and standard numbers in Latin letters, and no internal ids', () => {
    // Names printed as such: the language switch says "English" in English, the Esc key, Excel, the commands npm start and
    // dcq tender, the .json/.xlsx/.csv/.yaml file types, and the confidence tags (R-hi, R-med, R-low) the legend explains.
    const allow = ['English', 'Esc', 'json', 'xlsx', 'csv', 'yaml', 'hi', 'med', 'low', 'Excel', 'npm', 'start', 'dcq', 'tender'];
    const bad = strings(dictionaries.zh, 'zh').flatMap((s) => {
      const text = s.text.replace(/\{\w+\}/g, '1'); // placeholders such as {letter} are filled in at run time
      return [...englishWords(text, allow), ...internalIds(text)].map((w) => `${s.path}: ${w}`);
    });
    expect(bad).toEqual([]);
  });
});
