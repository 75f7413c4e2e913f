/**
 * Language hygiene of documents and screens: a Chinese text may carry Latin letters only as codes
 * (ZHR22020, IEC 61850, DC440V, 2P), units (V, A, Ah, kVA, mm², Hz, min), symbols of the calculation
 * (Un, Kc, Krel, max) and standard numbers (DL/T 5044-2014); English prose ("entered", "steel rack",
 * "NOT OK") is a defect. Internal identifiers (trace ids, file paths, camelCase keys) are a defect in any
 * document. Used by the catalog check (Chinese specs) and by the document tests.
 */

/** Lower-case or capitalised words that are units, symbols or series names, not English prose. */
const ALLOWED_WORDS: ReadonlySet<string> = new Set([
  // units
  'min', 'mm', 'Ah', 'Hz', 'kg', 'ms', 'kW', 'kVA', 'kV', 'kA', 'mV', 'mA', 'Wh', 'kWh', 'var', 'cm', 'km',
  // symbols and functions of the calculation
  'Un', 'Uf', 'Uc', 'Um', 'Ub', 'Ud', 'Kc', 'Kf', 'Krel', 'Kk', 'Ijc', 'Ir', 'Id', 'Ie', 'Cc', 'Cs', 'Ct', 'Ir', 'Ik', 'Iu', 'Ic', 'In', 'Ra', 'Rb',
  'max', 'min', 'ceil', 'cos', 'sin', 'ln', 'exp', 'cosφ', 'Imax', 'Uout', 'Uin', 'Ub', 'Ue', 'Uk',
  'Ke', 'Ki', 'Kd', 'Kt', 'Ime', 'Icn', 'Icu', 'Ica', 'Icao', 'Icl', 'Iz', 'Ibus', 'Isc', 'Umin', 'Umax', 'Uunit', 'Uc', 'Um',
  // product series names printed on the nameplate (kept as the maker writes them)
  'Tmax', 'Emax', 'Masterpact', 'Acti', 'Compact', 'Sirius', 'Sentron',
  // fuse utilisation classes (IEC 60269)
  'gG', 'gL', 'aM',
]);

/** Upper-case words that read as English, not as codes. */
const PROSE_CAPS: ReadonlySet<string> = new Set(['NOT', 'OK', 'PASS', 'FAIL', 'FAILED', 'INFO', 'WARNING', 'ERROR', 'TODO', 'TBD', 'NA', 'AND', 'OR', 'THE', 'FOR', 'WITH', 'SEE', 'PAGE', 'TOTAL']);

/**
 * English words in a text meant to be Chinese: Latin-letter tokens that are neither codes (a digit, or
 * two or more capitals), nor units/symbols/series names from the allowlist. `extra` adds allowed words.
 */
export function englishWords(text: string, extra: Iterable<string> = []): string[] {
  const allow = new Set([...ALLOWED_WORDS, ...extra]);
  const out: string[] = [];
  // A token: letters (with digits, -, /, ., _ inside) — codes such as ZR-VV-0.6/1kV stay one token.
  for (const m of text.matchAll(/[A-Za-z][A-Za-z0-9_²³]*(?:[-/.][A-Za-z0-9_²³]+)*/g)) {
    const token = m[0];
    for (const part of token.split(/[-/._]/)) {
      if (!/[A-Za-z]/.test(part)) continue;
      if (/\d/.test(part)) continue; // codes and ratings: 3P, DC440V, RS485, C10
      if (allow.has(part) || allow.has(part.replace(/[²³]$/, ''))) continue;
      if (/^[A-Z]+$/.test(part)) {
        // codes: DC, AC, UPS, VRLA, IEC, ATS; single letters are symbols (I, U, n, t)
        if (PROSE_CAPS.has(part)) out.push(part);
        continue;
      }
      if (part.length === 1) continue;
      // Subscripted symbols: Ijc, Ub, Cc1 … (a capital followed by one or two lower-case letters)
      if (/^[A-Z][a-z]{1,2}$/.test(part) && allow.has(part)) continue;
      if (/^[a-z]$/.test(part)) continue;
      if (/^[A-Z][a-z]?[A-Z][A-Za-z]*$/.test(part)) continue; // mixed-case codes: kVA handled above; IoT, PCs
      out.push(part);
    }
  }
  return out;
}

/** Internal identifiers that must never reach a document: trace ids, file paths, raw keys, rule tags. */
export function internalIds(text: string): string[] {
  const out: string[] = [];
  const patterns = [
    /\b(?:rules|catalog|templates|src)\/[\w./-]+/g, // file paths
    /\b(?:loads|cfg|battery|voltage|charger|breakers|cables|monitor|equipment|quote|configuration)\.[a-zA-Z][\w.]*/g, // trace ids
    /\b[a-z]{2,}[A-Z][a-z]+[A-Za-z]*\b/g, // camelCase keys: panelToSubPanel, largestStageExcludingFirst
    /\[(?:rule|info|warning|error)\b[^\]]*\]/gi, // [rule …], [info]
    /\bproduct decision\b/gi,
  ];
  for (const re of patterns) for (const m of text.matchAll(re)) out.push(m[0]);
  return out;
}
