// How list filters arrive in a query string: booleans as `true`/`false`, lists comma-separated or repeated.
import { Transform } from 'class-transformer';

/** `true` and `false` become booleans; anything else is left for @IsBoolean to refuse. */
export function QueryBoolean(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));
}

/** `a,b` and `?x=a&x=b` both become `['a', 'b']` (repeats dropped); the element validators then check each value. */
export function QueryList(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => {
    const parts: unknown[] = Array.isArray(value) ? value : [value];
    if (!parts.every((p): p is string => typeof p === 'string')) return value;
    return [...new Set(parts.flatMap((p) => p.split(',')).map((p) => p.trim()))];
  });
}
