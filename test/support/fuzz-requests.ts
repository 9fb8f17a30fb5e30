// Hostile requests built from the OpenAPI document: per operation, fast-check arbitraries that start from what its
// schema accepts and then break it (wrong types, missing fields, huge, deep or prototype-polluting values, SQL,
// script, CR/LF and NUL, unicode edge cases, bad ids and dates, broken JSON, wrong content types, hostile queries,
// path parameters and headers).
import fc from 'fast-check';

export const ROLES = ['admin', 'coordinator', 'auditor', 'manager', 'outsider', 'anonymous'] as const;
export type Role = (typeof ROLES)[number];

export interface Schema {
  type?: string;
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  pattern?: string;
  $ref?: string;
  allOf?: Schema[];
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

export interface OpenApiDocument {
  paths: Record<
    string,
    Record<string, { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>
  >;
  components?: { schemas?: Record<string, Schema> };
}

export interface Operation {
  method: string;
  /** The path as the document names it, without the /api/v1 prefix: `/reviews/{id}/findings`. */
  template: string;
  /** `POST /reviews/{id}/findings` */
  key: string;
  pathParams: string[];
  query: { name: string; schema: Schema }[];
  body?: { kind: 'json'; schema: Schema } | { kind: 'multipart' };
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

/** The schema with its `$ref`s replaced by what they name and its `allOf`s merged, all the way down. */
function resolve(doc: OpenApiDocument, schema: Schema | undefined, depth = 0): Schema {
  if (!schema || depth > 20) return {};
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    return resolve(doc, doc.components?.schemas?.[name], depth + 1);
  }
  if (schema.allOf) {
    const { allOf, ...rest } = schema;
    return allOf.reduce<Schema>((merged, part) => ({ ...merged, ...resolve(doc, part, depth + 1) }), rest);
  }
  const resolved: Schema = { ...schema };
  if (schema.items) resolved.items = resolve(doc, schema.items, depth + 1);
  if (schema.properties) {
    resolved.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([name, property]) => [name, resolve(doc, property, depth + 1)]),
    );
  }
  return resolved;
}

/** Every operation of the document under `prefix`, in the document's order. */
export function operationsOf(doc: OpenApiDocument, prefix = '/api/v1'): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!path.startsWith(prefix)) continue;
    const template = path.slice(prefix.length);
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.has(method)) continue;
      const parameters = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      let body: Operation['body'];
      if (content['application/json'])
        body = { kind: 'json', schema: resolve(doc, content['application/json'].schema) };
      else if (content['multipart/form-data']) body = { kind: 'multipart' };
      operations.push({
        method: method.toUpperCase(),
        template,
        key: `${method.toUpperCase()} ${template}`,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        query: parameters
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, schema: resolve(doc, p.schema) })),
        body,
      });
    }
  }
  return operations;
}

/** What the fuzzer knows of the fixture it runs against. */
export interface Known {
  /** A real id for a path parameter: `param` after the path segment `segment` (`reviews`/`id`, `members`/`userId`). */
  pathId(segment: string, param: string): string;
  /** A real id for a body or query field that holds one (`institutionId`, `focusAreaIds`), if there is one. */
  fieldId(field: string): string | undefined;
  principleCodes: string[];
  /** The largest body the api accepts, in bytes. */
  bodyLimitBytes: number;
}

/** Stands for the record's current version; the test puts the number in just before it sends the request. */
export const CURRENT_VERSION = '\u0000current-version\u0000';

// ---- Payloads ----

export const SQL = [
  "' OR 1=1 --",
  "'; DROP TABLE reviews; --",
  '1; DROP TABLE users',
  "' UNION SELECT password_hash, email FROM users --",
  '" OR ""="',
  "admin'--",
  "1' AND pg_sleep(3) IS NULL --",
  "$1::text; SELECT current_setting('is_superuser')",
  "%' AND 1=0 UNION SELECT NULL --",
  "\\'; COPY users TO '/tmp/x'; --",
];

export const SCRIPT = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(document.cookie)',
  '<svg/onload=alert(1)>',
  "{{constructor.constructor('return process')()}}",
  '${process.exit(1)}',
  "=cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|'/C calc'!A0",
  '</title><script>alert(1)</script>',
  '<!--#exec cmd="ls"-->',
];

export const CONTROL = [
  'line one\r\nline two',
  'carriage\rreturn',
  'header\r\nSet-Cookie: hijacked=1',
  'BEGIN:VEVENT\r\nSUMMARY:injected\r\nEND:VEVENT',
  'nul\u0000byte',
  '\u0000',
  'bell\u0007 escape\u001b[31m red',
  'tab\tvertical\u000bform\u000c',
  'line\u2028separator\u2029paragraph',
  'next\u0085line',
];

