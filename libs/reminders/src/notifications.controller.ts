// /me/notifications: the signed-in person's reminders and digests, and marking them read.
import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, type AuthUser, CurrentUser } from '@vigia/auth';
import {
  ListNotificationsQueryDto,
  NotificationDto,
  NotificationPageDto,
  ReadAllNotificationsDto,
} from './dto/notification.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@Controller('me/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  /** The caller's own notifications, newest first; `?unread=true` for those not read yet. */
  @Get()
  @Access.user()
  list(@Query() query: ListNotificationsQueryDto, @CurrentUser() user: AuthUser): Promise<NotificationPageDto> {
    return this.notifications.list(user.id, query);
  }

  /** Marks every unread notification of the caller read. */
  @Post('read-all')
  @HttpCode(200)
  @Access.user()
  @ApiOkResponse({ type: ReadAllNotificationsDto })
  readAll(@CurrentUser() user: AuthUser): Promise<ReadAllNotificationsDto> {
    return this.notifications.markAllRead(user.id);
  }

  /** Idempotent: reading it again keeps the first readAt. Another person's notification is 404. */
  @Post(':id/read')
  @HttpCode(200)
  @Access.user()
  @ApiOkResponse({ type: NotificationDto })
  @ApiNotFoundResponse({ description: 'No such notification of yours' })
  read(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<NotificationDto> {
    return this.notifications.markRead(user.id, id);
  }
}
