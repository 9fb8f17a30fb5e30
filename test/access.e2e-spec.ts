import { Controller, Get, Module } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ACCESS_RULE } from '@vigia/auth';
import { TestApp } from './support/test-app';

const PATH_METADATA = 'path';
const METHOD_METADATA = 'method';

describe('every route declares who may call it', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  it('finds an Access rule on every handler of every controller', () => {
    const discovery = t.app.get(DiscoveryService);
    const scanner = t.app.get(MetadataScanner);
    const reflector = t.app.get(Reflector);
    const handlers: string[] = [];
    const undeclared: string[] = [];
    for (const wrapper of discovery.getControllers()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const name of scanner.getAllMethodNames(prototype)) {
        const handler = (prototype as Record<string, unknown>)[name] as (...args: unknown[]) => unknown;
        if (
          Reflect.getMetadata(PATH_METADATA, handler) === undefined ||
          Reflect.getMetadata(METHOD_METADATA, handler) === undefined
        )
          continue;
        const label = `${wrapper.name}.${name}`;
        handlers.push(label);
        if (!reflector.getAllAndOverride<unknown>(ACCESS_RULE, [handler, wrapper.metatype as () => unknown]))
          undeclared.push(label);
      }
    }
    expect(handlers.length).toBeGreaterThanOrEqual(20);
    expect(undeclared).toEqual([]);
  });

  it('lists in the OpenAPI document every route the server answers', async () => {
    const doc = (await t.request('GET', '/api/docs-json')).body;
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(documented).toEqual(
      expect.arrayContaining([
        'POST /api/v1/auth/login',
        'POST /api/v1/auth/refresh',
        'POST /api/v1/auth/logout',
        'GET /api/v1/me',
        'GET /api/v1/users',
        'POST /api/v1/users',
        'GET /api/v1/users/{id}',
        'PATCH /api/v1/users/{id}',
        'GET /api/v1/institutions',
        'POST /api/v1/institutions',
        'GET /api/v1/institutions/{id}',
        'PATCH /api/v1/institutions/{id}',
        'GET /api/v1/reviews',
        'POST /api/v1/reviews',
        'GET /api/v1/reviews/{id}',
        'PATCH /api/v1/reviews/{id}',
        'GET /api/v1/reviews/{id}/members',
        'POST /api/v1/reviews/{id}/members',
        'DELETE /api/v1/reviews/{id}/members/{userId}',
        'GET /api/v1/audit-events',
        'GET /api/v1/audit-events/verify',
        'GET /api/v1/health',
      ]),
    );
  });
});

// A route that forgot its decorator is closed, not open.
@Controller('forgotten')
class ForgottenController {
  @Get()
  open(): string {
    return 'should never be served';
  }
}

@Module({ controllers: [ForgottenController] })
class ForgottenModule {}

describe('a route without an Access rule', () => {
  it('is refused with 403 even with a valid token', async () => {
    const { AppModule } = await import('../apps/api/src/app.module');
    const original = AppModule.register;
    AppModule.register = (...args: Parameters<typeof original>) => {
      const mod = original(...args);
      return { ...mod, imports: [...(mod.imports ?? []), ForgottenModule] };
    };
    const t = await TestApp.start();
    try {
      const admin = await t.admin();
      expect((await t.get('/forgotten', admin.token)).status).toBe(403);
      expect((await t.get('/forgotten')).status).toBe(403);
    } finally {
      AppModule.register = original;
      await t.close();
    }
  });
});