export const UNICODE = [
  '\ud800',
  'lone \udfff low surrogate',
  '😀 emoji 👨‍👩‍👧‍👦',
  'e\u0301 combining',
  '\u202eevil right-to-left override',
  'zero\u200bwidth\u200d joiner',
  '\ufeffbyte order mark',
  '\uffff\ufffe noncharacters',
  'ｆｕｌｌｗｉｄｔｈ',
  'Z̵̡̢̛̖a̶̡͙l̷̞͝g̸̨̛o̴̗͘',
  'İstanbul ß ǅ ﬁ',
  'Licitación pública — ISSSTESON',
  '𝕳𝖊𝖑𝖑𝖔 astral plane',
  '',
  ' ',
  '\t \n ',
];

export const PATHS = [
  '../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  'file:///etc/passwd',
  '%00',
  '%s%s%s%n',
  'C:\\boot.ini',
];

const HOSTILE_STRINGS = [...SQL, ...SCRIPT, ...CONTROL, ...UNICODE, ...PATHS];

export const BAD_UUIDS = [
  'not-a-uuid',
  '',
  '1',
  '-1',
  "' OR 1=1 --",
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'g3b24110-e2bb-4255-8caf-4136c566a962',
  '{3b241101-e2bb-4255-8caf-4136c566a962}',
  '3b241101e2bb42558caf4136c566a962',
  '3b241101-e2bb-4255-8caf-4136c566a962 ',
  '3b241101-e2bb-4255-8caf-4136c566a962\u0000',
  '3b241101-e2bb-4255-8caf-4136c566a9621',
  '__proto__',
  'constructor',
  'x'.repeat(2000),
];

export const BAD_DATES = [
  '2024-02-30',
  '2023-02-29',
  '0000-01-01',
  '9999-12-31',
  '10000-01-01',
  '2024-13-01',
  '2024-00-10',
  '2024-1-1',
  '24-01-01',
  '2024/01/01',
  '2024-01-01T00:00:00Z',
  '2024-01-01 ',
  '-2024-01-01',
  '+002024-01-01',
  '2024-W01-1',
  'today',
  '',
];

export const BAD_NUMBERS = [-1, 0, 1.5, -0.0001, 1e21, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), 1e308, -1e308, 5e-324];

const WRONG_TYPES: unknown[] = [0, -1, 1.5, 1e308, true, false, null, '', 'x', '7', [], [null], [1, 'a'], {}, { a: 1 }];

/** Fields a caller must never be able to set: each body may try some. */
const MASS_ASSIGNMENT: [string, unknown][] = [
  ['role', 'admin'],
  ['isAdmin', true],
  ['id', '3b241101-e2bb-4255-8caf-4136c566a962'],
  ['authorId', '3b241101-e2bb-4255-8caf-4136c566a962'],
  ['reviewId', '3b241101-e2bb-4255-8caf-4136c566a962'],
  ['status', 'approved'],
  ['version', 999],
  ['createdAt', '2000-01-01T00:00:00Z'],
  ['active', true],
  ['rating', 'low'],
  ['sha256', '0'.repeat(64)],
  ['passwordHash', 'x'],
];

const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'];

// ---- Values the schema accepts ----

const DATE_FIELD = /(On|Before|After)$|^(from|to)$/;

/** Days in the past, as a follow-up's `on` must be, yet late enough for every other date field. */
const isoDay = fc
  .integer({ min: Date.UTC(2016, 0, 1), max: Date.UTC(2025, 11, 31) })
  .map((ms) => new Date(ms).toISOString().slice(0, 10));

function text(schema: Schema): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 200;
  return fc
    .constantFrom('Fuzz', 'Licitación pública', 'Revisión de compras', 'Direct awards', 'Hermosillo, Sonora')
    .map((s) => s.slice(0, max).padEnd(Math.max(min, 1), 'x'));
}

function validString(schema: Schema, name: string, known: Known): fc.Arbitrary<unknown> {
  if (schema.format === 'uuid') {
    const id = known.fieldId(name);
    return id ? fc.oneof({ arbitrary: fc.constant(id), weight: 4 }, { arbitrary: fc.uuid(), weight: 1 }) : fc.uuid();
  }
  if (schema.format === 'email') return fc.nat().map((n) => `fuzz.${n.toString(36)}@test.vigia`);
  if (schema.format === 'date-time') return isoDay.map((d) => `${d}T12:00:00.000Z`);
  if (DATE_FIELD.test(name)) return isoDay;
  if (name === 'code') return fc.nat().map((n) => `fuzz-${n.toString(36)}`);
  if (name === 'metric') return fc.nat().map((n) => `fuzz_${n.toString(36)}`);
  if (name === 'country') return fc.constantFrom('MX', 'FR', 'ES');
  if (name === 'password') return fc.nat().map((n) => `fuzz-password-${n}`);
  if (name === 'principleCodes' || name === 'principle') return fc.constantFrom(...known.principleCodes);
  if (schema.pattern) {
    return fc
      .stringMatching(new RegExp(schema.pattern))
      .filter((s) => s.length >= (schema.minLength ?? 1) && s.length <= Math.min(schema.maxLength ?? 64, 64));
  }
  return text(schema);
}

