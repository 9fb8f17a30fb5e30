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
  static register(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        ClsModule.forRoot({ global: true }),
        LoggerModule.forRoot({ pinoHttp: { level: config.logLevel } }),
        TypeOrmModule.forRoot(dataSourceOptions(databaseUrl, config.database.poolSize)),
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
