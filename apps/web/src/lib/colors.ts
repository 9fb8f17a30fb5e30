// One palette for badges, charts and the timeline. Every colour holds at least 3:1 against white (WCAG non-text
// contrast) and carries white text at 4.5:1 or more, and no meaning rests on colour alone (labels say it too).
import type { DeliverableStatus, FindingStatus, FollowUpStatus, Rating } from '../api/types';

export const RATING_COLORS: Record<Rating, string> = {
  low: '#2e6b30',
  medium: '#8a5a00',
  high: '#b3400a',
  critical: '#8e1b1b',
};

export const DELIVERABLE_COLORS: Record<DeliverableStatus, string> = {
  planned: '#52606d',
  in_progress: '#0b5cad',
  in_review: '#6a3fb5',
  delivered: '#2e6b30',
  cancelled: '#6b6b6b',
};

export const FINDING_COLORS: Record<FindingStatus, string> = {
  draft: '#52606d',
  in_review: '#6a3fb5',
  approved: '#2e6b30',
};

export const FOLLOW_UP_COLORS: Record<FollowUpStatus, string> = {
  not_started: '#52606d',
  in_progress: '#0b5cad',
  partially_implemented: '#8a5a00',
  implemented: '#2e6b30',
  not_implemented: '#8e1b1b',
};

export const MILESTONE_COLORS = { achieved: '#2e6b30', late: '#8e1b1b', upcoming: '#0b5cad' } as const;
export const WORKSHOP_COLOR = '#00687a';