/** A value the schema accepts; `name` is the field's, for the formats the document does not spell out. */
export function validValue(schema: Schema, name: string, known: Known): fc.Arbitrary<unknown> {
  if (name === 'version') return fc.constant(CURRENT_VERSION);
  if (schema.enum && schema.enum.length > 0) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'string':
      return validString(schema, name, known);
    case 'number':
    case 'integer':
      return fc.integer({ min: schema.minimum ?? 0, max: schema.maximum ?? (schema.minimum ?? 0) + 1000 });
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const item = validValue(schema.items ?? { type: 'string' }, name, known);
      const constraints = {
        minLength: Math.max(1, schema.minItems ?? 0),
        maxLength: Math.min(schema.maxItems ?? 3, 3),
      };
      return schema.uniqueItems ? fc.uniqueArray(item, constraints) : fc.array(item, constraints);
    }
    default: {
      if (!schema.properties) return fc.constant({});
      const model = Object.fromEntries(
        Object.entries(schema.properties).map(([field, property]) => [field, validValue(property, field, known)]),
      );
      return fc.record(model, { requiredKeys: (schema.required ?? []).filter((k) => k in model) });
    }
  }
}

// ---- Breaking a body ----

type Path = (string | number)[];

interface Slot {
  path: Path;
  schema: Schema;
  name: string;
}

/** The places in a body that hold a value (fields, nested fields, array items), with their schemas. */
function slotsOf(value: unknown, schema: Schema, path: Path = [], name = 'body', depth = 0): Slot[] {
  const slots: Slot[] = path.length > 0 ? [{ path, schema, name }] : [];
  if (depth > 3) return slots;
  if (Array.isArray(value) && schema.items) {
    value.forEach((item, i) => slots.push(...slotsOf(item, schema.items!, [...path, i], name, depth + 1)));
  } else if (value && typeof value === 'object' && schema.properties) {
    for (const [field, property] of Object.entries(schema.properties)) {
      if (field in value)
        slots.push(...slotsOf((value as Record<string, unknown>)[field], property, [...path, field], field, depth + 1));
      else slots.push({ path: [...path, field], schema: property, name: field });
    }
  }
  return slots;
}

/** Objects in a body that could take one more key. */
function objectsOf(value: unknown, path: Path = []): Path[] {
  if (!value || typeof value !== 'object') return [];
  const here = Array.isArray(value) ? [] : [path];
  return [
    ...here,
    ...Object.entries(value).flatMap(([key, child]) =>
      objectsOf(child, [...path, Array.isArray(value) ? Number(key) : key]),
    ),
  ];
}

function getAt(root: unknown, path: Path): unknown {
  return path.reduce<unknown>(
    (v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined),
    root,
  );
}

/** Sets (or, for `undefined`, deletes) the value at `path`; the root itself is replaced by answering the new value. */
function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const parent = getAt(root, path.slice(0, -1));
  if (!parent || typeof parent !== 'object') return root;
  const key = path[path.length - 1];
  if (value === undefined) delete (parent as Record<string, unknown>)[key];
  else Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
  return root;
}

function nested(levels: number, kind: 'object' | 'array'): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < levels; i++) value = kind === 'object' ? { a: value } : [value];
  return value;
}

type Mutation = { name: string; apply: (body: unknown) => unknown };

const hostileString = fc.constantFrom(...HOSTILE_STRINGS);

/** 100 kB of one character, or of a payload repeated. */
const hugeString = fc.oneof(
  fc.constantFrom('A', 'é', '😀', '\u0000', '<', "'").map((c) => c.repeat(Math.ceil(100_000 / c.length))),
  fc.constantFrom(...SQL, ...SCRIPT, ...CONTROL).map((s) => s.repeat(Math.ceil(100_000 / Math.max(1, s.length)))),
);

