// /admin/reminders: run the reminder scan or the managers' digest now, besides their schedules.
import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '@vigia/auth';
import { JobAcceptedDto } from './dto/job-accepted.dto';
import { ScanDigestsJob } from './jobs/scan-digests.job';
import { ScanRemindersJob } from './jobs/scan-reminders.job';

@ApiTags('reminders')
@Controller('admin/reminders')
export class RemindersAdminController {
  constructor(
    private readonly reminderScan: ScanRemindersJob,
    private readonly digestScan: ScanDigestsJob,
  ) {}

  /** Queues a reminder scan now; reminders already sent are not sent again. */
  @Post('scan')
  @HttpCode(202)
  @Access.admin()
  @ApiAcceptedResponse({ type: JobAcceptedDto })
  scan(): Promise<JobAcceptedDto> {
    return this.reminderScan.enqueueNow();
  }

  /** Queues this week's manager digest now; a manager gets one digest per review and ISO week. */
  @Post('digest')
  @HttpCode(202)
  @Access.admin()
  @ApiAcceptedResponse({ type: JobAcceptedDto })
  digest(): Promise<JobAcceptedDto> {
    return this.digestScan.enqueueNow();
  }
}
