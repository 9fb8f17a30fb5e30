// The worker's composition root: configuration, logging, the database, the queues and the modules whose jobs it runs.
import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@vigia/audit-api';
import { AppConfig, ConfigModule } from '@vigia/config';
import { QueueModule } from '@vigia/queue';
import { RemindersModule } from '@vigia/reminders';
import { ReportsModule } from '@vigia/reports';
import { dataSourceOptions } from '@vigia/schema';
import { ClsModule } from 'nestjs-cls';
import { LoggerModule } from 'nestjs-pino';

@Module({})
export class WorkerModule {
  /**
   * `databaseUrl` is the owner's (the job queues' schema on the PostgreSQL backend is created and upgraded through
   * it); `dataUrl` the application role's, which every other connection uses (libs/database/src/app-role.ts).
   */
  static register(config: AppConfig, databaseUrl: string, dataUrl = databaseUrl): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        ClsModule.forRoot({ global: true }),
        LoggerModule.forRoot({ pinoHttp: { level: config.logLevel } }),
        TypeOrmModule.forRoot(dataSourceOptions(dataUrl, config.database.poolSize)),
        QueueModule.register({
          databaseUrl,
          redisUrl: config.redis.url,
          processors: true,
          lockMs: config.queue.lockMs,
        }),
        AuditModule,
        RemindersModule,
        ReportsModule,
      ],
    };
  }
}
