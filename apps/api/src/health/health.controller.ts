// GET /health: 200 while the database answers, 503 while it does not.
import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Access } from '@vigia/auth';

export class HealthDto {
  status!: 'ok' | 'error';
  db!: 'up' | 'down';
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
  ) {}

  @Get()
  @Access.public()
  @ApiServiceUnavailableResponse({ description: 'A dependency is down' })
  async check(): Promise<HealthDto> {
    try {
      await this.health.check([() => this.db.pingCheck('db', { timeout: 2000 })]);
      return { status: 'ok', db: 'up' };
    } catch {
      throw new ServiceUnavailableException({ message: 'The database is not answering', details: [{ db: 'down' }] });
    }
  }
}
