import type { Lang } from './text.ts';

/**
 * A source as a document prints it. The rules data and the sizing write a clause as a reference plus
 * working notes ("DL/T 5044-2014 Appendix C (step method); product decision 2", "… (2004 E.3.3) …",
 * "practice (products.md)"). A calculation book prints only the reference: the standard with its
 * edition, its clauses (§) and appendices in 2014 numbering, other standards named, and "practice" for
 * what is not a clause of any standard. A number known only from the 2004 edition is returned apart
 * (`edition2004`) for the appendix of unconfirmed values, never printed inline.
 */
export interface ClauseRef {
  /** Standards named, with edition: "DL/T 5044-2014", "IEC 61660-1", "GB/T 3956". */
  standards: string[];
  /** Clauses and appendices of the first standard, in 2014 numbering: "§3.2", "Appendix C". */
  parts: { kind: 'section' | 'appendix' | 'chapter'; id: string }[];
  /** True when (part of) the source is practice: products.md, a maker's deck, the tool's own definition. */
  practice: boolean;
  /** Clause numbers given only in the 2004 edition, e.g. "E.3.3". */
  edition2004: string[];
}

const STANDARD = /\b(?:DL\/T\s?\d+(?:-\d{4})?|GB\/T\s?\d+(?:\.\d+)?(?:-\d{4})?|IEC\s?\d+(?:-\d+)*)/g;
const PRACTICE = /\[P\]|practice|products\.md|presales|maker|tool definition|model-code|product selection|company/i;

export function parseClause(clause: string): ClauseRef {
  const edition2004: string[] = [];
  // "(2004 E.3.3)": a number of the older edition, kept apart.
  let rest = clause.replace(/\(?\b2004\s+([A-Z]?\.?\d+(?:\.\d+)*)\)?/g, (_m, n: string) => {
    edition2004.push(n);
    return '';
  });
  const standards = [...new Set(rest.match(STANDARD) ?? [])].map((s) => s.replace(/\s+/g, ' '));
  rest = rest.replace(STANDARD, ' ');
  const parts: ClauseRef['parts'] = [];
  const push = (kind: ClauseRef['parts'][number]['kind'], id: string) => {
    if (!parts.some((p) => p.kind === kind && p.id === id)) parts.push({ kind, id });
  };
  for (const m of rest.matchAll(/§\s?(\d+(?:\.\d+)*(?:[–-]\d+(?:\.\d+)*)?)|\bAppendix\s+([A-H])\b|\bchapter\s+(\d+)/gi)) {
    if (m[1]) push('section', m[1]);
    else if (m[2]) push('appendix', m[2]);
    else if (m[3]) push('chapter', m[3]);
  }
  return { standards, parts, practice: PRACTICE.test(clause), edition2004 };
}

const PART: Record<ClauseRef['parts'][number]['kind'], Record<Lang, (id: string) => string>> = {
  section: { zh: (id) => `第 ${id} 条`, en: (id) => `§${id}` },
  appendix: { zh: (id) => `附录 ${id}`, en: (id) => `Appendix ${id}` },
  chapter: { zh: (id) => `第 ${id} 章`, en: (id) => `chapter ${id}` },
};

/** The printed source: "DL/T 5044-2014 附录 C" / "DL/T 5044-2014 Appendix C"; "工程做法" / "practice". */
export function clauseText(clause: string, lang: Lang): string {
  const ref = parseClause(clause);
  const out: string[] = [];
  const [first, ...others] = ref.standards;
  if (first) {
    const parts = ref.parts.map((p) => PART[p.kind][lang](p.id)).join(lang === 'zh' ? '、' : ', ');
    out.push(parts ? `${first} ${parts}` : first);
  }
  out.push(...others);
  if (ref.practice) out.push(lang === 'zh' ? '工程做法' : 'practice');
  if (out.length === 0) return lang === 'zh' ? '工程做法' : 'practice';
  return out.join(lang === 'zh' ? '；' : '; ');
}
