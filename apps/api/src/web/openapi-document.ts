// The OpenAPI document as the built api serves it, from the TypeScript sources: for the web app's typed client.
// `nest build` compiles the Swagger plugin's metadata (DTO properties, response types) into dist/; ts-node and the
// tests compile without it, so their document would lack every response schema. This generates the same metadata
// from the sources and loads it, which is what Nest offers builds that skip the plugin (SWC, Vitest).
import { RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA } from '@nestjs/common/constants.js';
import { ApiResponse, SwaggerModule } from '@nestjs/swagger';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Program } from 'typescript';

interface NestCliConfig {
  compilerOptions?: { plugins?: (string | { name: string; options?: Record<string, unknown> })[] };
}

/** The plugin options nest-cli.json gives `nest build`, so both documents come from the same settings. */
function swaggerPluginOptions(root: string): Record<string, unknown> {
  const config = JSON.parse(readFileSync(join(root, 'nest-cli.json'), 'utf8')) as NestCliConfig;
  for (const plugin of config.compilerOptions?.plugins ?? []) {
    if (typeof plugin === 'object' && plugin.name === '@nestjs/swagger') return plugin.options ?? {};
  }
  return {};
}

/** The TypeScript program `nest build` compiles (tsconfig.build.json), for the plugin's type checker. */
async function buildProgram(root: string): Promise<Program> {
  const ts = await import('typescript');
  const path = join(root, 'tsconfig.build.json');
  const { config } = ts.readConfigFile(path, (file) => ts.sys.readFile(file)) as { config: unknown };
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, root, undefined, path);
  return ts.createProgram(parsed.fileNames, parsed.options);
}

type PluginMetadata = Record<string, Record<string, unknown>>;
/** [the module's import, {class name: {member: metadata}}], as the generator prints them. */
type PluginEntries = [Promise<Record<string, unknown>>, Record<string, PluginMetadata>][];

const API_RESPONSE = 'swagger/apiResponse';

/**
 * A handler's success response as `nest build` documents it. The compiled plugin adds its ApiResponse beneath a
 * handler's own decorators unless one of them documents a success already; loaded metadata would be ignored as soon
 * as the handler documents any response at all (every guarded route documents its 401), so it is applied here.
 */
function applyResponseMetadata(controller: { prototype: object }, method: string, metadata: Record<string, unknown>) {
  const { summary: _s, deprecated: _d, tags: _t, description: _x, ...response } = metadata;
  const handler = (controller.prototype as Record<string, unknown>)[method];
  if (Object.keys(response).length === 0 || typeof handler !== 'function') return;
  const existing = (Reflect.getMetadata(API_RESPONSE, handler) ?? {}) as Record<string, unknown>;
  if (Object.keys(existing).some((status) => !(Number(status) >= 400))) return;
  const httpCode = Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined;
  const verb = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
  const status = (response.status as number | undefined) ?? httpCode ?? (verb === RequestMethod.POST ? 201 : 200);
  const descriptor = Object.getOwnPropertyDescriptor(controller.prototype, method);
  if (!descriptor) return;
  Reflect.deleteMetadata(API_RESPONSE, handler);
  ApiResponse({ ...response, status })(controller.prototype, method, descriptor);
  const added = Reflect.getMetadata(API_RESPONSE, handler) as Record<string, unknown>;
  Reflect.defineMetadata(API_RESPONSE, { ...added, ...existing }, handler);
}

/**
 * Generates the Swagger plugin's metadata for every DTO and controller of the api and loads it into SwaggerModule.
 * Call it before the app is created. Type-checking the project takes some seconds.
 */
export async function loadSwaggerPluginMetadata(root: string = process.cwd()): Promise<void> {
  // Deep imports of build tooling (dev dependencies), loaded only by the client generator and its check.
  const { PluginMetadataGenerator } = await import('@nestjs/cli/lib/compiler/plugins/plugin-metadata-generator.js');
  const { ReadonlyVisitor } = await import('@nestjs/swagger/plugin');
  const dir = mkdtempSync(join(tmpdir(), 'vigia-openapi-'));
  try {
    new PluginMetadataGenerator().generate({
      visitors: [new ReadonlyVisitor({ ...swaggerPluginOptions(root), pathToSource: root })],
      outputDir: dir,
      filename: 'metadata.ts',
      // Our own program: the generator's would refuse to run while any file of the project has a type error.
      tsProgramRef: await buildProgram(root),
    });
    // The generator writes imports relative to the sources; the file lives elsewhere, so make them absolute.
    const file = join(dir, 'metadata.ts');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/import\("\.\//g, `import("${root}/`));
    const generated = (await import(file)) as { default: () => Promise<Record<string, Record<string, PluginEntries>>> };
    const metadata = await generated.default();
    for (const [imported, classes] of metadata['@nestjs/swagger'].controllers ?? []) {
      const module = await imported;
      for (const [name, methods] of Object.entries(classes)) {
        for (const [method, meta] of Object.entries(methods)) {
          applyResponseMetadata(module[name] as { prototype: object }, method, meta);
        }
      }
    }
    // Everything else (DTO properties, operation summaries) as Nest loads it.
    await SwaggerModule.loadPluginMetadata(() => Promise.resolve(metadata));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Object keys sorted at every level (arrays keep their order), so the checked-in document diffs cleanly. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

export const WEB_API_DIR = join('apps', 'web', 'src', 'api');

/** openapi.json as checked in: keys sorted, formatted by the repository's Prettier settings. */
export async function renderDocument(document: unknown, root: string = process.cwd()): Promise<string> {
  const prettier = await import('prettier');
  const file = join(root, WEB_API_DIR, 'openapi.json');
  const options = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(JSON.stringify(sortKeys(document)), { ...options, filepath: file });
}

/** schema.d.ts as checked in: openapi-typescript's types of the document, formatted like the rest of the code. */
export async function renderClientTypes(document: unknown, root: string = process.cwd()): Promise<string> {
  // Its declarations say `export =` beside named exports; both module formats export `default` and `astToString`.
  const { default: openapiTS, astToString } = (await import('openapi-typescript')) as unknown as {
    default: (document: unknown) => Promise<unknown[]>;
    astToString: (ast: unknown[]) => string;
  };
  const prettier = await import('prettier');
  const file = join(root, WEB_API_DIR, 'schema.d.ts');
  const types = astToString(await openapiTS(sortKeys(document)));
  const header = '// Generated by `npm run api:client` from openapi.json: the types of the api, for the web app.\n';
  const options = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(header + types, { ...options, filepath: file });
}
