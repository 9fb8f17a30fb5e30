// Sign-in: e-mail and password; the api's refusal (wrong password, too many attempts) is said in plain words.
import { type FormEvent, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../api/errors';
import { session, useSession } from '../api/session';
import { ErrorNotice, useDocumentTitle } from '../components/feedback';
import { LanguageSwitch } from '../components/language-switch';
import { useT } from '../i18n/i18n';

/** Only paths of this app: a crafted ?next= must not send anyone elsewhere. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function SignInPage() {
  const t = useT();
  const state = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useDocumentTitle(t('signIn.title'));

  if (state.status === 'signed-in') return <Navigate to={safeNext(params.get('next'))} replace />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await session.signIn(email.trim(), password);
      void navigate(safeNext(params.get('next')), { replace: true });
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  const wrongPassword = error instanceof ApiError && error.status === 401;
  return (
    <div className="sign-in">
      <header className="sign-in-header">
        <span className="brand">Vigía</span>
        <LanguageSwitch />
      </header>
      <main id="main" className="sign-in-main">
        <form className="card sign-in-card" onSubmit={(e) => void submit(e)}>
          <h1>{t('signIn.title')}</h1>
          <p className="muted">{t('signIn.intro')}</p>
          {state.status === 'signed-out' && state.expired && (
            <p className="notice notice-warning" role="status">
              {t('signIn.expired')}
            </p>
          )}
          <label htmlFor="email">{t('signIn.email')}</label>
          <input
            id="email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            aria-invalid={wrongPassword || undefined}
          />
          <label htmlFor="password">{t('signIn.password')}</label>
          <input
            id="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={wrongPassword || undefined}
          />
          {wrongPassword ? (
            <p className="notice notice-error" role="alert">
              {t('signIn.wrong')}
            </p>
          ) : (
            <ErrorNotice error={error} />
          )}
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('signIn.busy') : t('signIn.submit')}
          </button>
        </form>
      </main>
    </div>
  );
}
