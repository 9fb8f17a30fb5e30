// The names under which this feature's records are resolved to their reviews by the AccessGuard.

/** A finding's review, for /findings/:id/recommendations (registered by FindingsModule). */
export const VIA_FINDING = 'finding';

/** The review a follow-up was recorded in (its evidence belongs to that review). */
export const VIA_FOLLOW_UP = 'follow-up';

/** A recommendation's review, and the reviews that follow that one up (reviews.previous_review_id). */
export const VIA_RECOMMENDATION = 'recommendation';
