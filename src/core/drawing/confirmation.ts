import type { Lang } from '../text.ts';
import type { DrawingTemplate } from './template.ts';

/**
 * 图纸确认函 (drawing confirmation letter) as a plain document model: the drawings with their numbers and
 * revisions, the contract number, the customer's confirmation fields and space for comments. One page.
 */
export interface ConfirmationLetter {
  lang: Lang;
  company: string;
  title: string;
  intro: string;
  facts: { label: string; value: string }[];
  drawingsTitle: string;
  columns: string[];
  drawings: { no: string; number: string; title: string; revision: string; sheets: string }[];
  commentsTitle: string;
  confirmTitle: string;
  fields: string[];
  date: string;
}

export interface ConfirmationArgs {
  template: DrawingTemplate;
  lang: Lang;
  company: string;
  project: string;
  customer: string;
  contractNo: string;
  quoteRevision: string | null;
  drawings: { number: string; title: string; revision: string; sheets: number }[];
  date: string;
}

export function confirmationLetter(a: ConfirmationArgs): ConfirmationLetter {
  const t = a.template.confirmation[a.lang];
  const none = '—';
  return {
    lang: a.lang,
    company: a.company,
    title: t.title,
    intro: t.intro,
    facts: [
      { label: t.project, value: a.project || none },
      { label: t.customer, value: a.customer || none },
      { label: t.contractNo, value: a.contractNo || none },
      { label: t.quoteRevision, value: a.quoteRevision ?? none },
    ],
    drawingsTitle: t.drawings,
    columns: t.columns,
    drawings: a.drawings.map((d, i) => ({ no: String(i + 1), number: d.number, title: d.title, revision: d.revision, sheets: String(d.sheets) })),
    commentsTitle: t.comments,
    confirmTitle: t.confirm,
    fields: t.fields,
    date: a.date,
  };
}
