// GET /health: 200 while the database and the job queue answer, 503 while either does not.
import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Access } from '@vigia/auth';
import { QueueService } from '@vigia/queue';

export class HealthDto {
  status!: 'ok' | 'error';
  db!: 'up' | 'down';
  queue!: 'up' | 'down';
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly queues: QueueService,
  ) {}

  @Get()
  @Access.public()
  @ApiServiceUnavailableResponse({ description: 'A dependency is down' })
  async check(): Promise<HealthDto> {
    const [db, queue] = await Promise.all([
      this.health.check([() => this.db.pingCheck('db', { timeout: 2000 })]).then(
        () => 'up' as const,
        () => 'down' as const,
      ),
      this.queues.ping().then((up) => (up ? ('up' as const) : ('down' as const))),
    ]);
    if (db === 'down' || queue === 'down') {
      const down = [db === 'down' ? 'the database' : '', queue === 'down' ? 'the job queue' : '']
        .filter(Boolean)
        .join(' and ');
      throw new ServiceUnavailableException({ message: `${down} is not answering`, details: [{ db, queue }] });
    }
    return { status: 'ok', db, queue };
  }
}
