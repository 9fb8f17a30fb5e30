// What POST /admin/reminders/scan and /admin/reminders/digest answer: the queued job, to follow in the queue board.
export class JobAcceptedDto {
  jobId!: string;
}
