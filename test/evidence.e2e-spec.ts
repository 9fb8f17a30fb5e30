// Evidence files on local disk: uploads checked by content and size, stored with their hash, downloaded by members only.
import { APP_CONFIG, type AppConfig } from '@vigia/config';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as files from './fixtures/evidence/files';
import { download, type FormPart, filesUnder, multipart, sha256 } from './fixtures/evidence/http';
import { TestApp, type TestUser } from './support/test-app';

type Team = Awaited<ReturnType<TestApp['reviewTeam']>>;

const MAX_BYTES = 2048;
const MISSING = '00000000-0000-4000-8000-000000000000';
const PDF = 'application/pdf';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

describe('evidence (local storage)', () => {
  let t: TestApp;
  let dataDir: string;
  // The whole file runs with a small limit, so oversize uploads stay small; every other file here fits under it.
  beforeAll(async () => {
    t = await TestApp.start({ EVIDENCE_MAX_BYTES: String(MAX_BYTES) });
    dataDir = t.app.get<AppConfig>(APP_CONFIG).dataDir;
  });
  afterAll(() => t.close());

  const evidenceDir = (): string => join(dataDir, 'evidence');
  const tempDir = (): string => join(dataDir, 'tmp');

  /** Findings, recommendations and follow-ups are other features' routes: written behind the api's back. */
  const finding = async (team: Team, status: 'draft' | 'in_review' | 'approved' = 'draft'): Promise<string> =>
    (
      await t.db.query(
        `INSERT INTO findings (review_id, focus_area_id, principle_codes, title, condition, criteria, cause, effect,
                               likelihood, impact, author_id, status, version)
         VALUES ($1, (SELECT id FROM focus_areas WHERE code = 'efficiency'), ARRAY['integrity'],
                 'Direct awards without justification', 'Most purchases were direct awards',
                 'Open tendering is the rule', 'No planning', 'Higher prices', 3, 4, $2, $3, 1)
         RETURNING id`,
        [team.reviewId, team.auditor.id, status],
      )
    ).rows[0].id;

  const followUp = async (findingId: string, recordedIn: Team, recommendationReviewId: string): Promise<string> => {
    const recommendation = (
      await t.db.query(
        `INSERT INTO recommendations (finding_id, review_id, text, priority, responsible_unit, target_on, version)
         VALUES ($1, $2, 'Plan purchases yearly', 'high', 'Procurement unit', '2019-06-30', 1) RETURNING id`,
        [findingId, recommendationReviewId],
      )
    ).rows[0].id;
    return (
      await t.db.query(
        `INSERT INTO follow_ups (recommendation_id, review_id, status, note, "on", by_id)
         VALUES ($1, $2, 'in_progress', 'Annual plan drafted', '2019-03-01', $3) RETURNING id`,
        [recommendation, recordedIn.reviewId, recordedIn.auditor.id],
      )
    ).rows[0].id;
  };

  const upload = (path: string, user: TestUser | undefined, ...parts: FormPart[]) =>
    t.request('POST', path, { token: user?.token, ...multipart(parts) });

  const file = (filename: string, data: Buffer, contentType = 'application/octet-stream'): FormPart => ({
    name: 'file',
    filename,
    data,
    contentType,
  });

  const rows = async (where: string, params: unknown[]): Promise<any[]> =>
    (await t.db.query(`SELECT *, size::int AS size FROM evidence WHERE ${where} ORDER BY created_at`, params)).rows;

  /** Nothing stored and nothing left behind: no row, no new file under evidence/, no temp file anywhere. */
  const expectNothingStored = async (findingId: string, filesBefore: string[]): Promise<void> => {
    expect(await rows('finding_id = $1', [findingId])).toEqual([]);
    expect(filesUnder(evidenceDir())).toEqual(filesBefore);
    expect(filesUnder(tempDir())).toEqual([]);
    expect(filesUnder(join(evidenceDir(), '.tmp'))).toEqual([]);
  };

  it('documents the evidence routes, with a multipart body holding a binary `file` for uploads', async () => {
    const doc = (await t.request('GET', '/api/docs-json')).body;
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(documented).toEqual(
      expect.arrayContaining([
        'POST /api/v1/findings/{id}/evidence',
        'GET /api/v1/findings/{id}/evidence',
        'POST /api/v1/follow-ups/{id}/evidence',
        'GET /api/v1/follow-ups/{id}/evidence',
        'GET /api/v1/evidence/{id}',
        'GET /api/v1/evidence/{id}/file',
      ]),
    );
    const body = doc.paths['/api/v1/findings/{id}/evidence'].post.requestBody.content['multipart/form-data'].schema;
    const schema = body.$ref ? doc.components.schemas[body.$ref.split('/').pop()] : body;
    expect(schema.properties.file).toMatchObject({ type: 'string', format: 'binary' });
    expect(Object.keys(doc.paths['/api/v1/findings/{id}/evidence'].post.responses)).toEqual(
      expect.arrayContaining(['201', '400', '401', '403', '404', '413', '415']),
    );
  });

  describe('uploading', () => {
    it.each([
      ['a PDF', 'Informe preliminar.pdf', files.pdf(), PDF],
      ['a PNG', 'gráfica.png', files.png(), 'image/png'],
      ['a CSV', 'camas 1992.csv', files.csv(), 'text/csv'],
      ['a DOCX', 'Acta de reunión.docx', files.docx(), DOCX],
    ])(
      'stores %s with the detected content type and the SHA-256 of its bytes',
      async (_what, filename, bytes, contentType) => {
        const team = await t.reviewTeam();
        const findingId = await finding(team);
        // The client's claimed type is a lie on purpose: only the content counts.
        const res = await upload(`/findings/${findingId}/evidence`, team.auditor, file(filename, bytes, 'text/html'));
        expect(res.status).toBe(201);
        expect(res.body).toEqual({
          id: expect.any(String),
          filename,
          contentType,
          size: bytes.length,
          sha256: sha256(bytes),
        });

        const [row] = await rows('id = $1', [res.body.id]);
        expect(row).toMatchObject({
          review_id: team.reviewId,
          finding_id: findingId,
          follow_up_id: null,
          filename,
          content_type: contentType,
          size: bytes.length,
          sha256: sha256(bytes),
          uploaded_by_id: team.auditor.id,
        });
        expect(row.storage_key).toMatch(/^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f-]{36}$/);
        expect(readFileSync(join(evidenceDir(), ...row.storage_key.split('/'))).equals(bytes)).toBe(true);
        expect(filesUnder(tempDir())).toEqual([]);
      },
    );

    it('accepts a file of exactly EVIDENCE_MAX_BYTES', async () => {
      const team = await t.reviewTeam();
      const bytes = Buffer.alloc(MAX_BYTES, 'a');
      const res = await upload(`/findings/${await finding(team)}/evidence`, team.auditor, file('limit.txt', bytes));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ size: MAX_BYTES, contentType: 'text/plain' });
    });

    it('stores a re-upload of the same bytes as a second evidence under its own key', async () => {
      const team = await t.reviewTeam();
      const findingId = await finding(team);
      const bytes = files.pdf();
      const first = await upload(`/findings/${findingId}/evidence`, team.auditor, file('a.pdf', bytes));
      const second = await upload(`/findings/${findingId}/evidence`, team.coordinator, file('a.pdf', bytes));
      expect([first.status, second.status]).toEqual([201, 201]);
      expect(second.body.id).not.toBe(first.body.id);
      expect(second.body.sha256).toBe(first.body.sha256);
      const stored = await rows('finding_id = $1', [findingId]);
      expect(stored).toHaveLength(2);
      expect(stored[0].storage_key).not.toBe(stored[1].storage_key);
      for (const row of stored) expect(existsSync(join(evidenceDir(), ...row.storage_key.split('/')))).toBe(true);
    });

    it('keeps the Unicode name the uploader gave, without its path or control characters', async () => {
      const team = await t.reviewTeam();
      const res = await upload(
        `/findings/${await finding(team)}/evidence`,
        team.auditor,
        file('C:\\Users\\ana\\Escritorio\\Informe\u0007 de auditoría – ISSSTESON.pdf', files.pdf()),
      );
      expect(res.status).toBe(201);
      expect(res.body.filename).toBe('Informe de auditoría – ISSSTESON.pdf');
    });

    it('writes one audit event for the insert, with the uploader as actor and the review', async () => {
      const team = await t.reviewTeam();
      const res = await upload(`/findings/${await finding(team)}/evidence`, team.auditor, file('a.pdf', files.pdf()));
      const { rows: events } = await t.db.query(
        `SELECT action, actor_id, review_id, after FROM audit_events WHERE entity_type = 'evidence' AND entity_id = $1`,
        [res.body.id],
      );
      expect(events).toEqual([
        {
          action: 'insert',
          actor_id: team.auditor.id,
          review_id: team.reviewId,
          after: expect.objectContaining({ filename: 'a.pdf', sha256: res.body.sha256 }),
        },
      ]);
    });

    it('lets auditors, coordinators and admins upload; refuses a manager with 403, a non-member with 404, no token with 401', async () => {
      const team = await t.reviewTeam();
      const findingId = await finding(team);
      const filesBefore = filesUnder(evidenceDir());
      const path = `/findings/${findingId}/evidence`;
      expect((await upload(path, team.manager, file('m.pdf', files.pdf()))).status).toBe(403);
      expect((await upload(path, team.outsider, file('o.pdf', files.pdf()))).status).toBe(404);
      expect((await upload(path, undefined, file('a.pdf', files.pdf()))).status).toBe(401);
      await expectNothingStored(findingId, filesBefore);
      for (const user of [team.auditor, team.coordinator, team.admin]) {
        expect((await upload(path, user, file('ok.pdf', files.pdf()))).status).toBe(201);
      }
      expect(await rows('finding_id = $1', [findingId])).toHaveLength(3);
    });

    it('answers 404 for a finding that does not exist and 400 for an id that is not a UUID', async () => {
      const team = await t.reviewTeam();
      expect((await upload(`/findings/${MISSING}/evidence`, team.auditor, file('a.pdf', files.pdf()))).status).toBe(
        404,
      );
      expect((await upload('/findings/nope/evidence', team.auditor, file('a.pdf', files.pdf()))).status).toBe(400);
    });

    it('refuses evidence for an approved (locked) finding with 409 and stores nothing', async () => {
      const team = await t.reviewTeam();
      const findingId = await finding(team, 'approved');
      const filesBefore = filesUnder(evidenceDir());
      const res = await upload(`/findings/${findingId}/evidence`, team.auditor, file('late.pdf', files.pdf()));
      expect(res.status).toBe(409);
      expect(res.body.message).toContain('approved');
      await expectNothingStored(findingId, filesBefore);
    });
  });

  describe('refusing', () => {
    it.each([
      ['an executable renamed .pdf', 'informe.pdf', files.exe(), PDF],
      ['an HTML page named .pdf', 'informe.pdf', files.html(), PDF],
      ['an HTML page named .txt', 'nota.txt', files.html(), 'text/plain'],
      ['a plain ZIP archive', 'anexos.zip', files.plainZip(), 'application/zip'],
      ['binary data of no known type', 'datos.csv', Buffer.from([0x00, 0x01, 0x02, 0xfe, 0xff]), 'text/csv'],
    ])('refuses %s with 415 and stores nothing', async (_what, filename, bytes, claimed) => {
      const team = await t.reviewTeam();
      const findingId = await finding(team);
      const filesBefore = filesUnder(evidenceDir());
      const res = await upload(`/findings/${findingId}/evidence`, team.auditor, file(filename, bytes, claimed));
      expect(res.status).toBe(415);
      expect(res.body).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type' });
      expect(res.body.message).toContain('not an accepted evidence type');
      await expectNothingStored(findingId, filesBefore);
    });

    it('refuses a file over EVIDENCE_MAX_BYTES with 413 naming the limit, leaving no row, file or temp file', async () => {
      const team = await t.reviewTeam();
      const findingId = await finding(team);
      const filesBefore = filesUnder(evidenceDir());
      for (const size of [MAX_BYTES + 1, 64 * 1024]) {
        const bytes = Buffer.concat([files.pdf(), Buffer.alloc(size - files.pdf().length, 0x20)]);
        const res = await upload(`/findings/${findingId}/evidence`, team.auditor, file('big.pdf', bytes, PDF));
        expect(res.status).toBe(413);
        expect(res.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
        expect(res.body.message).toContain(`${MAX_BYTES} bytes`);
        expect(res.body.message).toContain('EVIDENCE_MAX_BYTES');
      }
      await expectNothingStored(findingId, filesBefore);
    });

    it('refuses a second file in the same request with 413 and stores neither', async () => {
      const team = await t.reviewTeam();
      const findingId = await finding(team);
      const filesBefore = filesUnder(evidenceDir());
      const res = await upload(
        `/findings/${findingId}/evidence`,
        team.auditor,
        file('one.pdf', files.pdf()),
        file('two.pdf', files.pdf()),
      );
      expect(res.status).toBe(413);
      expect(res.body.message).toContain('one file');
      await expectNothingStored(findingId, filesBefore);
    });

    it.each([
      ['no file part at all', [{ name: 'note', data: 'see attached' }]],
      ['a file in another field', [{ name: 'document', filename: 'a.pdf', data: files.pdf() }]],
      ['an empty file', [{ name: 'file', filename: 'empty.pdf', data: Buffer.alloc(0) }]],
      ['an empty form', []],
    ] as [string, FormPart[]][])('answers 400 for %s, naming the field `file`', async (_what, parts) => {
      const team = await t.reviewTeam();
      const findingId = await finding(team);
      const res = await upload(`/findings/${findingId}/evidence`, team.auditor, ...parts);
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([{ field: 'file', messages: [expect.any(String)] }]);
      await expectNothingStored(findingId, filesUnder(evidenceDir()));
    });

    it('answers 400 for a malformed multipart body and 415 for a body that is not multipart', async () => {
      const team = await t.reviewTeam();
      const findingId = await finding(team);
      const path = `/findings/${findingId}/evidence`;
      const cut = multipart([file('a.pdf', files.pdf())]);
      const truncated = await t.request('POST', path, {
        token: team.auditor.token,
        raw: cut.raw.subarray(0, cut.raw.length - 60),
        headers: cut.headers,
      });
      expect(truncated.status).toBe(400);
      const noBoundary = await t.request('POST', path, {
        token: team.auditor.token,
        raw: cut.raw,
        headers: { 'content-type': 'multipart/form-data' },
      });
      expect(noBoundary.status).toBe(400);
      const json = await t.post(path, { file: 'JVBERi0xLjQ=' }, team.auditor.token);
      expect(json.status).toBe(415);
      expect(json.body.message).toContain('multipart/form-data');
      await expectNothingStored(findingId, filesUnder(evidenceDir()));
    });
  });

  describe('reading and downloading', () => {
    it('answers the metadata to every member, with the size as a number and who uploaded it', async () => {
      const team = await t.reviewTeam();
      const findingId = await finding(team);
      const bytes = files.docx();
      const created = await upload(`/findings/${findingId}/evidence`, team.auditor, file('acta.docx', bytes));
      for (const user of [team.auditor, team.manager, team.coordinator, team.admin]) {
        const res = await t.get(`/evidence/${created.body.id}`, user.token);
        expect(res.status).toBe(200);
        expect(res.body).toEqual({
          id: created.body.id,
          filename: 'acta.docx',
          contentType: DOCX,
          size: bytes.length,
          sha256: sha256(bytes),
          findingId,
          followUpId: null,
          uploadedById: team.auditor.id,
          uploadedByName: team.auditor.name,
          createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        });
      }
      expect((await t.get(`/evidence/${created.body.id}`, team.outsider.token)).status).toBe(404);
      expect((await t.get(`/evidence/${created.body.id}`)).status).toBe(401);
      expect((await t.get(`/evidence/${MISSING}`, team.coordinator.token)).status).toBe(404);
    });

    it('downloads identical bytes as an attachment with the stored type, nosniff and the length', async () => {
      const team = await t.reviewTeam();
      const bytes = files.png();
      const name = 'Gráfica (final) 100%.png';
      const created = await upload(
        `/findings/${await finding(team)}/evidence`,
        team.auditor,
        file(name, bytes, 'text/html'),
      );
      const res = await download(t.baseUrl, `/evidence/${created.body.id}/file`, team.manager.token);
      expect(res.status).toBe(200);
      expect(res.bytes.equals(bytes)).toBe(true);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(res.headers.get('content-length')).toBe(String(bytes.length));
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cache-control')).toBe('private, no-store');
      expect(res.headers.get('content-disposition')).toBe(
        `attachment; filename="Gr_fica (final) 100_.png"; filename*=UTF-8''Gr%C3%A1fica%20%28final%29%20100%25.png`,
      );
    });

    it('serves text as UTF-8 text with its detected type', async () => {
      const team = await t.reviewTeam();
      const bytes = files.csv();
      const created = await upload(`/findings/${await finding(team)}/evidence`, team.auditor, file('camas.csv', bytes));
      const res = await download(t.baseUrl, `/evidence/${created.body.id}/file`, team.auditor.token);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.bytes.toString('utf8')).toBe(bytes.toString('utf8'));
    });

    it('lets only members download: auditor, manager, coordinator and admin 200, a non-member 404, no token 401', async () => {
      const team = await t.reviewTeam();
      const bytes = files.pdf();
      const created = await upload(`/findings/${await finding(team)}/evidence`, team.auditor, file('a.pdf', bytes));
      const path = `/evidence/${created.body.id}/file`;
      for (const user of [team.auditor, team.manager, team.coordinator, team.admin]) {
        const res = await download(t.baseUrl, path, user.token);
        expect([user.name, res.status]).toEqual([user.name, 200]);
        expect(res.bytes.equals(bytes)).toBe(true);
      }
      const outsider = await download(t.baseUrl, path, team.outsider.token);
      expect(outsider.status).toBe(404);
      expect(outsider.bytes.toString()).not.toContain('%PDF');
      expect((await download(t.baseUrl, path)).status).toBe(401);
      expect((await download(t.baseUrl, `/evidence/${MISSING}/file`, team.admin.token)).status).toBe(404);
    });

    it("lists a finding's evidence to its members, oldest first, a page at a time", async () => {
      const team = await t.reviewTeam();
      const findingId = await finding(team);
      const ids: string[] = [];
      for (const name of ['1.pdf', '2.png', '3.csv']) {
        const bytes = name.endsWith('pdf') ? files.pdf() : name.endsWith('png') ? files.png() : files.csv();
        ids.push((await upload(`/findings/${findingId}/evidence`, team.auditor, file(name, bytes))).body.id);
      }
      const first = await t.get(`/findings/${findingId}/evidence?limit=2`, team.manager.token);
      expect(first.status).toBe(200);
      expect(first.body.items.map((e: any) => e.id)).toEqual(ids.slice(0, 2));
      expect(first.body.items[0]).toMatchObject({ filename: '1.pdf', uploadedByName: team.auditor.name, findingId });
      const second = await t.get(
        `/findings/${findingId}/evidence?limit=2&cursor=${first.body.nextCursor}`,
        team.manager.token,
      );
      expect(second.body).toEqual({ items: [expect.objectContaining({ id: ids[2] })], nextCursor: null });
      expect((await t.get(`/findings/${findingId}/evidence`, team.outsider.token)).status).toBe(404);
      const other = await finding(team);
      expect((await t.get(`/findings/${other}/evidence`, team.auditor.token)).body).toEqual({
        items: [],
        nextCursor: null,
      });
    });
  });

  describe('follow-ups', () => {
    /**
     * A later review following up an earlier one: the recommendation belongs to the earlier review, the follow-up
     * was recorded in the later one.
     */
    const laterReview = async (): Promise<{ earlier: Team; later: Team; followUpId: string }> => {
      const earlier = await t.reviewTeam();
      const later = await t.reviewTeam();
      await t.db.query('UPDATE reviews SET previous_review_id = $1 WHERE id = $2', [earlier.reviewId, later.reviewId]);
      const findingId = await finding(earlier);
      return { earlier, later, followUpId: await followUp(findingId, later, earlier.reviewId) };
    };

    it('stores follow-up evidence in the review the follow-up was recorded in, visible to its members only', async () => {
      const { earlier, later, followUpId } = await laterReview();
      const bytes = files.pdf('Plan anual de adquisiciones 2019');
      const res = await upload(`/follow-ups/${followUpId}/evidence`, later.auditor, file('plan.pdf', bytes));
      expect(res.status).toBe(201);
      const [row] = await rows('id = $1', [res.body.id]);
      expect(row).toMatchObject({ review_id: later.reviewId, follow_up_id: followUpId, finding_id: null });

      for (const user of [later.auditor, later.manager, later.coordinator, later.admin]) {
        expect((await t.get(`/evidence/${res.body.id}`, user.token)).body).toMatchObject({
          followUpId,
          findingId: null,
        });
        expect((await download(t.baseUrl, `/evidence/${res.body.id}/file`, user.token)).bytes.equals(bytes)).toBe(true);
      }
      const listed = await t.get(`/follow-ups/${followUpId}/evidence`, later.manager.token);
      expect(listed.body.items.map((e: any) => e.id)).toEqual([res.body.id]);
      // Members of the earlier review only, and outsiders, do not see the later review's records.
      for (const user of [earlier.coordinator, earlier.auditor, later.outsider]) {
        expect((await t.get(`/evidence/${res.body.id}`, user.token)).status).toBe(404);
        expect((await download(t.baseUrl, `/evidence/${res.body.id}/file`, user.token)).status).toBe(404);
        expect((await t.get(`/follow-ups/${followUpId}/evidence`, user.token)).status).toBe(404);
      }
    });

    it("lets the recording review's auditors and coordinators upload; its manager gets 403, the earlier review's auditor 404", async () => {
      const { earlier, later, followUpId } = await laterReview();
      const path = `/follow-ups/${followUpId}/evidence`;
      expect((await upload(path, later.coordinator, file('c.pdf', files.pdf()))).status).toBe(201);
      expect((await upload(path, later.manager, file('m.pdf', files.pdf()))).status).toBe(403);
      expect((await upload(path, earlier.auditor, file('e.pdf', files.pdf()))).status).toBe(404);
      expect((await upload(`/follow-ups/${MISSING}/evidence`, later.auditor, file('x.pdf', files.pdf()))).status).toBe(
        404,
      );
      expect(await rows('follow_up_id = $1', [followUpId])).toHaveLength(1);
    });
  });

  describe('failures leave nothing behind', () => {
    it('deletes the stored file when the database refuses the row after the file was stored', async () => {
      const team = await t.reviewTeam();
      const findingId = await finding(team);
      const filesBefore = filesUnder(evidenceDir());
      // A real refusal by PostgreSQL at INSERT time, after storage.put() has already succeeded.
      await t.db.query(`CREATE FUNCTION refuse_evidence() RETURNS trigger LANGUAGE plpgsql AS $$
                        BEGIN RAISE EXCEPTION 'evidence refused for the test'; END $$`);
      await t.db.query(
        'CREATE TRIGGER refuse_evidence BEFORE INSERT ON evidence FOR EACH ROW EXECUTE FUNCTION refuse_evidence()',
      );
      try {
        const res = await upload(`/findings/${findingId}/evidence`, team.auditor, file('a.pdf', files.pdf()));
        expect(res.status).toBe(500);
        expect(res.body.message).not.toContain('evidence refused');
      } finally {
        await t.db.query('DROP TRIGGER refuse_evidence ON evidence');
        await t.db.query('DROP FUNCTION refuse_evidence()');
      }
      await expectNothingStored(findingId, filesBefore);
      const { rows: events } = await t.db.query(
        `SELECT count(*)::int AS n FROM audit_events WHERE entity_type = 'evidence' AND review_id = $1`,
        [team.reviewId],
      );
      expect(events[0].n).toBe(0);
    });

    it('records nothing and leaves no temp file when the storage cannot write', async () => {
      const team = await t.reviewTeam();
      const findingId = await finding(team);
      // The storage writes through evidence/.tmp: a plain file in its place makes every put fail (even as root).
      const blocked = join(evidenceDir(), '.tmp');
      const aside = `${blocked}-aside`;
      mkdirSync(blocked, { recursive: true });
      renameSync(blocked, aside);
      writeFileSync(blocked, 'not a folder');
      const filesBefore = filesUnder(evidenceDir());
      try {
        const res = await upload(`/findings/${findingId}/evidence`, team.auditor, file('a.pdf', files.pdf()));
        expect(res.status).toBe(500);
        expect(await rows('finding_id = $1', [findingId])).toEqual([]);
        expect(filesUnder(evidenceDir())).toEqual(filesBefore);
        expect(filesUnder(tempDir())).toEqual([]);
      } finally {
        rmSync(blocked);
        renameSync(aside, blocked);
      }
      expect((await upload(`/findings/${findingId}/evidence`, team.auditor, file('a.pdf', files.pdf()))).status).toBe(
        201,
      );
    });
  });
});
