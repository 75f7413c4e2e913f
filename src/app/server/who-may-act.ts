import { approvalLevels, levelRank, type ApprovalLevel } from '../../core/pricing/rules.ts';
import type { ServerRole, ServerUser } from '../store/server-slice.ts';

/**
 * What server mode shows of who may act — approve a quote, sign a 合同评审 seat, manage a project's
 * editors — from the roles the server sent (rules/access/roles.yaml: approval levels of
 * rules/pricing/approval.yaml and the contract-review seats). Only for display: the server still
 * decides every request (four eyes, the version reviewed, the owner).
 */
export type ReviewSeat = 'sales' | 'finance' | 'technical';
export const REVIEW_SEATS: readonly ReviewSeat[] = ['sales', 'finance', 'technical'];

const isLevel = (l: unknown): l is ApprovalLevel => typeof l === 'string' && (approvalLevels as readonly string[]).includes(l);

/** Whether the user's level reaches the level the quote needs, and the roles whose level does. */
export function approvalView(user: Pick<ServerUser, 'approvalLevel'> | null, required: ApprovalLevel, roles: readonly ServerRole[]): { canAct: boolean; whoMayAct: ServerRole[] } {
  const reaches = (l: unknown) => isLevel(l) && levelRank(l) >= levelRank(required);
  const whoMayAct = roles.filter((r) => reaches(r.approvalLevel)).sort((a, b) => levelRank(a.approvalLevel as ApprovalLevel) - levelRank(b.approvalLevel as ApprovalLevel));
  return { canAct: reaches(user?.approvalLevel), whoMayAct };
}

/** The seats the user signs for, and per seat the roles that sign for it. */
export function reviewView(user: Pick<ServerUser, 'reviewSeats'> | null, roles: readonly ServerRole[]): { mySeats: ReviewSeat[]; holders: Record<ReviewSeat, ServerRole[]> } {
  const holders = Object.fromEntries(REVIEW_SEATS.map((seat) => [seat, roles.filter((r) => r.contractReview === seat)])) as Record<ReviewSeat, ServerRole[]>;
  return { mySeats: REVIEW_SEATS.filter((s) => user?.reviewSeats?.includes(s)), holders };
}

/** The open project's people: the owner first, then the editors; only the owner adds or removes. */
export function editorsView(username: string | null, project: { owner: string; editors: readonly string[] }): { canManage: boolean; people: { name: string; owner: boolean; removable: boolean }[] } {
  const canManage = username !== null && username === project.owner;
  return {
    canManage,
    people: [{ name: project.owner, owner: true, removable: false }, ...project.editors.filter((e) => e !== project.owner).map((name) => ({ name, owner: false, removable: canManage }))],
  };
}
