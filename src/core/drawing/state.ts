import { z } from 'zod';

/**
 * The drawing section of the project file. Drawings have revision letters of their own: after award they
 * change with the customer's comments (图纸修改意见) without a new quote. Each revision records the quote
 * revision it started from and a signature per drawing element, so two revisions can be compared later
 * without recomputing the old configuration.
 */
export const drawingRevisionSchema = z
  .object({
    letter: z.string().trim().regex(/^[A-Z]{1,2}$/, 'one or two capital letters (A, B, … Z, AA)'),
    /** Date of issue, YYYY-MM-DD (put in by the edge). */
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD'),
    /** The quote revision letter the drawing was generated from; null when the quote had none issued. */
    quoteRevision: z.string().nullable(),
    description: z.string().max(200).default(''),
    /** Element id → signature (what the element says, not where it is drawn). */
    elements: z.record(z.string(), z.string()),
  })
  .strict();

export const drawingStateSchema = z
  .object({
    /** Contract number printed on the 图纸确认函. */
    contractNo: z.string().trim().max(60).optional(),
    /** Names in the title block (设计 / 校核 / 审核 / 批准); empty spaces are printed for hand signatures. */
    signatures: z.object({ drawn: z.string().max(20).optional(), checked: z.string().max(20).optional(), reviewed: z.string().max(20).optional(), approved: z.string().max(20).optional() }).strict().optional(),
    revisions: z.array(drawingRevisionSchema).max(200).default([]),
  })
  .strict();

export type DrawingRevision = z.infer<typeof drawingRevisionSchema>;
export type DrawingState = z.infer<typeof drawingStateSchema>;
