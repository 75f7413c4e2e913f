import type { Catalog } from '../catalog/schema.ts';
import type { ProjectFile } from '../project/schema.ts';
import type { TenderState } from '../quote/schema.ts';
import type { Lang } from '../text.ts';
import type { Requirement } from './requirement.ts';
import type { TenderAnswer } from './respond.ts';
import { acknowledgementOf } from './review.ts';
import { tenderTables, type TenderTable } from './tables.ts';
import { respondToTender, type EvaluatedConfiguration, type TenderResponse } from './tender.ts';
import type { Vocabulary } from './vocabulary.ts';

/**
 * One project's technical bid, from the configuration to the three tables: the single path `dcq tender`
 * and the app's 技术标 screen both take, so the same inputs give the same tables (and the same files).
 */
export interface TenderBidInput {
  meta: Pick<ProjectFile['meta'], 'name' | 'customer' | 'tenderNo'>;
  evaluation: EvaluatedConfiguration;
  catalog: Catalog;
  vocabulary: Vocabulary;
  requirements: readonly Requirement[];
  /** The project's kept tender state: its acknowledgements are printed beside the negative deviations. */
  stored: TenderState | undefined;
  date: string;
  lang: Lang;
}

export interface TenderBid {
  response: TenderResponse;
  tables: TenderTable[];
  acknowledged: (a: TenderAnswer) => boolean;
}

export function tenderBid(input: TenderBidInput): TenderBid {
  const response = respondToTender(input.evaluation, input.catalog, input.vocabulary, input.requirements);
  const ackOf = (a: TenderAnswer) => acknowledgementOf(input.stored, a.requirement);
  const tables = tenderTables(response, {
    projectName: input.meta.name, customer: input.meta.customer ?? '', tenderNo: input.meta.tenderNo ?? '',
    modelCode: input.evaluation.sizing.configuration?.modelCode ?? '', catalogVersion: input.catalog.version, date: input.date,
  }, input.lang, ackOf);
  return { response, tables, acknowledged: (a) => ackOf(a) !== undefined };
}
