// Builds the configured HTTP application; shared by main.ts and the integration tests.
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, getSchemaPath, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { createValidationPipe, ErrorDto, HttpExceptionFilter } from '@vigia/common';
import { AppConfig } from '@vigia/config';
import { runMigrations } from '@vigia/database';
import { dataSourceOptions } from '@vigia/schema';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { registerQueueBoard } from './queue-board/queue-board';
import { serveWebApp } from './web/serve-web';

export const API_PREFIX = 'api/v1';
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Applies pending migrations with a short-lived connection, before any module touches the schema. */
export async function migrateDatabase(url: string, log: (line: string) => void): Promise<void> {
  const dataSource = new DataSource(dataSourceOptions(url, 3));
  await dataSource.initialize();
  try {
    await runMigrations(dataSource, log);
  } finally {
    await dataSource.destroy();
  }
}

export function buildOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Vigía API')
    .setDescription('Case management for public procurement reviews. Conventions: docs/api.md in the repository.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ErrorDto] });
  // Every error answer has the same shape (the global filter): say so on each documented 4xx and 5xx response.
  const errorBody = { 'application/json': { schema: { $ref: getSchemaPath(ErrorDto) } } };
  for (const operations of Object.values(document.paths)) {
    for (const operation of Object.values(
      operations as Record<string, { responses?: Record<string, { content?: unknown }> }>,
    )) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        if (/^[45]/.test(status) && !response.content) response.content = errorBody;
      }
    }
  }
  return document;
}

/** `databaseUrl`: the owner's; `dataUrl`: the application role's (see AppModule.register). */
export async function createApp(
  config: AppConfig,
  databaseUrl: string,
  dataUrl = databaseUrl,
): Promise<NestFastifyApplication> {
  const errors = new HttpExceptionFilter();
  const adapter = new FastifyAdapter({
    bodyLimit: config.http.bodyLimitBytes,
    trustProxy: config.http.trustProxy,
    logger: false,
    // Keep a caller's request id when it is sane, so a trace can cross services; pino-http logs this id.
    genReqId: (req: IncomingMessage) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // Prototype-polluting keys in JSON bodies are refused outright.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // What Node's parser (malformed HTTP, headers too large) and Fastify's router (a malformed URL, an over-long path
    // parameter) refuse before Nest sees the request is answered in the API's error shape too.
    clientErrorHandler: HttpExceptionFilter.answerClientError,
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) =>
      errors.answer(error, request, reply),
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register(config, databaseUrl, dataUrl),
    adapter,
    {
      bufferLogs: true,
    },
  );
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix(API_PREFIX);
  // Nest routes Fastify's own errors (malformed JSON, body too large) through this filter too.
  app.useGlobalFilters(errors);
  app.useGlobalPipes(createValidationPipe());

  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    void reply.header('x-request-id', request.id);
    done();
  });

  // Uploads (evidence): one file per request, refused past the configured size. Files stream; nothing is buffered whole.
  await app.register(multipart, {
    limits: { fileSize: config.evidence.maxBytes, files: 1, fields: 10, parts: 12, fieldSize: 10_000 },
  });
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
      },
    },
  });
  await app.register(cookie);
  // Cross-origin callers only where CORS_ORIGINS names them; otherwise no CORS at all (the web app is same-origin), and
  // no CORS hook on every request either.
  if (config.http.corsOrigins.length > 0) app.enableCors({ origin: config.http.corsOrigins });

  // The web app at / (or, when it was not built, a page saying so that links the API's documentation).
  await serveWebApp(fastify);
  await registerQueueBoard(app);
  SwaggerModule.setup('api/docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
