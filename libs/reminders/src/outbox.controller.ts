// /admin/outbox: every e-mail the product wrote, and whether it went out.
import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '@vigia/auth';
import { ListOutboxQueryDto, OutboxMessageDetailDto, OutboxPageDto } from './dto/outbox.dto';
import { OutboxService } from './outbox.service';

@ApiTags('reminders')
@Controller('admin/outbox')
export class OutboxController {
  constructor(private readonly outbox: OutboxService) {}

  /** Newest first; `?status=pending|sent|kept|failed`. */
  @Get()
  @Access.admin()
  list(@Query() query: ListOutboxQueryDto): Promise<OutboxPageDto> {
    return this.outbox.list(query);
  }

  /** One message with its text. */
  @Get(':id')
  @Access.admin()
  @ApiNotFoundResponse({ description: 'No such message' })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<OutboxMessageDetailDto> {
    return this.outbox.get(id);
  }
}
