// Cursor pagination shared by every list: `?limit=&cursor=` in, `{items, nextCursor}` out.
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { Brackets, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { InvalidInputError } from './errors';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value,
  )
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from a previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor is not valid' })
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

type CursorValue = string | number;

export function encodeCursor(values: CursorValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string, arity: number): CursorValue[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(values) &&
      values.length === arity &&
      values.every((v) => (typeof v === 'string' && v.length <= 200) || typeof v === 'number')
    ) {
      return values as CursorValue[];
    }
  } catch {
    // fall through
  }
  throw new InvalidInputError('cursor is not valid', [{ field: 'cursor', messages: ['cursor is not valid'] }]);
}

export interface KeysetOptions<T> {
  /** SQL expression of the sort key, e.g. `review.createdAt`. Rows are ordered by (key, id). */
  sortColumn: string;
  /** Property holding the sort key on the loaded entity (when the key is a plain column). */
  sortProperty?: string;
  /** The sort key computed from a loaded row, when sortColumn is an expression; it must equal what SQL sorts on. */
  sortKey?: (row: T) => CursorValue | Date;
  idColumn: string;
  direction: 'ASC' | 'DESC';
  limit?: number;
  cursor?: string;
}

const toCursorValue = (v: unknown): CursorValue => (v instanceof Date ? v.toISOString() : (v as CursorValue));

/**
 * Keyset pagination on (sort key, id): stable under inserts, no OFFSET scans.
 * Reads one row more than the page to know whether another page follows.
 */
export async function paginate<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  opts: KeysetOptions<T>,
): Promise<Page<T>> {
  const keyOf =
    opts.sortKey ??
    ((row: T): unknown => (opts.sortProperty ? (row as Record<string, unknown>)[opts.sortProperty] : undefined));
  const limit = Math.min(opts.limit ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const cmp = opts.direction === 'DESC' ? '<' : '>';
  if (opts.cursor) {
    const [key, id] = decodeCursor(opts.cursor, 2);
    qb.andWhere(
      new Brackets((w) => {
        w.where(`${opts.sortColumn} ${cmp} :pgKey`, { pgKey: key }).orWhere(
          `(${opts.sortColumn} = :pgKey AND ${opts.idColumn} ${cmp} :pgId)`,
          { pgKey: key, pgId: id },
        );
      }),
    );
  }
  qb.orderBy(opts.sortColumn, opts.direction)
    .addOrderBy(opts.idColumn, opts.direction)
    .take(undefined)
    .limit(limit + 1);
  const rows = await qb.getMany();
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor = rows.length > limit && last ? encodeCursor([toCursorValue(keyOf(last)), String(last.id)]) : null;
  return { items, nextCursor };
}

/**
 * Long text (titles) is sorted on its first characters: a cursor carries the sort key and may hold at most 200
 * UTF-16 units, and 100 code points never exceed that. Rows sharing the prefix fall back to id order.
 */
export const SORT_PREFIX_LENGTH = 100;

/** SQL sort key for a text column, to pair with sortPrefix() for the cursor. */
export const sortPrefixColumn = (column: string): string => `LEFT(${column}, ${SORT_PREFIX_LENGTH})`;

export const sortPrefix = (text: string): string => Array.from(text).slice(0, SORT_PREFIX_LENGTH).join('');