function valueFor(slot: Slot): fc.Arbitrary<[string, unknown]> {
  const choices: fc.WeightedArbitrary<[string, unknown]>[] = [
    { arbitrary: fc.constantFrom(...WRONG_TYPES).map((v) => ['wrong type', v]), weight: 4 },
    { arbitrary: hostileString.map((v) => ['hostile string', v]), weight: 4 },
    { arbitrary: hugeString.map((v) => ['huge string', v]), weight: 1 },
    { arbitrary: fc.constantFrom(...BAD_NUMBERS).map((v) => ['bad number', v]), weight: 1 },
    {
      arbitrary: fc.constantFrom<'object' | 'array'>('object', 'array').map((k) => ['deep nesting', nested(1000, k)]),
      weight: 1,
    },
    { arbitrary: fc.constant<[string, unknown]>(['null', null]), weight: 1 },
  ];
  if (slot.schema.format === 'uuid')
    choices.push({ arbitrary: fc.constantFrom(...BAD_UUIDS).map((v) => ['bad uuid', v]), weight: 4 });
  if (DATE_FIELD.test(slot.name))
    choices.push({ arbitrary: fc.constantFrom(...BAD_DATES).map((v) => ['bad date', v]), weight: 4 });
  if (slot.schema.type === 'number')
    choices.push({ arbitrary: fc.constantFrom(...BAD_NUMBERS).map((v) => ['bad number', v]), weight: 4 });
  if (slot.schema.properties)
    choices.push({ arbitrary: fc.constant<[string, unknown]>(['array for object', []]), weight: 2 });
  return fc.oneof(...choices);
}

function mutationArb(slots: Slot[], objects: Path[], schema: Schema): fc.Arbitrary<Mutation> {
  const choices: fc.WeightedArbitrary<Mutation>[] = [
    {
      arbitrary: fc.constantFrom(...MASS_ASSIGNMENT).map(([key, value]) => ({
        name: `extra field ${key}`,
        apply: (body) =>
          body && typeof body === 'object' && !Array.isArray(body) && !(key in body) ? setAt(body, [key], value) : body,
      })),
      weight: 2,
    },
    {
      arbitrary: fc
        .tuple(
          fc.constantFrom(...(objects.length > 0 ? objects : [[]])),
          fc.constantFrom(...PROTOTYPE_KEYS),
          fc.constantFrom<unknown>({ isAdmin: true }, { prototype: { polluted: true } }, 'x', null, []),
        )
        .map(([at, key, value]) => ({
          name: `prototype key ${key}`,
          apply: (body) => (body && typeof body === 'object' ? setAt(body, [...at, key], value) : body),
        })),
      weight: 3,
    },
    {
      arbitrary: fc.constant({ name: 'array for object', apply: (body: unknown) => [body] }),
      weight: 1,
    },
  ];
  if (slots.length > 0) {
    choices.push({
      arbitrary: fc.constantFrom(...slots).chain((slot) =>
        valueFor(slot).map(([kind, value]) => ({
          name: `${kind} at ${slot.path.join('.')}`,
          apply: (body: unknown) => setAt(body, slot.path, value),
        })),
      ),
      weight: 12,
    });
  }
  const required = (schema.required ?? []).filter((k) => schema.properties?.[k]);
  if (required.length > 0) {
    choices.push({
      arbitrary: fc
        .constantFrom(...required)
        .map((k) => ({ name: `missing ${k}`, apply: (body: unknown) => setAt(body, [k], undefined) })),
      weight: 2,
    });
  }
  return fc.oneof(...choices);
}

export interface HostileBody {
  /** What was done to it, for the failure report. */
  name: string;
  /** Sent as is (with CURRENT_VERSION replaced); undefined for no body. */
  text?: string;
  contentType?: string;
}

/** Text of a JSON body; undefined inside it (a deleted field) is left out as JSON.stringify does. */
const json = (value: unknown): string => JSON.stringify(value) ?? 'null';

function jsonBodyArb(schema: Schema, known: Known): fc.Arbitrary<HostileBody> {
  const mutated = validValue(schema, 'body', known).chain((base) => {
    const copy = JSON.parse(json(base)) as unknown;
    const mutation = mutationArb(slotsOf(copy, schema), objectsOf(copy), schema);
    return fc
      .oneof(
        { arbitrary: fc.constant<Mutation[]>([]), weight: 1 },
        { arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }), weight: 3 },
      )
      .map((mutations) => {
        let body = JSON.parse(json(base)) as unknown;
        for (const m of mutations) body = m.apply(body);
        return {
          name: mutations.length > 0 ? mutations.map((m) => m.name).join(', ') : 'valid body',
          text: json(body),
          contentType: 'application/json',
        };
      });
  });
  return fc.oneof(
    { arbitrary: mutated, weight: 20 },
    { arbitrary: malformedBody(known), weight: 4 },
    { arbitrary: wrongContentType(schema, known), weight: 2 },
  );
}

