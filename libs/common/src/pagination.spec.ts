import { decodeCursor, encodeCursor } from './pagination';
import { DomainException } from './errors';

describe('cursors', () => {
  it('round-trip the sort key and id', () => {
    const c = encodeCursor(['2026-01-01T00:00:00.000Z', 'a1']);
    expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(c, 2)).toEqual(['2026-01-01T00:00:00.000Z', 'a1']);
  });

  it.each([
    ['not base64 json', 'bm90LWpzb24'],
    ['wrong arity', encodeCursor(['a'])],
    ['an object', Buffer.from('{"a":1}').toString('base64url')],
    ['nested values', Buffer.from('[["x"],1]').toString('base64url')],
  ])('refuse %s as invalid input', (_n, cursor) => {
    expect(() => decodeCursor(cursor, 2)).toThrow(DomainException);
  });
});
