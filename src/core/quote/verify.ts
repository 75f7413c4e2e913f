import type { Problem } from '../problems.ts';
import type { LocalText } from '../text.ts';
import { isCalendarDateTime, withoutSpaces } from './dates.ts';
import { contentHashUnder, hashOfSections, HASH_SPEC_VERSIONS, sectionHashes, type CoveredMeta, type CoveredSizing } from './hash.ts';
import type { ApprovalRecord, QuoteState, Revision } from './schema.ts';

/**
 * Tamper evidence for what a project file carries: every issued revision is checked against the hash
 * it was issued with, under the specification version it records (src/core/quote/hash.ts), and every
 * approval record is checked for a real name and a real time. The pipeline runs this on every
 * evaluation (CLI, app, import); any problem here keeps the quote from being final.
 */

/** Clock skew allowed between the machine that recorded a decision and the one reading it. */
const FUTURE_SKEW_MS = 5 * 60 * 1000;

/** Problems of one approval record (blank name, a time that is not a real time or lies in the future). */
export function approvalRecordProblems(record: Pick<ApprovalRecord, 'approverName' | 'time'>, path: string, now?: string): Problem[] {
  const out: Problem[] = [];
  if (withoutSpaces(record.approverName) === '') {
    out.push({ code: 'approval.nameBlank', severity: 'error', path: `${path}.approverName`, message: { zh: '审批人姓名为空', en: "The approver's name is blank" } });
  }
  if (!isCalendarDateTime(record.time)) {
    out.push({ code: 'approval.badTime', severity: 'error', path: `${path}.time`, value: record.time, message: { zh: `审批时间不是有效的日期时间：${record.time}`, en: `The approval time is not a real date and time: ${record.time}` } });
  } else if (now !== undefined && Date.parse(record.time) > Date.parse(now) + FUTURE_SKEW_MS) {
    out.push({ code: 'approval.futureTime', severity: 'error', path: `${path}.time`, value: record.time, limit: now, message: { zh: `审批时间 ${record.time} 晚于当前时间`, en: `The approval time ${record.time} lies in the future` } });
  }
  return out;
}

const SECTION_NAMES: Record<string, LocalText> = {
  versions: { zh: '目录/成本模型版本或税率', en: 'catalog or cost-model version or VAT rate' },
  meta: { zh: '项目信息（客户、项目名称、报价编号等）', en: 'project data (customer, project name, quote number …)' },
  terms: { zh: '商务条款', en: 'commercial terms' },
  panels: { zh: '屏柜及其金额', en: 'panels and their amounts' },
  totals: { zh: '合计金额', en: 'totals' },
  sizing: { zh: '计算书结果', en: 'calculation book results' },
  lineOrder: { zh: '行的增减或顺序', en: 'lines added, removed or reordered' },
  tender: { zh: '招标技术要求或负偏离确认', en: 'tender requirements or deviation acknowledgements' },
};

function sectionName(key: string, rev: Revision): LocalText {
  const named = SECTION_NAMES[key];
  if (named) return named;
  const lineId = key.replace(/^line:/, '');
  const line = rev.snapshot.lines.find((l) => l.lineId === lineId);
  const label = line ? `${line.name.zh}${line.code ? ` ${line.code}` : ''}` : lineId;
  return { zh: `行“${label}”`, en: `line "${line ? `${line.name.en}${line.code ? ` ${line.code}` : ''}` : lineId}"` };
}

function tampered(rev: Revision, what: LocalText, extra: Partial<Problem> = {}): Problem {
  return {
    code: 'revision.tampered',
    severity: 'error',
    path: `quote.revisions[${rev.letter}]`,
    limit: rev.contentHash,
    message: {
      zh: `版本 ${rev.letter} 在发布后被改动（${what.zh}与发布时的校验值不符）；该项目不能出正式报价、发布或审批，请从未改动的版本重新开始`,
      en: `Revision ${rev.letter} was altered after issue (${what.en} no longer match the hash it was issued with); nothing from this project can be final, issued or approved until it is recovered`,
    },
    ...extra,
  };
}

const EMPTY_META: CoveredMeta = { id: '', name: '', customer: '', siteName: '', designInstitute: '', tenderNo: '', quoteNo: '', createdOn: '', contact: '' };
const EMPTY_SIZING: CoveredSizing = { modelCode: '', loadTable: [], steps: [], equipment: [] };