const INVALID_JSON = [
  '{',
  '{"title": }',
  "{'title': 'single quotes'}",
  '[1, 2,]',
  '{"a": 1}}',
  '{"a": 1} trailing',
  'nul',
  'NaN',
  '{"a": 1e99999}',
  '{"a": "unterminated}',
  '{"a": "\\x41"}',
  '{"a": "\\ud800"}',
  '\ufeff{"a": 1}',
  '\u0000',
  '{"__proto__": {"isAdmin": true}}',
  '{"constructor": {"prototype": {"isAdmin": true}}}',
  '{"a": 1, "a": 2}',
  '{"a"\u0000: 1}',
];

function malformedBody(known: Known): fc.Arbitrary<HostileBody> {
  return fc.oneof(
    fc
      .constantFrom(...INVALID_JSON)
      .map((t) => ({ name: `invalid JSON ${JSON.stringify(t)}`, text: t, contentType: 'application/json' })),
    fc.constantFrom('""', '"text"', '0', '-1', 'true', 'null', '[]', '[{}]', '[[[]]]').map((t) => ({
      name: `top-level ${t}`,
      text: t,
      contentType: 'application/json',
    })),
    fc.constant({ name: 'empty JSON body', text: '', contentType: 'application/json' }),
    fc.constantFrom<'object' | 'array'>('object', 'array').map((kind) => ({
      name: `body nested 1000 levels (${kind})`,
      text: json(nested(1000, kind)),
      contentType: 'application/json',
    })),
    // Deeper than the call stack goes when walked recursively, yet under the body limit.
    fc.tuple(fc.constantFrom(10_000, 40_000), fc.boolean()).map(([levels, objects]) => ({
      name: `body nested ${levels} levels (${objects ? 'object' : 'array'})`,
      text: objects ? `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}` : `${'['.repeat(levels)}${']'.repeat(levels)}`,
      contentType: 'application/json',
    })),
    // Built when drawn, not once per operation: it is as large as the limit.
    fc.constant(known.bodyLimitBytes).map((limit) => ({
      name: 'body over the limit',
      text: json({ title: 'x'.repeat(limit) }),
      contentType: 'application/json',
    })),
  );
}

function wrongContentType(schema: Schema, known: Known): fc.Arbitrary<HostileBody> {
  return fc
    .tuple(
      validValue(schema, 'body', known),
      fc.constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/xml',
        'multipart/form-data',
        'multipart/form-data; boundary=----x',
        'application/json; charset=utf-16',
        'application/json; charset=latin1',
        'application/vnd.api+json',
        'application/octet-stream',
        'application/json, text/plain',
        'application/x-ndjson',
        '',
        '*/*',
        'application/json; boundary=x; charset=utf-8; charset=ascii',
      ),
    )
    .map(([value, contentType]) => ({
      name: `content type ${JSON.stringify(contentType)}`,
      text:
        contentType === 'application/x-www-form-urlencoded'
          ? 'title=x&__proto__[isAdmin]=1&constructor[prototype][x]=1'
          : json(value),
      contentType,
    }));
}

/** Bodies for a route that takes none: it must ignore them or refuse them, never fail. */
function strayBodyArb(known: Known): fc.Arbitrary<HostileBody> {
  return fc.oneof(
    { arbitrary: fc.constant<HostileBody>({ name: 'no body' }), weight: 8 },
    { arbitrary: malformedBody(known), weight: 2 },
    {
      arbitrary: fc
        .constantFrom('{"__proto__":{"isAdmin":true}}', '{"constructor":{"prototype":{"x":1}}}', '{"role":"admin"}')
        .map((t) => ({
          name: `stray body ${t}`,
          text: t,
          contentType: 'application/json',
        })),
      weight: 1,
    },
  );
}

// ---- Multipart (evidence uploads) ----

const PDF = '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n';

function part(boundary: string, disposition: string, contentType: string, content: string): string {
  return `--${boundary}\r\nContent-Disposition: ${disposition}\r\nContent-Type: ${contentType}\r\n\r\n${content}\r\n`;
}

