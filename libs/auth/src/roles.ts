// The roles of Vigía: one global role per account, one membership role per review.
export const GLOBAL_ROLES = ['admin', 'user'] as const;
export type GlobalRole = (typeof GLOBAL_ROLES)[number];

export const MEMBER_ROLES = ['coordinator', 'auditor', 'manager'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** The authenticated account, as the guard puts it on the request. */
export interface AuthUser {
  id: string;
  email: string;
  name: string;
  role: GlobalRole;
}

/** What the guard established about the review a request touches. */
export interface ReviewAccess {
  reviewId: string;
  /** null for an admin who is not a member. */
  memberRole: MemberRole | null;
}
