// Evidence in an S3-compatible store: the same api against a real local S3 server (s3rver), through the AWS SDK v3.
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { APP_CONFIG, type AppConfig } from '@vigia/config';
import {
  EVIDENCE_STORAGE,
  type EvidenceStorage,
  newStorageKey,
  S3Storage,
  StoredObjectMissingError,
} from '@vigia/evidence';
// @ts-expect-error s3rver ships no type declarations
import S3rver from 's3rver';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import * as files from './fixtures/evidence/files';
import { download, type FormPart, filesUnder, multipart, sha256 } from './fixtures/evidence/http';
import { tempDir } from './support/test-env';
import { TestApp, type TestUser } from './support/test-app';

type Team = Awaited<ReturnType<TestApp['reviewTeam']>>;

interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
}

const BUCKET = 'vigia-test';
const MAX_BYTES = 4 * 1024 * 1024;
const OBJECT_SUFFIX = '._S3rver_object';

describe('evidence (S3 storage)', () => {
  let s3dir: string;
  let server: S3rverInstance;
  let t: TestApp;
  let dataDir: string;

  beforeAll(async () => {
    s3dir = tempDir('s3rver');
    server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: s3dir }) as S3rverInstance;
    const { port } = await server.run();
    const endpoint = `http://127.0.0.1:${port}`;
    const admin = new S3Client({
      endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    await admin.send(new CreateBucketCommand({ Bucket: BUCKET }));
    admin.destroy();
    t = await TestApp.start({
      EVIDENCE_STORAGE: 's3',
      EVIDENCE_MAX_BYTES: String(MAX_BYTES),
      S3_ENDPOINT: endpoint,
      S3_BUCKET: BUCKET,
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_FORCE_PATH_STYLE: 'true',
    });
    dataDir = t.app.get<AppConfig>(APP_CONFIG).dataDir;
  });
  afterAll(async () => {
    await t?.close();
    await server?.close();
    if (s3dir) rmSync(s3dir, { recursive: true, force: true });
  });

  /** Keys of the objects s3rver holds in the bucket, read from its directory. */
  const objects = (): string[] =>
    filesUnder(join(s3dir, BUCKET))
      .filter((f) => f.endsWith(OBJECT_SUFFIX))
      .map((f) => f.slice(0, -OBJECT_SUFFIX.length));
  const objectPath = (key: string): string => join(s3dir, BUCKET, ...key.split('/')) + OBJECT_SUFFIX;

  const finding = async (team: Team): Promise<string> =>
    (
      await t.db.query(
        `INSERT INTO findings (review_id, focus_area_id, principle_codes, title, condition, criteria, cause, effect,
                               likelihood, impact, author_id, version)
         VALUES ($1, (SELECT id FROM focus_areas WHERE code = 'efficiency'), ARRAY['integrity'], 'Bid rigging signs',
                 'Identical bids', 'Competition', 'Collusion', 'Overpricing', 4, 5, $2, 1)
         RETURNING id`,
        [team.reviewId, team.auditor.id],
      )
    ).rows[0].id;

  const upload = (findingId: string, user: TestUser, part: FormPart) =>
    t.request('POST', `/findings/${findingId}/evidence`, { token: user.token, ...multipart([part]) });

  const storageKey = async (id: string): Promise<string> =>
    (await t.db.query('SELECT storage_key FROM evidence WHERE id = $1', [id])).rows[0].storage_key;

  it('uploads to and downloads from S3 with identical bytes, the object stored under the row key', async () => {
    const team = await t.reviewTeam();
    const findingId = await finding(team);
    // Several MiB, so both directions stream many chunks.
    const bytes = Buffer.concat([files.pdf(), Buffer.alloc(3 * 1024 * 1024, '% padding line\n')]);
    const res = await upload(findingId, team.auditor, { name: 'file', filename: 'expediente.pdf', data: bytes });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      filename: 'expediente.pdf',
      contentType: 'application/pdf',
      size: bytes.length,
      sha256: sha256(bytes),
    });

    const key = await storageKey(res.body.id);
    expect(objects()).toContain(key);
    expect(readFileSync(objectPath(key)).equals(bytes)).toBe(true);
    expect(existsSync(join(dataDir, 'evidence'))).toBe(false);
    expect(filesUnder(join(dataDir, 'tmp'))).toEqual([]);

    const got = await download(t.baseUrl, `/evidence/${res.body.id}/file`, team.manager.token);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('application/pdf');
    expect(got.headers.get('content-length')).toBe(String(bytes.length));
    expect(got.bytes.equals(bytes)).toBe(true);
    expect((await download(t.baseUrl, `/evidence/${res.body.id}/file`, team.outsider.token)).status).toBe(404);
  });

  it('leaves no object for an upload refused for its type or its size', async () => {
    const team = await t.reviewTeam();
    const findingId = await finding(team);
    const before = objects();
    const exe = await upload(findingId, team.auditor, { name: 'file', filename: 'informe.pdf', data: files.exe() });
    expect(exe.status).toBe(415);
    const big = Buffer.concat([files.pdf(), Buffer.alloc(MAX_BYTES, 0x20)]);
    const tooLarge = await upload(findingId, team.auditor, { name: 'file', filename: 'big.pdf', data: big });
    expect(tooLarge.status).toBe(413);
    expect(objects()).toEqual(before);
    expect(
      (await t.db.query('SELECT count(*)::int AS n FROM evidence WHERE finding_id = $1', [findingId])).rows[0].n,
    ).toBe(0);
    expect(filesUnder(join(dataDir, 'tmp'))).toEqual([]);
  });

  it('deletes the object again when the database refuses the row after the object was stored', async () => {
    const team = await t.reviewTeam();
    const findingId = await finding(team);
    const before = objects();
    await t.db.query(`CREATE FUNCTION refuse_evidence() RETURNS trigger LANGUAGE plpgsql AS $$
                      BEGIN RAISE EXCEPTION 'evidence refused for the test'; END $$`);
    await t.db.query(
      'CREATE TRIGGER refuse_evidence BEFORE INSERT ON evidence FOR EACH ROW EXECUTE FUNCTION refuse_evidence()',
    );
    try {
      const res = await upload(findingId, team.auditor, { name: 'file', filename: 'a.pdf', data: files.pdf() });
      expect(res.status).toBe(500);
    } finally {
      await t.db.query('DROP TRIGGER refuse_evidence ON evidence');
      await t.db.query('DROP FUNCTION refuse_evidence()');
    }
    expect(objects()).toEqual(before);
    expect(
      (await t.db.query('SELECT count(*)::int AS n FROM evidence WHERE finding_id = $1', [findingId])).rows[0].n,
    ).toBe(0);
  });

  it('stores a stream of unknown length, answers exists, deletes idempotently and reports a missing object', async () => {
    const storage = t.app.get<EvidenceStorage>(EVIDENCE_STORAGE);
    expect(storage).toBeInstanceOf(S3Storage);
    const key = newStorageKey();
    const chunks = [Buffer.from('primera parte, '), Buffer.alloc(100_000, 'x'), Buffer.from(' fin')];
    expect(await storage.exists(key)).toBe(false);
    await storage.put(key, Readable.from(chunks));
    expect(await storage.exists(key)).toBe(true);
    expect(readFileSync(objectPath(key)).equals(Buffer.concat(chunks))).toBe(true);
    const read: Buffer[] = [];
    for await (const chunk of await storage.get(key)) read.push(chunk as Buffer);
    expect(Buffer.concat(read).equals(Buffer.concat(chunks))).toBe(true);
    // The spool file that measured the stream is gone.
    expect(filesUnder(join(dataDir, 'tmp'))).toEqual([]);

    await storage.delete(key);
    await storage.delete(key);
    expect(await storage.exists(key)).toBe(false);
    expect(objects()).not.toContain(key);
    await expect(storage.get(key)).rejects.toBeInstanceOf(StoredObjectMissingError);
  });
});