/** Checks one revision against its own hash, under the specification version it records, and its approvals. */
export function verifyRevision(rev: Revision, now?: string): Problem[] {
  let hashProblems = cache.get(rev);
  if (!hashProblems) {
    hashProblems = revisionHashProblems(rev);
    if (Object.isFrozen(rev)) cache.set(rev, hashProblems);
  }
  return [...hashProblems, ...revisionApprovalProblems(rev, now)];
}

const cache = new WeakMap<Revision, Problem[]>();

function revisionHashProblems(rev: Revision): Problem[] {
  const out: Problem[] = [];
  const version = rev.hashSpec ?? 1;
  if (!(HASH_SPEC_VERSIONS as readonly number[]).includes(version)) {
    return [
      {
        code: 'revision.unknownHashSpec',
        severity: 'error',
        path: `quote.revisions[${rev.letter}].hashSpec`,
        value: version,
        message: { zh: `版本 ${rev.letter} 的校验规则版本 ${version} 本工具不认识，无法核对（请升级工具）`, en: `Revision ${rev.letter} uses hash specification ${version}, which this tool does not know; it cannot be verified (update the tool)` },
      },
    ];
  }
  if (version === 1) {
    const hash = contentHashUnder(1, { snapshot: rev.snapshot, terms: rev.terms, meta: EMPTY_META, sizing: EMPTY_SIZING });
    if (hash !== rev.contentHash) out.push(tampered(rev, { zh: '报价内容或条款', en: 'its priced content or terms' }, { value: hash }));
  } else if (!rev.meta || !rev.sizing || (version === 3 && !rev.tender)) {
    out.push(tampered(rev, { zh: '项目信息、计算书结果或招标偏离确认已被删除，', en: 'its project data, calculation results or tender acknowledgements were removed and' }));
  } else {
    const v = version === 3 ? 3 : 2;
    const computed = sectionHashes({ snapshot: rev.snapshot, terms: rev.terms, meta: rev.meta, sizing: rev.sizing, ...(v === 3 && rev.tender ? { tender: rev.tender } : {}) }, v);
    const hash = hashOfSections(computed, v);
    if (hash !== rev.contentHash) {
      const stored = rev.sectionHashes ?? {};
      const keys = [...new Set([...Object.keys(computed), ...Object.keys(stored)])];
      const differing = keys.filter((k) => computed[k] !== stored[k]);
      const what: LocalText =
        differing.length === 0
          ? { zh: '记录的校验值本身', en: 'the recorded hash itself does not and the contents' }
          : { zh: differing.map((k) => sectionName(k, rev).zh).join('、'), en: differing.map((k) => sectionName(k, rev).en).join(', ') };
      out.push(tampered(rev, what, { value: hash }));
    }
  }
  return out;
}

function revisionApprovalProblems(rev: Revision, now?: string): Problem[] {
  const out: Problem[] = [];
  const version = rev.hashSpec ?? 1;
  rev.approvals.forEach((a, i) => {
    const at = `quote.revisions[${rev.letter}].approvals[${i}]`;
    const problems = approvalRecordProblems(a, at, now);
    if (a.contentHash !== rev.contentHash || (a.hashSpec ?? 1) !== version || a.decision !== 'approve') {
      problems.push({
        code: 'revision.approvalMismatch',
        severity: 'error',
        path: at,
        message: { zh: `版本 ${rev.letter} 中 ${a.approverName} 的审批不是针对该版本内容的批准`, en: `Revision ${rev.letter}: ${a.approverName}'s record is not an approval of this revision's content` },
      });
    }
    out.push(...problems);
  });
  return out;
}

/** Every revision of a quote state checked. */
export function verifyQuoteState(state: Pick<QuoteState, 'revisions'>, now?: string): Problem[] {
  return state.revisions.flatMap((rev) => verifyRevision(rev, now));
}

/** Everything in a quote section that keeps it from being final: altered revisions and invalid approval records. */
export function quoteIntegrityProblems(state: Pick<QuoteState, 'revisions' | 'approvals'>, now?: string): Problem[] {
  return [...verifyQuoteState(state, now), ...state.approvals.flatMap((a, i) => approvalRecordProblems(a, `quote.approvals[${i}]`, now))];
}
