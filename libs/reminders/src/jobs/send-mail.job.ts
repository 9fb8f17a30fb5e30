// Delivers one outbox message; BullMQ retries a failure with backoff, and the message is marked failed at the end.
import { Injectable } from '@nestjs/common';
import { JobFailedHandler, JobHandler, JobName, type JobPayloads } from '@vigia/queue';
import { MailSenderService, type SendOutcome } from '../mail-sender.service';

@Injectable()
export class SendMailJob {
  constructor(private readonly sender: MailSenderService) {}

  /** Safe to run twice: a message that is no longer pending is left alone. */
  @JobHandler(JobName.SendMail)
  run(payload: JobPayloads[JobName.SendMail]): Promise<SendOutcome> {
    return this.sender.send(payload.mailId);
  }

  @JobFailedHandler(JobName.SendMail)
  failed(payload: JobPayloads[JobName.SendMail], _job: unknown, error: Error): Promise<void> {
    return this.sender.giveUp(payload.mailId, error);
  }
}
