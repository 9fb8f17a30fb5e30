// What the signed-in person may do in the open review: their role there (GET /reviews/:id says it) and their
// global role. The pages offer only these actions; the api still decides.
import { createContext, useContext } from 'react';
import type { MemberRole, Review } from '../api/types';

export interface ReviewAccess {
  review: Review;
  /** Null for an admin who is not a member. */
  role: MemberRole | null;
  isAdmin: boolean;
  meId: string;
  /** The coordinator's work (an admin may do it too): the team, deliverables, milestones, workshops, approvals. */
  manages: boolean;
  /** Auditors and the coordinator write findings, recommendations, follow-ups, comments and evidence. */
  writesFindings: boolean;
}

export function reviewAccess(review: Review, me: { id: string; role: 'admin' | 'user' }): ReviewAccess {
  const role = review.myRole ?? null;
  const isAdmin = me.role === 'admin';
  const manages = role === 'coordinator' || isAdmin;
  return {
    review,
    role,
    isAdmin,
    meId: me.id,
    manages,
    writesFindings: manages || role === 'auditor',
  };
}

export const ReviewAccessContext = createContext<ReviewAccess | null>(null);

export function useReviewAccess(): ReviewAccess {
  const access = useContext(ReviewAccessContext);
  if (!access) throw new Error('useReviewAccess outside a review page');
  return access;
}
