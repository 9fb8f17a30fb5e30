// Strict input validation for every body, query and param: unknown fields are refused with field-level details.
import { type ArgumentMetadata, BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { types } from 'node:util';
import { FieldError } from './errors';

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own: FieldError[] = e.constraints ? [{ field, messages: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

const invalid = (details: FieldError[]): BadRequestException =>
  new BadRequestException({ message: 'Invalid input', details });

/** Keys that reach an object's prototype when assigned. No DTO has them. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Far deeper than any DTO nests (a workshop's facilitators are two levels down). class-transformer copies a body
 * recursively, so one nested thousands of levels deep would overflow the stack and answer 500.
 */
export const MAX_INPUT_DEPTH = 32;

/** Halves of UTF-16 surrogate pairs without their other half: UTF-8 cannot encode them. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Text no field can take: NUL, which PostgreSQL cannot store (the insert fails), and a lone surrogate, which UTF-8
 * cannot encode (validator's isEmail throws on one, a 500).
 */
const unstorable = (text: string): boolean => text.includes('\u0000') || LONE_SURROGATE.test(text);

/**
 * The first thing in a parsed body or query that no DTO can accept: a prototype key, nesting past MAX_INPUT_DEPTH,
 * or unstorable text. Iterative, so that it cannot overflow the stack itself; arrays by their present items only, so
 * a sparse one costs what it holds.
 */
export function inputShapeProblem(value: unknown): FieldError | undefined {
  const visited = new WeakSet<object>();
  const stack: [unknown, string, number][] = [[value, '', 0]];
  while (stack.length > 0) {
    const [current, path, depth] = stack.pop()!;
    if (typeof current === 'string' && path && unstorable(current)) {
      return { field: path, messages: ['must not contain NUL characters or unpaired surrogates'] };
    }
    if (current === null || typeof current !== 'object' || types.isTypedArray(current) || visited.has(current)) {
      continue;
    }
    visited.add(current);
    if (depth >= MAX_INPUT_DEPTH) return { field: path, messages: [`nests deeper than ${MAX_INPUT_DEPTH} levels`] };
    for (const key of Object.keys(current)) {
      const at = path ? `${path}.${key}` : key;
      if (PROTOTYPE_KEYS.has(key)) return { field: at, messages: [`property ${key} should not exist`] };
      stack.push([(current as Record<string, unknown>)[key], at, depth + 1]);
    }
  }
  return undefined;
}

/**
 * Nest's pipe strips `__proto__`, `constructor` and `prototype` keys before validating, so a body carrying one was
 * quietly accepted without it while any other unknown field got 400. Refusing them keeps the rule one rule: what the
 * DTO does not declare is refused. Nesting no DTO has is refused here too, before class-transformer recurses into it,
 * and text no column can store, with the field it is in, before a validator or the database fails on it.
 */
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom' && this.toValidate(metadata)) {
      const problem = inputShapeProblem(value);
      if (problem) throw invalid([problem]);
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => invalid(flatten(errors)),
  });
}
