import { parse } from 'yaml';
import { z } from 'zod';
import type { TextSource } from '../knowledge.ts';
import { fail, ok, type Problem, type Result } from '../problems.ts';
import { parsePublicKeyFile, type PublicKey } from '../signing/approval-signature.ts';
import type { Lang } from '../text.ts';

/**
 * The document templates a company edits without code (templates/*.yaml + the logo SVG): company details,
 * and the texts of the quote and of the calculation report in each language. Loaded from {path, text}
 * sources (the CLI reads the folder, the app bundles the files), validated as a whole: every problem is
 * listed with its file and field. Each file carries `templateVersion`; this code reads version 1.
 */
export const TEMPLATE_VERSION = 1;

const text = z.string().trim().min(1, 'must not be empty');
const localText = z.object({ zh: text, en: text }).strict();
const version = z.literal(TEMPLATE_VERSION, { message: `templateVersion must be ${TEMPLATE_VERSION}` });

export const companyTemplateSchema = z
  .object({
    templateVersion: version,
    name: localText,
    address: localText,
    phone: text,
    fax: text.optional(),
    email: text.optional(),
    website: text.optional(),
    taxId: text,
    bank: z.object({ name: localText, account: text }).strict(),
    /** File name of an SVG next to company.yaml. */
    logo: z.string().regex(/^[A-Za-z0-9._-]+\.svg$/, 'an SVG file name next to company.yaml, e.g. logo.svg').optional(),
  })
  .strict();

const quoteLabelKeys = [
  'quoteNo', 'revision', 'workingDraft', 'date', 'validUntil', 'customer', 'project', 'site', 'contact', 'tenderNo', 'modelCode',
  'panel', 'subtotal', 'panelPrice', 'headerDiscount', 'totalExVat', 'vat', 'totalIncVat', 'amountInWords', 'delivery', 'deliveryDays',
  'deliveryPlace', 'paymentTerms', 'notes', 'notSet', 'bank', 'account', 'taxId', 'phone', 'includedInPanelPrice',
  'seal', 'signature', 'signDate', 'continued', 'includesPanelParts', 'panelPartTerminals', 'panelPartWiring', 'panelPartLabels', 'panelPartMounting', 'notApproved', 'commissioningIncluded', 'commissioningExcluded',
] as const;
const quoteColumnKeys = ['no', 'name', 'spec', 'brand', 'unit', 'qty', 'unitPrice', 'unitPriceIncVat', 'amount'] as const;

const record = <K extends string>(keys: readonly K[]) => z.object(Object.fromEntries(keys.map((k) => [k, text])) as Record<K, typeof text>).strict();

export const quoteTemplateSchema = z
  .object({
    templateVersion: version,
    lang: z.enum(['zh', 'en']),
    titles: record(['quote', 'customerWorkbook', 'internalWorkbook'] as const),
    draftWatermark: text,
    labels: record(quoteLabelKeys)
      .refine((l) => l.deliveryDays.includes('{days}'), { message: 'deliveryDays must contain {days}', path: ['deliveryDays'] })
      .refine((l) => l.includesPanelParts.includes('{parts}'), { message: 'includesPanelParts must contain {parts}', path: ['includesPanelParts'] }),
    columns: record(quoteColumnKeys),
    defaultNotes: z.array(text).default([]),
    defaultPaymentTerms: z.string().default(''),
  })
  .strict();

export const reportTemplateSchema = z
  .object({
    templateVersion: version,
    lang: z.enum(['zh', 'en']),
    title: text,
    subtitle: text,
    sections: record(['inputs', 'loads', 'steps', 'equipment', 'problems'] as const),
    columns: record([
      'no', 'loadName', 'capacity', 'loadFactor', 'current', 'continuous', 'random', 'dischargeGroup',
      'quantity', 'formula', 'result', 'clause', 'family', 'item', 'qty', 'location', 'reason',
    ] as const),
    rows: record(['currentTotals', 'stageCapacity', 'withRandom', 'chosen'] as const),
    /** The line above the steps when a value is unconfirmed (a book with every value confirmed prints none). */
    legend: text,
    /** The appendix listing the unconfirmed values once: which value, which clause, why. */
    appendix: z
      .object({
        title: text,
        intro: text,
        columns: record(['mark', 'values', 'clause', 'why'] as const),
        why: record(['S-04', 'R-hi', 'R-med', 'R-low', 'D', 'P', 'edition2004'] as const),
      })
      .strict(),
    noProblems: text,
    preparedBy: text,
    checkedBy: text,
    reviewedBy: text,
    approvedBy: text,
    severity: record(['error', 'warning', 'info'] as const),
  })
  .strict();

export type CompanyTemplate = z.infer<typeof companyTemplateSchema>;
export type QuoteTemplate = z.infer<typeof quoteTemplateSchema>;
export type ReportTemplate = z.infer<typeof reportTemplateSchema>;

