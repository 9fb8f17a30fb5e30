// A finding's evidence: the files with their size, type and checksum, downloads, and the upload with progress.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useRef, useState } from 'react';
import { api } from '../api/client';
import { unwrap } from '../api/errors';
import { downloadFile, type UploadProgress, uploadFile } from '../api/transfer';
import type { Evidence, FindingDetail } from '../api/types';
import { useT } from '../i18n/i18n';
import { useFormat } from '../lib/format';
import { allPages } from '../lib/queries';
import { useReviewAccess } from '../lib/review-access';
import { Empty, ErrorNotice, Loading } from './feedback';

function EvidenceRow({ evidence }: { evidence: Evidence }) {
  const t = useT();
  const format = useFormat();
  const download = useMutation({
    mutationFn: () => downloadFile(`/api/v1/evidence/${evidence.id}/file`, evidence.filename),
  });
  return (
    <li className="evidence-item">
      <div>
        <strong>{evidence.filename}</strong>
        <div className="muted small">
          {format.bytes(evidence.size)} · {evidence.contentType} · {evidence.uploadedByName} ·{' '}
          {format.instant(evidence.createdAt)}
        </div>
        <div className="muted small mono" title={evidence.sha256}>
          SHA-256 {evidence.sha256.slice(0, 16)}…
        </div>
        <ErrorNotice error={download.error} />
      </div>
      <button
        type="button"
        className="small-button"
        onClick={() => download.mutate()}
        disabled={download.isPending}
        aria-label={t('evidence.downloadFile', { name: evidence.filename })}
      >
        {t('common.download')}
      </button>
    </li>
  );
}

export function EvidencePanel({ finding }: { finding: FindingDetail }) {
  const t = useT();
  const id = useId();
  const queryClient = useQueryClient();
  const { writesFindings } = useReviewAccess();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const queryKey = ['evidence', finding.id];
  const evidence = useQuery({
    queryKey,
    queryFn: (): Promise<Evidence[]> =>
      allPages(async (cursor) =>
        unwrap(
          await api.GET('/api/v1/findings/{id}/evidence', {
            params: { path: { id: finding.id }, query: { cursor, limit: 200 } },
          }),
        ),
      ),
  });
  const upload = useMutation({
    mutationFn: (chosen: File) => uploadFile(`/api/v1/findings/${finding.id}/evidence`, chosen, setProgress),
    onSuccess: async () => {
      setFile(null);
      if (input.current) input.current.value = '';
      await queryClient.invalidateQueries({ queryKey });
    },
    onSettled: () => setProgress(null),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (file) upload.mutate(file);
  };
  const canUpload = writesFindings && finding.status !== 'approved';
  const percent = progress && progress.total > 0 ? Math.round((progress.loaded / progress.total) * 100) : 0;

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('evidence.title')}</h3>
      {evidence.isPending && <Loading />}
      <ErrorNotice error={evidence.error} />
      {evidence.data?.length === 0 && <Empty>{t('evidence.empty')}</Empty>}
      {evidence.data && evidence.data.length > 0 && (
        <ul className="evidence-list">
          {evidence.data.map((e) => (
            <EvidenceRow key={e.id} evidence={e} />
          ))}
        </ul>
      )}
      {canUpload && (
        <form className="form upload-form" onSubmit={submit}>
          <label htmlFor={`${id}-file`}>{t('evidence.choose')}</label>
          <p id={`${id}-hint`} className="hint">
            {t('evidence.hint')}
          </p>
          <div className="search-row">
            <input
              id={`${id}-file`}
              ref={input}
              type="file"
              aria-describedby={`${id}-hint`}
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
            <button type="submit" className="primary" disabled={!file || upload.isPending}>
              {t('evidence.upload')}
            </button>
          </div>
          {upload.isPending && (
            <div className="progress" role="status">
              <label htmlFor={`${id}-progress`}>{t('evidence.uploading', { percent })}</label>
              <progress id={`${id}-progress`} max={100} value={percent} />
            </div>
          )}
          {upload.isSuccess && (
            <p className="ok-text" role="status">
              {t('evidence.uploaded')}
            </p>
          )}
          <ErrorNotice error={upload.error} />
        </form>
      )}
      {writesFindings && finding.status === 'approved' && <p className="muted small">{t('evidence.locked')}</p>}
    </section>
  );
}
