// Status and rating labels: a word in the user's language on a colour, never the colour alone.
import type {
  DeliverableStatus,
  FindingStatus,
  FollowUpStatus,
  Rating,
  ReportStatus,
  ReviewStatus,
} from '../api/types';
import { useT } from '../i18n/i18n';
import { DELIVERABLE_COLORS, FINDING_COLORS, FOLLOW_UP_COLORS, RATING_COLORS } from '../lib/colors';

function Badge({ color, children }: { color: string; children: string }) {
  return (
    <span className="badge" style={{ backgroundColor: color }}>
      {children}
    </span>
  );
}

export function RatingBadge({ rating }: { rating: Rating }) {
  const t = useT();
  return <Badge color={RATING_COLORS[rating]}>{t(`rating.${rating}`)}</Badge>;
}

export function DeliverableStatusBadge({ status }: { status: DeliverableStatus }) {
  const t = useT();
  return <Badge color={DELIVERABLE_COLORS[status]}>{t(`deliverable.status.${status}`)}</Badge>;
}

export function FindingStatusBadge({ status }: { status: FindingStatus }) {
  const t = useT();
  return <Badge color={FINDING_COLORS[status]}>{t(`finding.status.${status}`)}</Badge>;
}

export function FollowUpStatusBadge({ status }: { status: FollowUpStatus }) {
  const t = useT();
  return <Badge color={FOLLOW_UP_COLORS[status]}>{t(`followUp.status.${status}`)}</Badge>;
}

const REVIEW_COLORS: Record<ReviewStatus, string> = {
  planning: '#52606d',
  active: '#0b5cad',
  reporting: '#6a3fb5',
  follow_up: '#8a5a00',
  closed: '#2e6b30',
};

export function ReviewStatusBadge({ status }: { status: ReviewStatus }) {
  const t = useT();
  return <Badge color={REVIEW_COLORS[status]}>{t(`review.status.${status}`)}</Badge>;
}

const REPORT_COLORS: Record<ReportStatus, string> = {
  queued: '#52606d',
  running: '#0b5cad',
  done: '#2e6b30',
  failed: '#8e1b1b',
};

export function ReportStatusBadge({ status }: { status: ReportStatus }) {
  const t = useT();
  return <Badge color={REPORT_COLORS[status]}>{t(`report.status.${status}`)}</Badge>;
}