export interface Templates {
  company: CompanyTemplate;
  /** The logo SVG text, when company.yaml names one. */
  logoSvg?: string;
  quote: Record<Lang, QuoteTemplate>;
  report: Record<Lang, ReportTemplate>;
  /** The team server's approval public keys (approval-public-key.txt; none when the file is absent or holds none). */
  approvalKeys?: PublicKey[];
}

/** The optional public-key file kept with the templates (src/core/signing/approval-signature.ts). */
export const APPROVAL_KEY_FILE = 'approval-public-key.txt';

/** The files the loader expects (base names; any folder prefix is ignored). */
export const TEMPLATE_FILES = ['company.yaml', 'quote.zh.yaml', 'quote.en.yaml', 'report.zh.yaml', 'report.en.yaml'] as const;

function baseName(path: string): string {
  return path.replace(/\\/g, '/').split('/').pop() ?? path;
}

function problem(file: string, path: string, code: string, zh: string, en: string, value?: unknown): Problem {
  return { code, severity: 'error', path, message: { zh, en }, location: { file }, ...(value !== undefined ? { value } : {}) };
}

function parseFile<T>(source: TextSource | undefined, file: string, schema: z.ZodType<T>, problems: Problem[]): T | undefined {
  if (!source) {
    problems.push(problem(file, '', 'template.missingFile', `缺少模板文件 templates/${file}`, `The template file templates/${file} is missing`));
    return undefined;
  }
  let data: unknown;
  try {
    data = parse(source.text);
  } catch (e) {
    problems.push(problem(file, '', 'template.yaml', `模板文件不是有效的 YAML：${(e as Error).message}`, `The template file is not valid YAML: ${(e as Error).message}`));
    return undefined;
  }
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  for (const issue of r.error.issues) {
    const path = issue.path.map(String).join('.');
    problems.push(problem(file, path, 'template.invalid', `模板字段 ${path || '(根)'} 无效：${issue.message}`, `Template field ${path || '(root)'} is not valid: ${issue.message}`));
  }
  return undefined;
}

/** Loads and validates every template file; one broken file means no Templates, with all problems listed. */
export function loadTemplates(sources: readonly TextSource[]): Result<Templates> {
  const byName = new Map(sources.map((s) => [baseName(s.path), s]));
  const problems: Problem[] = [];
  const company = parseFile(byName.get('company.yaml'), 'company.yaml', companyTemplateSchema, problems);
  const quoteZh = parseFile(byName.get('quote.zh.yaml'), 'quote.zh.yaml', quoteTemplateSchema, problems);
  const quoteEn = parseFile(byName.get('quote.en.yaml'), 'quote.en.yaml', quoteTemplateSchema, problems);
  const reportZh = parseFile(byName.get('report.zh.yaml'), 'report.zh.yaml', reportTemplateSchema, problems);
  const reportEn = parseFile(byName.get('report.en.yaml'), 'report.en.yaml', reportTemplateSchema, problems);
  for (const [file, t, lang] of [['quote.zh.yaml', quoteZh, 'zh'], ['quote.en.yaml', quoteEn, 'en'], ['report.zh.yaml', reportZh, 'zh'], ['report.en.yaml', reportEn, 'en']] as const) {
    if (t && t.lang !== lang) problems.push(problem(file, 'lang', 'template.lang', `文件 ${file} 的 lang 应为 ${lang}`, `lang in ${file} must be ${lang}`, t.lang));
  }
  let logoSvg: string | undefined;
  if (company?.logo) {
    const logo = byName.get(company.logo);
    if (!logo) problems.push(problem('company.yaml', 'logo', 'template.logoMissing', `找不到徽标文件 templates/${company.logo}`, `The logo file templates/${company.logo} is missing`, company.logo));
    else if (!/^\s*(<\?xml[^>]*>\s*)?<svg[\s>]/.test(logo.text)) problems.push(problem(company.logo, '', 'template.logoNotSvg', '徽标文件不是 SVG', 'The logo file is not an SVG', company.logo));
    else if (/<image\b|xlink:href\s*=\s*["'](?!#)|\bhref\s*=\s*["']https?:/i.test(logo.text)) {
      problems.push(problem(company.logo, '', 'template.logoExternal', '徽标 SVG 不得引用外部图片或链接', 'The logo SVG must not reference external images or links', company.logo));
    } else logoSvg = logo.text;
  }
  const keyFile = byName.get(APPROVAL_KEY_FILE);
  const keys = keyFile ? parsePublicKeyFile(keyFile.text, `templates/${APPROVAL_KEY_FILE}`) : { keys: [], problems: [] };
  problems.push(...keys.problems);
  if (problems.length > 0 || !company || !quoteZh || !quoteEn || !reportZh || !reportEn) return fail(problems);
  return ok({ company, ...(logoSvg !== undefined ? { logoSvg } : {}), quote: { zh: quoteZh, en: quoteEn }, report: { zh: reportZh, en: reportEn }, approvalKeys: keys.keys });
}
