// The worker process: runs queue processors apart from the api (scale them separately in production).
import { NestFactory } from '@nestjs/core';
import { loadConfigOrExit } from '@vigia/config';
import { applicationDatabaseUrl, startDatabaseServer } from '@vigia/database';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  // With no DATABASE_URL the worker shares the api's embedded PostgreSQL (or starts it if the api is not running).
  const db = await startDatabaseServer(config);
  const dataUrl = await applicationDatabaseUrl(config, db.url);
  const app = await NestFactory.createApplicationContext(WorkerModule.register(config, db.url, dataUrl), {
    bufferLogs: true,
  });
  const logger = app.get(Logger);
  app.useLogger(logger);
  await app.init();
  logger.log('Vigía worker started');
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.log(`${signal} received; letting running jobs finish`);
      void app
        .close()
        .then(() => db.stop())
        .then(
          () => process.exit(0),
          () => process.exit(1),
        );
    });
  }
}

void main();
