// Every entity and subscriber of the product: the shape of the database that migrations must match.
import { AuditEvent, AuditSubscriber } from '@vigia/audit';
import { RefreshToken, User } from '@vigia/auth';
import { FocusArea, Principle } from '@vigia/catalogues';
import { IdempotencyKey, IdempotencySubscriber } from '@vigia/common';
import { Deliverable, DeliverableTransition, Milestone } from '@vigia/deliverables';
import { Evidence } from '@vigia/evidence';
import { Comment, Finding, FindingTransition, FollowUp, Recommendation } from '@vigia/findings';
import { Indicator, Institution } from '@vigia/institutions';
import { Review, ReviewComponent, ReviewMember } from '@vigia/reviews';
import { MailMessage, Notification, ReminderPolicy } from '@vigia/reminders';
import { Report } from '@vigia/reports';
import { Participant, Workshop } from '@vigia/workshops';

export const entities = [
  AuditEvent,
  User,
  RefreshToken,
  Institution,
  Indicator,
  FocusArea,
  Principle,
  Review,
  ReviewMember,
  ReviewComponent,
  Deliverable,
  DeliverableTransition,
  Milestone,
  Workshop,
  Participant,
  Finding,
  FindingTransition,
  Comment,
  Recommendation,
  FollowUp,
  Evidence,
  ReminderPolicy,
  Notification,
  MailMessage,
  Report,
  IdempotencyKey,
];

export const subscribers = [AuditSubscriber, IdempotencySubscriber];
