// Nothing here, or nothing this user may see: the same answer, as the api gives it.
import { Link } from 'react-router';
import { useDocumentTitle } from '../components/feedback';
import { useT } from '../i18n/i18n';

export function NotFoundPage({ message }: { message?: string }) {
  const t = useT();
  useDocumentTitle(t('notFound.title'));
  return (
    <section className="not-found" aria-labelledby="not-found-title">
      <h1 id="not-found-title">{t('notFound.title')}</h1>
      <p>{message ?? t('notFound.body')}</p>
      <p>
        <Link to="/">{t('notFound.back')}</Link>
      </p>
    </section>
  );
}
