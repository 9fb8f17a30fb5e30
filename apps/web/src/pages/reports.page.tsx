// Reports: a member asks for one (kind, format, language), watches it go from queued to done, and downloads it.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../api/client';
import { unwrap } from '../api/errors';
import { downloadFile } from '../api/transfer';
import {
  LOCALES,
  type Locale,
  type Report,
  REPORT_FORMATS,
  REPORT_KINDS,
  type ReportFormat,
  type ReportKind,
} from '../api/types';
import { ReportStatusBadge } from '../components/badges';
import { Empty, ErrorNotice, Loading, useDocumentTitle } from '../components/feedback';
import { LANGUAGE_NAMES, useLocale, useT } from '../i18n/i18n';
import { useFormat } from '../lib/format';
import { keys } from '../lib/queries';
import { useReviewAccess } from '../lib/review-access';

/** As the api documents it (POST /reviews/:id/reports): the full report is a document, not a table. */
const FORMATS_BY_KIND: Record<ReportKind, readonly ReportFormat[]> = {
  milestone: REPORT_FORMATS,
  findings: REPORT_FORMATS,
  full: ['pdf', 'html'],
};
/** How often an unfinished report is asked about. */
const POLL_MS = 1500;

function ReportRow({ report }: { report: Report }) {
  const t = useT();
  const format = useFormat();
  const download = useMutation({
    mutationFn: () => downloadFile(`/api/v1/reports/${report.id}/file`, report.fileName ?? `report.${report.format}`),
  });
  const name = `${t(`report.kind.${report.kind}`)} · ${report.format.toUpperCase()} · ${LANGUAGE_NAMES[report.locale]}`;
  return (
    <tr>
      <th scope="row">{name}</th>
      <td>{format.instant(report.createdAt)}</td>
      <td>
        <ReportStatusBadge status={report.status} />
        {(report.status === 'queued' || report.status === 'running') && (
          <progress className="inline-progress" aria-label={t(`report.status.${report.status}`)} />
        )}
        {report.error && <p className="late-text small">{report.error}</p>}
      </td>
      <td>
        {report.status === 'done' ? (
          <>
            <button
              type="button"
              className="small-button"
              onClick={() => download.mutate()}
              disabled={download.isPending}
              aria-label={t('report.downloadNamed', { name })}
            >
              {t('common.download')}
            </button>
            {report.sizeBytes !== null && <span className="muted small"> {format.bytes(report.sizeBytes)}</span>}
          </>
        ) : (
          '—'
        )}
        <ErrorNotice error={download.error} />
      </td>
    </tr>
  );
}

export function ReportsPage() {
  const t = useT();
  const { locale } = useLocale();
  const queryClient = useQueryClient();
  const { review } = useReviewAccess();
  const [kind, setKind] = useState<ReportKind>('milestone');
  const [fileFormat, setFileFormat] = useState<ReportFormat>('pdf');
  const [language, setLanguage] = useState<Locale>(locale);
  useDocumentTitle(`${t('review.tab.reports')} · ${review.title}`);

  const reports = useQuery({
    queryKey: keys.reports(review.id),
    queryFn: async (): Promise<Report[]> =>
      unwrap(
        await api.GET('/api/v1/reviews/{id}/reports', { params: { path: { id: review.id }, query: { limit: 50 } } }),
      ).items,
    // Keep asking while anything is still being made; stop once everything has finished.
    refetchInterval: (query) =>
      query.state.data?.some((r) => r.status === 'queued' || r.status === 'running') ? POLL_MS : false,
  });
  const request = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v1/reviews/{id}/reports', {
          params: { path: { id: review.id } },
          body: { kind, format: fileFormat, locale: language },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.reports(review.id) }),
  });
  const chooseKind = (next: ReportKind) => {
    setKind(next);
    if (!FORMATS_BY_KIND[next].includes(fileFormat)) setFileFormat(FORMATS_BY_KIND[next][0]);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    request.mutate();
  };

  return (
    <section aria-labelledby="reports-title">
      <h2 id="reports-title">{t('review.tab.reports')}</h2>
      <form className="card form" onSubmit={submit} aria-labelledby="request-report-title">
        <h3 id="request-report-title">{t('report.request')}</h3>
        <div className="form-row">
          <div>
            <label htmlFor="report-kind">{t('report.kind')}</label>
            <select id="report-kind" value={kind} onChange={(e) => chooseKind(e.target.value as ReportKind)}>
              {REPORT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`report.kind.${k}`)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="report-format">{t('report.format')}</label>
            <select
              id="report-format"
              value={fileFormat}
              onChange={(e) => setFileFormat(e.target.value as ReportFormat)}
            >
              {FORMATS_BY_KIND[kind].map((f) => (
                <option key={f} value={f}>
                  {f.toUpperCase()}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="report-language">{t('report.language')}</label>
            <select id="report-language" value={language} onChange={(e) => setLanguage(e.target.value as Locale)}>
              {LOCALES.map((l) => (
                <option key={l} value={l} lang={l}>
                  {LANGUAGE_NAMES[l]}
                </option>
              ))}
            </select>
          </div>
          <div className="align-end">
            <button type="submit" className="primary" disabled={request.isPending}>
              {t('report.requestButton')}
            </button>
          </div>
        </div>
        <p className="muted small">{t(`report.kindHint.${kind}`)}</p>
        <ErrorNotice error={request.error} />
        {request.isSuccess && (
          <p className="ok-text" role="status">
            {t('report.queued')}
          </p>
        )}
      </form>
      {reports.isPending && <Loading />}
      <ErrorNotice error={reports.error} onRetry={() => void reports.refetch()} />
      {reports.data?.length === 0 && <Empty>{t('report.empty')}</Empty>}
      {reports.data && reports.data.length > 0 && (
        <table className="data-table" aria-live="polite">
          <caption>{t('report.list')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('report.report')}</th>
              <th scope="col">{t('report.requested')}</th>
              <th scope="col">{t('report.statusColumn')}</th>
              <th scope="col">{t('report.file')}</th>
            </tr>
          </thead>
          <tbody>
            {reports.data.map((r) => (
              <ReportRow key={r.id} report={r} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
