// Local evidence storage: whole files under their keys, never a partial one, and no path outside its folder.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { newStorageKey, StoredObjectMissingError } from './evidence-storage';
import { LocalDiskStorage } from './local-disk.storage';

const read = async (stream: Readable): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

describe('LocalDiskStorage', () => {
  let dir: string;
  let storage: LocalDiskStorage;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigia-local-storage-'));
    storage = new LocalDiskStorage(join(dir, 'evidence'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stores a stream and a file path under ab/cd/<uuid>, creating folders, and reads them back', async () => {
    const fromStream = newStorageKey();
    const fromFile = newStorageKey();
    expect(fromStream).toMatch(/^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f-]{36}$/);
    await storage.put(fromStream, Readable.from([Buffer.from('uno '), Buffer.from('dos')]));
    const source = join(dir, 'source.bin');
    writeFileSync(source, Buffer.alloc(200_000, 7));
    await storage.put(fromFile, { path: source });

    expect(readFileSync(join(dir, 'evidence', ...fromStream.split('/'))).toString()).toBe('uno dos');
    expect((await read(await storage.get(fromFile))).equals(Buffer.alloc(200_000, 7))).toBe(true);
    expect(existsSync(source)).toBe(true);
    expect(readdirSync(join(dir, 'evidence', '.tmp'))).toEqual([]);
  });

  it('leaves nothing under the key, and no temp file, when the source fails half-way', async () => {
    const key = newStorageKey();
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(10_000, 1));
        this.destroy(new Error('client went away'));
      },
    });
    await expect(storage.put(key, failing)).rejects.toThrow('client went away');
    expect(await storage.exists(key)).toBe(false);
    expect(readdirSync(join(dir, 'evidence', '.tmp'))).toEqual([]);
  });

  it('answers exists, deletes idempotently, and reports a missing object as StoredObjectMissingError', async () => {
    const key = newStorageKey();
    expect(await storage.exists(key)).toBe(false);
    await storage.put(key, Readable.from([Buffer.from('x')]));
    expect(await storage.exists(key)).toBe(true);
    await storage.delete(key);
    await storage.delete(key);
    expect(await storage.exists(key)).toBe(false);
    await expect(storage.get(key)).rejects.toBeInstanceOf(StoredObjectMissingError);
  });

  it('refuses keys that are not its own, so no path can leave its folder', async () => {
    for (const key of ['../secrets.json', '/etc/passwd', 'ab/cd/../../x', '.tmp/x', 'AB/CD/not-a-uuid']) {
      await expect(storage.put(key, Readable.from([Buffer.from('x')]))).rejects.toThrow('Not an evidence storage key');
      await expect(storage.get(key)).rejects.toThrow('Not an evidence storage key');
    }
  });

  it('sweeps temp files a crash left a day ago, not those of puts in flight', async () => {
    await storage.put(newStorageKey(), Readable.from([Buffer.from('x')]));
    const tempDir = join(dir, 'evidence', '.tmp');
    writeFileSync(join(tempDir, 'old'), 'partial');
    writeFileSync(join(tempDir, 'young'), 'partial');
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    utimesSync(join(tempDir, 'old'), twoDaysAgo, twoDaysAgo);
    await storage.sweepTempFiles();
    expect(readdirSync(tempDir)).toEqual(['young']);
  });
});
