// Migrations are listed here rather than found by a glob, so the build, the app and the tests agree on them.

import { Foundation1795496461635 } from './1795496461635-foundation';
import { ReviewDomain1795497882736 } from './1795497882736-review-domain';
import { Constraints1795499504130 } from './1795499504130-constraints';
import { Findings1795499849558 } from './1795499849558-findings';
import { FollowUpReviewIndex1795501162714 } from './1795501162714-follow-up-review-index';
import { RemindersReports1795506375416 } from './1795506375416-reminders-reports';
import { AuditGrants1795510425028 } from './1795510425028-audit-grants';
import { Idempotency1795510650297 } from './1795510650297-idempotency';
import { FindingsSummaryIndex1795516900000 } from './1795516900000-findings-summary-index';
// Every migration, oldest first.
export const migrations = [
  Foundation1795496461635,
  ReviewDomain1795497882736,
  Constraints1795499504130,
  Findings1795499849558,
  FollowUpReviewIndex1795501162714,
  RemindersReports1795506375416,
  AuditGrants1795510425028,
  Idempotency1795510650297,
  FindingsSummaryIndex1795516900000,
];