function multipartArb(): fc.Arbitrary<HostileBody> {
  const filename = fc.oneof(
    fc.constantFrom('evidence.pdf', 'notes.txt', 'data.csv'),
    fc.constantFrom(...PATHS, ...CONTROL, ...UNICODE, ...SCRIPT, ...SQL).map((n) => `${n}.pdf`),
    fc.constant(`${'a'.repeat(5000)}.pdf`),
  );
  const content = fc.constantFrom(
    PDF,
    'Plain UTF-8 notes: licitación',
    'a,b\r\n1,2\r\n',
    'MZ\u0090\u0000\u0003 executable',
    '#!/bin/sh\nrm -rf /\n',
    '<html><script>alert(1)</script></html>',
    '\u0000\u0001\u0002\u0003',
    '',
  );
  return fc.tuple(filename, content, fc.nat(1000), fc.nat(7)).map(([name, body, n, shape]): HostileBody => {
    const boundary = `----fuzz${n}`;
    const safeName = name.replace(/"/g, '%22');
    const file = part(boundary, `form-data; name="file"; filename="${safeName}"`, 'application/pdf', body);
    const end = `--${boundary}--\r\n`;
    const type = `multipart/form-data; boundary=${boundary}`;
    switch (shape) {
      case 0:
        return { name: `file ${JSON.stringify(name.slice(0, 40))}`, text: file + end, contentType: type };
      case 1:
        return { name: 'two files', text: file + file + end, contentType: type };
      case 2:
        return {
          name: 'no file part',
          text: part(boundary, 'form-data; name="note"', 'text/plain', 'x') + end,
          contentType: type,
        };
      case 3:
        return { name: 'no closing boundary', text: file, contentType: type };
      case 4:
        return { name: 'wrong boundary', text: file + end, contentType: 'multipart/form-data; boundary=other' };
      case 5:
        return { name: 'no boundary', text: file + end, contentType: 'multipart/form-data' };
      case 6:
        return { name: 'JSON instead of a file', text: '{"file":"x"}', contentType: 'application/json' };
      default:
        return {
          name: 'file under a prototype-key field name',
          text: part(boundary, `form-data; name="__proto__"; filename="${safeName}"`, 'application/pdf', body) + end,
          contentType: type,
        };
    }
  });
}

// ---- Query, path, headers ----

/** Percent-encodes the UTF-8 bytes of `s` (a lone surrogate becomes U+FFFD, where encodeURIComponent would throw). */
function encode(s: string): string {
  return [...Buffer.from(s, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

type Pair = [string, string];

const BAD_QUERY_NUMBERS = [
  '-1',
  '0',
  '201',
  '1e9',
  '99999999999999999999999',
  '1.5',
  'NaN',
  'Infinity',
  '0x10',
  ' 5',
  '5 ',
  '',
  '+5',
  '-0',
  '1_000',
];

function queryValue(schema: Schema, name: string, known: Known): fc.Arbitrary<[string, Pair[]]> {
  const valid = validValue(schema.type === 'array' && schema.items ? schema.items : schema, name, known).map(
    (v): [string, Pair[]] => ['valid', [[name, typeof v === 'string' ? v : JSON.stringify(v)]]],
  );
  return fc.oneof(
    { arbitrary: valid, weight: 3 },
    { arbitrary: hostileString.map((v): [string, Pair[]] => [`hostile ${name}`, [[name, v]]]), weight: 3 },
    {
      arbitrary: fc
        .constantFrom(...BAD_QUERY_NUMBERS)
        .map((v): [string, Pair[]] => [`bad number ${name}`, [[name, v]]]),
      weight: 2,
    },
    {
      arbitrary: fc
        .constantFrom(...BAD_UUIDS, ...BAD_DATES)
        .map((v): [string, Pair[]] => [`bad value ${name}`, [[name, v]]]),
      weight: 2,
    },
    {
      arbitrary: fc
        .array(valid, { minLength: 2, maxLength: 4 })
        .map((vs): [string, Pair[]] => [`repeated ${name}`, vs.flatMap(([, p]) => p)]),
      weight: 2,
    },
    {
      arbitrary: fc.constant<[string, Pair[]]>([
        `bracketed ${name}`,
        [
          [`${name}[]`, 'x'],
          [`${name}[a]`, 'b'],
        ],
      ]),
      weight: 1,
    },
    { arbitrary: fc.constant<[string, Pair[]]>([`huge ${name}`, [[name, 'q'.repeat(6000)]]]), weight: 1 },
  );
}

const EXTRA_QUERY: Pair[][] = [
  [['__proto__', 'x']],
  [['__proto__[isAdmin]', 'true']],
  [['constructor', 'x']],
  [['constructor[prototype][isAdmin]', 'true']],
  [['prototype', '1']],
  [['unknownParam', 'x']],
  [['limit', '-5']],
  [['limit', '1000000']],
  [
    ['limit', '200'],
    ['limit', '1'],
  ],
  [['cursor', 'eyJhIjoxfQ']],
  [['cursor', 'W10']],
  [['cursor', Buffer.from(JSON.stringify(['x'.repeat(300), 'y'])).toString('base64url')]],
  [
    [
      'cursor',
      Buffer.from(JSON.stringify(["' OR 1=1 --", '00000000-0000-0000-0000-000000000000'])).toString('base64url'),
    ],
  ],
  [['cursor', Buffer.from(JSON.stringify([1e308, 'not-a-uuid'])).toString('base64url')]],
  [['cursor', Buffer.from(JSON.stringify([{}, []])).toString('base64url')]],
  [['', 'empty name']],
];

/** Written into the URL without encoding: percent signs that decode to nothing, or to bytes that are not UTF-8. */
const RAW_QUERY = [
  'limit=%zz',
  '%=1',
  'q=%E0%A4%A',
  'q=%C0%AF',
  'q=%00',
  'status=%0d%0aX-Injected:%201',
  'a=1&&&b',
  '&',
  '=',
  'q=%F0%9F%98',
];

export function queryArb(op: Operation, known: Known): fc.Arbitrary<{ name: string; query: string }> {
  // Often only valid parameters, so that the request gets past validation to the query it parametrizes.
  // Not a cursor (only a previous page gives a valid one) nor a feed token.
  const valid = fc.tuple(
    ...op.query
      .filter((p) => p.name !== 'cursor' && p.name !== 'token')
      .map((p) =>
        fc.option(
          validValue(p.schema.type === 'array' && p.schema.items ? p.schema.items : p.schema, p.name, known).map(
            (v): Pair => [p.name, typeof v === 'string' ? v : JSON.stringify(v)],
          ),
          { freq: 2 },
        ),
      ),
  );
  const validQuery = valid.map((pairs) => {
    const present = pairs.filter((p): p is Pair => p !== null);
    return {
      name: '',
      query: present.length > 0 ? `?${present.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&')}` : '',
    };
  });
  return fc.oneof({ arbitrary: validQuery, weight: 2 }, { arbitrary: hostileQuery(op, known), weight: 3 });
}

function hostileQuery(op: Operation, known: Known): fc.Arbitrary<{ name: string; query: string }> {
  const declared = op.query.map((p): fc.Arbitrary<[string, Pair[]]> =>
    fc.option(queryValue(p.schema, p.name, known), { freq: 2 }).map((v): [string, Pair[]] => v ?? ['', []]),
  );
  return fc
    .tuple(
      fc.tuple(...declared),
      fc.option(fc.constantFrom(...EXTRA_QUERY), { freq: 3 }),
      fc.option(fc.constantFrom(...RAW_QUERY), { freq: 8 }),
    )
    .map(([values, extra, raw]) => {
      const pairs = [...values.flatMap(([, p]) => p), ...(extra ?? [])];
      const names = [
        ...values.map(([n]) => n).filter((n) => n && !n.startsWith('valid')),
        ...(extra ? [`extra ${extra.map(([k]) => k).join('&')}`] : []),
        ...(raw ? [`raw ${raw}`] : []),
      ];
      const encoded = pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`);
      if (raw) encoded.push(raw);
      return { name: names.join(', '), query: encoded.length > 0 ? `?${encoded.join('&')}` : '' };
    });
}

const RAW_PATH_VALUES = [
  '%zz',
  '%00',
  '..%2F..%2Fetc%2Fpasswd',
  '%C0%AF',
  '%E0%A4%A',
  '%0d%0aSet-Cookie:%20x=1',
  '%2e%2e',
  '.',
  'a%2Fb',
];

export function pathArb(op: Operation, known: Known): fc.Arbitrary<{ name: string; path: string }> {
  const segments = op.template.split('/');
  const values = op.pathParams.map((param) => {
    const at = segments.indexOf(`{${param}}`);
    const real = known.pathId(segments[at - 1] ?? '', param);
    return fc.oneof(
      { arbitrary: fc.constant<[string, string]>(['', real]), weight: 10 },
      { arbitrary: fc.uuid().map((u): [string, string] => [`unknown ${param}`, u]), weight: 1 },
      { arbitrary: fc.constant<[string, string]>([`upper-case ${param}`, real.toUpperCase()]), weight: 1 },
      {
        arbitrary: fc
          .constantFrom(
            ...BAD_UUIDS.filter((v) => v !== ''),
            ...SQL,
            ...SCRIPT,
            ...CONTROL,
            ...UNICODE.filter((v) => v.trim() !== ''),
          )
          .map((v): [string, string] => [`bad ${param} ${JSON.stringify(v.slice(0, 40))}`, encode(v)]),
        weight: 3,
      },
      {
        arbitrary: fc.constantFrom(...RAW_PATH_VALUES).map((v): [string, string] => [`raw ${param} ${v}`, v]),
        weight: 1,
      },
    );
  });
  return fc.tuple(...values).map((chosen) => {
    let path = op.template;
    op.pathParams.forEach((param, i) => (path = path.replace(`{${param}}`, chosen[i][1])));
    return {
      name: chosen
        .map(([n]) => n)
        .filter(Boolean)
        .join(', '),
      path,
    };
  });
}

/** Headers fetch() can send. */
const HEADERS: Record<string, string>[] = [
  { accept: 'application/xml' },
  { accept: 'text/html;q=0.9, */*;q=0.1' },
  { 'accept-language': "es-MX'; DROP TABLE users; --" },
  { 'x-request-id': "' OR 1=1 --" },
  { 'x-request-id': 'x'.repeat(5000) },
  { 'x-request-id': '<script>alert(1)</script>' },
  { 'idempotency-key': "' OR 1=1 --" },
  { 'idempotency-key': 'k'.repeat(5000) },
  { 'idempotency-key': '' },
  { cookie: '__proto__=x; constructor=y; vigia_board=forged' },
  { 'x-forwarded-for': "127.0.0.1, ' OR 1=1 --" },
  { 'x-http-method-override': 'DELETE' },
  { authorization: 'Bearer' },
  { authorization: "Bearer ' OR 1=1 --" },
  { authorization: 'Basic YWRtaW46YWRtaW4=' },
  { authorization: `Bearer ${'a'.repeat(8000)}` },
  { authorization: 'Bearer a.b.c' },
  { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' },
  { 'content-encoding': 'gzip' },
];

/** Header lines only a raw socket can send: control characters, smuggling, folding, lies about the body. */
const RAW_HEADER_LINES: string[][] = [
  ['X-Request-Id: a\u0000b'],
  ['X-Request-Id: a\rb'],
  ['X-Custom: a\nInjected: b'],
  ['Authorization: Bearer x\u0000y'],
  ['Idempotency-Key: k\r'],
  ['X-Folded: a', ' continued'],
  ['Bad Header: x'],
  ['X-Unicode: licitación ✓ 😀'],
  ['Accept-Language: ' + '\u00ff'.repeat(10)],
  ['Content-Length: abc'],
  ['Content-Length: -1'],
  ['Content-Length: 1', 'Content-Length: 2'],
  ['Transfer-Encoding: chunked', 'Content-Length: 3'],
  ['Transfer-Encoding: gzip, chunked'],
  ['X-Huge: ' + 'h'.repeat(20_000)],
  ['Host: evil.example'],
];

export interface HostileRequest {
  role: Role;
  method: string;
  /** Under /api/v1, with the query. */
  path: string;
  body: HostileBody;
  headers: Record<string, string>;
  /** When set, sent over a raw socket with these header lines (and no Content-Length unless they say one). */
  rawHeaderLines?: string[];
  /** Everything that was done to the request, for the failure report. */
  description: string;
}

export function requestArb(op: Operation, known: Known): fc.Arbitrary<HostileRequest> {
  const body =
    op.body?.kind === 'json'
      ? jsonBodyArb(op.body.schema, known)
      : op.body?.kind === 'multipart'
        ? fc.oneof({ arbitrary: multipartArb(), weight: 6 }, { arbitrary: malformedBody(known), weight: 1 })
        : op.method === 'GET'
          ? fc.constant<HostileBody>({ name: 'no body' })
          : strayBodyArb(known);
  const headers = fc.oneof(
    { arbitrary: fc.constant<[string, Record<string, string>, string[] | undefined]>(['', {}, undefined]), weight: 14 },
    {
      arbitrary: fc
        .constantFrom(...HEADERS)
        .map((h): [string, Record<string, string>, string[] | undefined] => [
          `header ${JSON.stringify(h).slice(0, 80)}`,
          h,
          undefined,
        ]),
      weight: 3,
    },
    {
      arbitrary: fc
        .constantFrom(...RAW_HEADER_LINES)
        .map((lines): [string, Record<string, string>, string[] | undefined] => [
          `raw header ${JSON.stringify(lines.join('\\r\\n')).slice(0, 80)}`,
          {},
          lines,
        ]),
      weight: 2,
    },
  );
  return fc
    .record({ role: fc.constantFrom(...ROLES), path: pathArb(op, known), query: queryArb(op, known), body, headers })
    .map(({ role, path, query, body: b, headers: [headerName, h, raw] }) => ({
      role,
      method: op.method,
      path: `${path.path}${query.query}`,
      body: b,
      headers: h,
      rawHeaderLines: raw,
      description: [`as ${role}`, path.name, query.name, b.name, headerName].filter(Boolean).join('; '),
    }));
}
