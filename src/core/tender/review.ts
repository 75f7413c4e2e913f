import type { Catalog } from '../catalog/schema.ts';
import { fail, ok, type Problem, type Result } from '../problems.ts';
import type { DeviationAck, QuoteState, TenderState } from '../quote/schema.ts';
import { makeRequirement, type Requirement } from './requirement.ts';
import { respondToTender, type EvaluatedConfiguration, type TenderResponse } from './tender.ts';
import type { Vocabulary } from './vocabulary.ts';

/**
 * Review of a tender answer (issue #15): every negative deviation must be acknowledged by a reviewer
 * before a final quote can be issued, whatever the margin. The requirements and the acknowledgements
 * live in the project file (`quote.tender`) and are covered by the content hash (specification 3).
 */
export function requirementsOfState(tender: TenderState | undefined): Requirement[] {
  return (tender?.requirements ?? []).map((r) => makeRequirement({ no: r.no, name: r.name, text: r.text, starred: r.starred }));
}

const sameRequirement = (a: { no: string; name: string; text: string }, r: Requirement) => a.no.trim() === r.no && a.name.trim() === r.name && a.text.trim() === r.text;

export function acknowledgementOf(tender: TenderState | undefined, r: Requirement): DeviationAck | undefined {
  return tender?.acknowledgements.find((a) => sameRequirement(a, r));
}

/** The problems that block a final quote: a negative deviation nobody acknowledged, or deviations that cannot be checked. */
export function tenderReviewProblems(state: QuoteState, evaluation: EvaluatedConfiguration, catalog: Catalog, vocabulary: Vocabulary | undefined): Problem[] {
  const requirements = requirementsOfState(state.tender);
  if (requirements.length === 0) return [];
  if (!vocabulary) {
    return [{ code: 'tender.cannotCheck', severity: 'error', path: 'quote.tender', message: { zh: '项目含招标技术要求，但缺少参数词汇表（rules/tender/vocabulary.yaml），无法核对偏离；不能出正式报价', en: 'The project has tender requirements but the parameter vocabulary (rules/tender/vocabulary.yaml) is missing, so deviations cannot be checked; no final quote' } }];
  }
  const response = respondToTender(evaluation, catalog, vocabulary, requirements);
  return unacknowledgedProblems(state.tender, response);
}

export function unacknowledgedProblems(tender: TenderState | undefined, response: TenderResponse): Problem[] {
  const out: Problem[] = [];
  response.answers.forEach((a, i) => {
    if (a.status !== 'negative' || acknowledgementOf(tender, a.requirement)) return;
    const r = a.requirement;
    out.push({
      code: 'tender.deviationNotAcknowledged',
      severity: 'error',
      path: `quote.tender.requirements[${i}]`,
      value: r.text,
      message: {
        zh: `招标第 ${r.no || i + 1} 条“${r.starred ? '★' : ''}${r.name}”（要求 ${r.text}，我方 ${a.ourValue.zh}）为负偏离，须经审核人确认后才能出正式报价`,
        en: `Tender item ${r.no || i + 1} "${r.starred ? '★' : ''}${r.name}" (required ${r.text}, ours ${a.ourValue.en}) is a negative deviation: a reviewer must acknowledge it before a final quote is issued`,
      },
    });
  });
  return out;
}

/** Records a reviewer's acknowledgement of one requirement's negative deviation. The edge passes the time. */
export function acknowledgeDeviation(state: QuoteState, input: { no: string; name: string; text: string; reviewer: string; time: string; comment?: string }): Result<QuoteState> {
  const reviewer = input.reviewer.replace(/[\s\u200b-\u200d\u2060\ufeff\u3000]/g, '');
  if (!reviewer) return fail([{ code: 'tender.reviewerBlank', severity: 'error', path: 'reviewer', message: { zh: '审核人姓名不能为空', en: 'the reviewer name must not be blank' } }]);
  const requirements = requirementsOfState(state.tender);
  const target = requirements.find((r) => sameRequirement(input, r));
  if (!target) return fail([{ code: 'tender.unknownRequirement', severity: 'error', path: 'requirement', message: { zh: `项目的招标要求中没有第 ${input.no} 条“${input.name}”（${input.text}）`, en: `the project's tender requirements have no item ${input.no} "${input.name}" (${input.text})` } }]);
  const ack: DeviationAck = { no: target.no, name: target.name, text: target.text, reviewer: input.reviewer.trim(), time: input.time, comment: input.comment ?? '' };
  const tender = state.tender as TenderState;
  return ok({ ...state, tender: { ...tender, acknowledgements: [...tender.acknowledgements.filter((a) => !sameRequirement(a, target)), ack] } });
}

/** Stores a tender's requirements in the quote; acknowledgements of requirements no longer present are dropped. */
export function setTenderRequirements(state: QuoteState, requirements: readonly Requirement[]): QuoteState {
  const kept = (state.tender?.acknowledgements ?? []).filter((a) => requirements.some((r) => sameRequirement(a, r)));
  return { ...state, tender: { requirements: requirements.map((r) => ({ no: r.no, name: r.name, text: r.text, starred: r.starred })), acknowledgements: kept } };
}
