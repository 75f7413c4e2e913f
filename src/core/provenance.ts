import { z } from 'zod';

/**
 * How sure we are of a table or coefficient (see shared/domain/dlt5044.md §0):
 * S     confirmed against the 2014 edition by a retrieved source
 * S-04  confirmed against the 2004 edition only
 * R-hi / R-med / R-low  recollection of the 2014 text
 * D     derived by arithmetic from sourced values
 * P     industry or vendor practice, not the standard
 */
export const confidenceSchema = z.enum(['S', 'S-04', 'R-hi', 'R-med', 'R-low', 'D', 'P']);
export type Confidence = z.infer<typeof confidenceSchema>;

export const provenanceSchema = z.object({
  source: z.string().min(1),
  edition: z.string().min(1),
  confidence: confidenceSchema,
  note: z.string().optional(),
});
export type Provenance = z.infer<typeof provenanceSchema>;

/** Product decision 1: anything not confirmed against the printed 2014 text is marked as such. */
export function isConfirmed(confidence: Confidence): boolean {
  return confidence === 'S';
}
