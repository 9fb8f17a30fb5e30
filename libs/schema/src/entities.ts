// Every entity and subscriber of the product: the shape of the database that migrations must match.
import { AuditEvent, AuditSubscriber } from '@vigia/audit';
import { RefreshToken, User } from '@vigia/auth';
import { Institution } from '@vigia/institutions';
import { Review, ReviewMember } from '@vigia/reviews';

export const entities = [AuditEvent, User, RefreshToken, Institution, Review, ReviewMember];
export const subscribers = [AuditSubscriber];
