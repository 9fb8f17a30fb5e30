// Loading, errors and conflicts, said the same way on every page.
import { useEffect, type ReactNode } from 'react';
import { ApiError } from '../api/errors';
import { type MessageKey, useT } from '../i18n/i18n';

export function Loading({ label }: { label?: string }) {
  const t = useT();
  return (
    <p className="loading" role="status">
      {label ?? t('common.loading')}
    </p>
  );
}

const STATUS_MESSAGES: Record<number, MessageKey> = {
  0: 'error.network',
  400: 'error.invalid',
  401: 'error.unauthorized',
  403: 'error.forbidden',
  404: 'error.notFound',
  409: 'error.conflict',
  413: 'error.tooLarge',
  415: 'error.unsupportedType',
  429: 'error.rateLimited',
  503: 'error.unavailable',
};

/** What went wrong, in the user's language, with the api's own explanation beneath it when it has one. */
export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT();
  if (!error) return null;
  const apiError = error instanceof ApiError ? error : null;
  // fetch rejects with a TypeError when no answer came at all (offline, server down).
  const status = apiError ? apiError.status : error instanceof TypeError ? 0 : 500;
  const headline = t(STATUS_MESSAGES[status] ?? 'error.server');
  const detail = apiError && apiError.status !== 0 ? apiError.body.message : undefined;
  const fields = apiError?.fieldErrors ?? [];
  return (
    <div className="notice notice-error" role="alert">
      <p className="notice-title">{headline}</p>
      {detail && detail !== 'Invalid input' && <p>{detail}</p>}
      {fields.length > 0 && (
        <ul>
          {fields.map((f) => (
            <li key={f.field}>
              <strong>{f.field}</strong>: {f.messages.join('; ')}
            </li>
          ))}
        </ul>
      )}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

/**
 * Someone saved the record after it was opened here. The form keeps what the user typed; Reload brings the
 * latest version (and its number, so saving again works), and the fields that changed meanwhile are listed.
 */
export function ConflictNotice({
  onReload,
  reloading,
  changed,
}: {
  onReload: () => void;
  reloading: boolean;
  changed?: ReactNode;
}) {
  const t = useT();
  return (
    <div className="notice notice-warning" role="alert">
      <p className="notice-title">{t('conflict.title')}</p>
      <p>{t('conflict.body')}</p>
      {changed}
      <button type="button" onClick={onReload} disabled={reloading}>
        {reloading ? t('common.loading') : t('conflict.reload')}
      </button>
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

/** Sets the browser tab's title, so the history and screen readers name the page. */
export function useDocumentTitle(title: string | undefined): void {
  useEffect(() => {
    if (title) document.title = `${title} · Vigía`;
  }, [title]);
}
