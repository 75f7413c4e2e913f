import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { approvalLevelSchema, levelRank, type ApprovalLevel } from '../core/pricing/rules.ts';
import { DEFAULT_RULES_ROOT } from '../node/knowledge-files.ts';

/** Roles are data (rules/access/roles.yaml); this reads them and answers what a set of role ids may do. */
export const PERMISSIONS = ['createProjects', 'export', 'manageUsers', 'manageCatalog'] as const;
export type Permission = (typeof PERMISSIONS)[number];
export const REVIEW_SEATS = ['sales', 'finance', 'technical'] as const;
export type ReviewSeat = (typeof REVIEW_SEATS)[number];

const roleSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/),
    name: z.object({ zh: z.string().min(1), en: z.string().min(1) }),
    approvalLevel: approvalLevelSchema.optional(),
    contractReview: z.enum(REVIEW_SEATS).optional(),
    permissions: z.array(z.enum(PERMISSIONS)).default([]),
  })
  .strict();
const rolesFileSchema = z.object({ roles: z.array(roleSchema).min(1) }).strict();
export type Role = z.infer<typeof roleSchema>;

export class Roles {
  private readonly byId: Map<string, Role>;
  constructor(readonly list: readonly Role[]) {
    this.byId = new Map(list.map((r) => [r.id, r]));
  }
  has(id: string): boolean {
    return this.byId.has(id);
  }
  unknown(ids: readonly string[]): string[] {
    return ids.filter((id) => !this.byId.has(id));
  }
  can(ids: readonly string[], p: Permission): boolean {
    return ids.some((id) => this.byId.get(id)?.permissions.includes(p));
  }
  /** The highest approval level among the roles, or null when none approves. */
  approvalLevel(ids: readonly string[]): ApprovalLevel | null {
    let best: ApprovalLevel | null = null;
    for (const id of ids) {
      const l = this.byId.get(id)?.approvalLevel;
      if (l && (best === null || levelRank(l) > levelRank(best))) best = l;
    }
    return best;
  }
  /** What the app shows of a user's roles: their names, approval level and 合同评审 seats (the server still decides every request). */
  describe(ids: readonly string[]): { roleNames: Record<string, { zh: string; en: string }>; approvalLevel: ApprovalLevel | null; reviewSeats: ReviewSeat[]; permissions: Permission[] } {
    const roleNames = Object.fromEntries(ids.flatMap((id) => { const r = this.byId.get(id); return r ? [[id, r.name]] : []; }));
    const permissions = PERMISSIONS.filter((p) => this.can(ids, p));
    return { roleNames, approvalLevel: this.approvalLevel(ids), reviewSeats: this.reviewSeats(ids), permissions };
  }
  reviewSeats(ids: readonly string[]): ReviewSeat[] {
    return REVIEW_SEATS.filter((s) => ids.some((id) => this.byId.get(id)?.contractReview === s));
  }
}

export function parseRoles(text: string): Roles {
  const parsed = rolesFileSchema.safeParse(parse(text));
  if (!parsed.success) throw new Error(`rules/access/roles.yaml: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return new Roles(parsed.data.roles);
}

export function readRoles(rulesRoot: string = DEFAULT_RULES_ROOT): Roles {
  return parseRoles(readFileSync(join(rulesRoot, 'access', 'roles.yaml'), 'utf8'));
}
