import { BadRequestException } from '@nestjs/common';
import { IsString } from 'class-validator';
import { createValidationPipe, inputShapeProblem, MAX_INPUT_DEPTH } from './validation';

class TitleDto {
  @IsString()
  title!: string;
}

const nested = (levels: number, leaf: unknown = 1): unknown => {
  let value = leaf;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
};

describe('inputShapeProblem', () => {
  it('finds a prototype key at any depth, in objects and arrays, and names its path', () => {
    expect(inputShapeProblem(JSON.parse('{"a":1,"__proto__":{"x":1}}'))?.field).toBe('__proto__');
    expect(inputShapeProblem({ names: { en: 'a', constructor: 'b' } })).toEqual({
      field: 'names.constructor',
      messages: ['property constructor should not exist'],
    });
    expect(inputShapeProblem({ facilitators: [{ name: 'a' }, { prototype: {} }] })?.field).toBe(
      'facilitators.1.prototype',
    );
  });

  it('finds nothing in an ordinary body, a primitive, or a binary value', () => {
    expect(inputShapeProblem({ title: 'constructor', items: ['__proto__'], nested: { a: [1, 2] } })).toBeUndefined();
    expect(inputShapeProblem('__proto__')).toBeUndefined();
    expect(inputShapeProblem(null)).toBeUndefined();
    expect(inputShapeProblem(Buffer.from('constructor'))).toBeUndefined();
    expect(inputShapeProblem(nested(MAX_INPUT_DEPTH))).toBeUndefined();
  });

  it('stops at MAX_INPUT_DEPTH levels, however deep the body goes, without overflowing the stack', () => {
    expect(inputShapeProblem(nested(MAX_INPUT_DEPTH + 1))?.messages).toEqual([
      `nests deeper than ${MAX_INPUT_DEPTH} levels`,
    ]);
    const problem = inputShapeProblem(nested(200_000));
    expect(problem?.field).toBe(Array(MAX_INPUT_DEPTH).fill('a').join('.'));
    let arrays: unknown = [];
    for (let i = 0; i < 100_000; i++) arrays = [arrays];
    expect(inputShapeProblem(arrays)?.field).toMatch(/^0(\.0)+$/);
  });

  it('finds text no column can store, a NUL character or an unpaired surrogate, and names its field', () => {
    expect(inputShapeProblem({ title: 'nul\u0000byte' })).toEqual({
      field: 'title',
      messages: ['must not contain NUL characters or unpaired surrogates'],
    });
    expect(inputShapeProblem({ names: { es: 'a\ud800' } })?.field).toBe('names.es');
    expect(inputShapeProblem({ tags: ['ok', '\udfffb'] })?.field).toBe('tags.1');
    expect(inputShapeProblem({ title: '😀 e\u0301 licitación' })).toBeUndefined();
  });

  it('walks a cyclic value once, and a sparse array by what it holds, not by its length', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(inputShapeProblem(cyclic)).toBeUndefined();
    const sparse: unknown[] = [];
    sparse[4_294_967_294] = { constructor: 1 };
    expect(inputShapeProblem({ tags: sparse })?.field).toBe('tags.4294967294.constructor');
  });
});

describe('createValidationPipe', () => {
  const pipe = createValidationPipe();
  const asBody = { type: 'body' as const, metatype: TitleDto };
  const refusal = async (value: unknown): Promise<unknown> => {
    try {
      await pipe.transform(value, asBody);
    } catch (err) {
      expect(err).toBeInstanceOf(BadRequestException);
      return (err as BadRequestException).getResponse();
    }
    throw new Error('expected a refusal');
  };

  it('refuses a prototype key that Nest would otherwise strip in silence, naming it', async () => {
    expect(await refusal({ title: 'x', constructor: 'y' })).toEqual({
      message: 'Invalid input',
      details: [{ field: 'constructor', messages: ['property constructor should not exist'] }],
    });
  });

  it('refuses text with a lone surrogate with 400 and its field, before a validator can throw on it', async () => {
    expect(await refusal({ title: 'lone \ud800' })).toEqual({
      message: 'Invalid input',
      details: [{ field: 'title', messages: ['must not contain NUL characters or unpaired surrogates'] }],
    });
  });

  it('refuses a body nested ten thousand levels deep with 400, not a stack overflow', async () => {
    expect(await refusal({ title: nested(10_000) })).toMatchObject({ message: 'Invalid input' });
  });

  it('lets an ordinary body through, and leaves parameters of custom decorators alone', async () => {
    await expect(pipe.transform({ title: 'Fine' }, asBody)).resolves.toEqual({ title: 'Fine' });
    const custom = { constructor: 'not validated' };
    await expect(pipe.transform(custom, { type: 'custom', metatype: TitleDto })).resolves.toBe(custom);
  });
});
