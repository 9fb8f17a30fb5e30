// Query of GET /me/notifications, and notifications as the /me/notifications routes answer them.
import { ApiProperty } from '@nestjs/swagger';
import { PageQueryDto, QueryBoolean } from '@vigia/common';
import { IsBoolean, IsOptional } from 'class-validator';
import {
  NOTIFICATION_ITEM_TYPES,
  NOTIFICATION_KINDS,
  type NotificationItemType,
  type NotificationKind,
} from '../notification.entity';

export class ListNotificationsQueryDto extends PageQueryDto {
  /** Only those not read yet. */
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  unread?: boolean;
}

export class NotificationDto {
  id!: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS })
  kind!: NotificationKind;
  reviewId!: string;
  /** What it is about; a digest is about a review. */
  @ApiProperty({ enum: NOTIFICATION_ITEM_TYPES })
  itemType!: NotificationItemType;
  itemId!: string;
  /** Which reminder of the item: `before-3@2026-12-01`, `overdue-1@2026-12-01`, `digest@2026-W48`. */
  occasion!: string;
  /** The item's due date when the notification was made; null for a digest. */
  dueOn!: string | null;
  /** In the recipient's language. */
  title!: string;
  body!: string;
  readAt!: Date | null;
  createdAt!: Date;
}

export class NotificationPageDto {
  /** Newest first. */
  items!: NotificationDto[];
  nextCursor!: string | null;
  /** How many of the caller's notifications are unread, whatever the filter and page. */
  unreadCount!: number;
}

export class ReadAllNotificationsDto {
  /** How many notifications this call marked read. */
  updated!: number;
}
