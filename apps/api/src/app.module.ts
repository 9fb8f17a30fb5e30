// The api's composition root: configuration, logging, request context, the database and every feature.
import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@vigia/audit-api';
import { AuthModule } from '@vigia/auth';
import { CataloguesModule } from '@vigia/catalogues';
import { IdempotencyInterceptor, IdempotencyModule } from '@vigia/common';
import { DeliverablesModule } from '@vigia/deliverables';
import { EvidenceModule } from '@vigia/evidence';
import { FindingsModule, RecommendationsModule } from '@vigia/findings';
import { AppConfig, ConfigModule } from '@vigia/config';
import { InstitutionsModule } from '@vigia/institutions';
import { QueueModule } from '@vigia/queue';
import { RemindersModule } from '@vigia/reminders';
import { ReportsModule } from '@vigia/reports';
import { ReviewsModule } from '@vigia/reviews';
import { dataSourceOptions } from '@vigia/schema';
import { TimelineModule } from '@vigia/timeline';
import { WorkshopsModule } from '@vigia/workshops';
import { ClsModule } from 'nestjs-cls';
import { LoggerModule } from 'nestjs-pino';
import { HealthModule } from './health/health.module';
import { QueueBoardController } from './queue-board/queue-board.controller';

@Module({})
export class AppModule {
  /**
   * `databaseUrl` is the owner's (the job queues' schema on the PostgreSQL backend is created and upgraded through
   * it); `dataUrl` the application role's, which every other connection uses (libs/database/src/app-role.ts).
   */
  static register(config: AppConfig, databaseUrl: string, dataUrl = databaseUrl): DynamicModule {
    return {
      module: AppModule,
      controllers: [QueueBoardController],
      // Every POST, PUT, PATCH and DELETE may carry an Idempotency-Key (libs/common/src/idempotency).
      providers: [{ provide: APP_INTERCEPTOR, useExisting: IdempotencyInterceptor }],
      imports: [
        ConfigModule.forRoot(config),
        ClsModule.forRoot({ global: true, middleware: { mount: true } }),
        LoggerModule.forRoot({
          // Health probes arrive every few seconds; they are not worth a log line each.
          exclude: [{ method: RequestMethod.GET, path: 'health' }],
          pinoHttp: {
            level: config.logLevel,
            redact: ['req.headers.authorization', 'req.headers.cookie', 'req.body.password', 'req.body.refreshToken'],
            customLogLevel: (_req, res, err) =>
              err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
          },
        }),
        TypeOrmModule.forRoot(dataSourceOptions(dataUrl, config.database.poolSize)),
        IdempotencyModule,
        // `npm start` is one process, so the api runs the job handlers too (QUEUE_PROCESSORS_IN_API=false turns them off).
        QueueModule.register({
          databaseUrl,
          redisUrl: config.redis.url,
          processors: config.queue.processorsInApi,
          lockMs: config.queue.lockMs,
        }),
        AuthModule,
        AuditModule,
        InstitutionsModule,
        ReviewsModule,
        CataloguesModule,
        DeliverablesModule,
        WorkshopsModule,
        TimelineModule,
        FindingsModule,
        RecommendationsModule,
        EvidenceModule,
        RemindersModule,
        ReportsModule,
        HealthModule,
      ],
    };
  }
}
