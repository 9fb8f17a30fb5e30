// The language of the app: English, Spanish or French catalogues with the same keys (a missing key fails the
// typecheck), switched at once for every label, remembered on the account (PATCH /me) and in this browser.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { IntlProvider, useIntl } from 'react-intl';
import { api } from '../api/client';
import { unwrap } from '../api/errors';
import { session, useSession } from '../api/session';
import { LOCALES, type Locale } from '../api/types';
import { en, type MessageKey } from './messages/en';
import { es } from './messages/es';
import { fr } from './messages/fr';

const CATALOGUES: Record<Locale, Record<MessageKey, string>> = { en, es, fr };

/** Each language named in itself, so a reader finds their own whatever the current one. */
export const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', es: 'Español', fr: 'Français' };
const STORED = 'vigia.locale';

interface LocaleContextValue {
  locale: Locale;
  setLocale: (locale: Locale) => void;
}

const LocaleContext = createContext<LocaleContextValue>({ locale: 'en', setLocale: () => undefined });

function initialLocale(): Locale {
  const stored = localStorage.getItem(STORED);
  if (stored && (LOCALES as readonly string[]).includes(stored)) return stored as Locale;
  const browser = navigator.language.slice(0, 2);
  return (LOCALES as readonly string[]).includes(browser) ? (browser as Locale) : 'en';
}

export function LocaleProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const state = useSession();
  const accountLocale = state.status === 'signed-in' ? state.me.locale : null;

  // What the account holds on the server, as far as this tab knows.
  const accountHas = useRef<Locale | null>(accountLocale);
  // Signing in brings the language the account chose last time.
  useEffect(() => {
    accountHas.current = accountLocale;
    if (accountLocale) setLocaleState(accountLocale);
  }, [accountLocale]);

  useEffect(() => {
    document.documentElement.lang = locale;
    localStorage.setItem(STORED, locale);
  }, [locale]);

  // The language chosen last, and its saves, one after another: switching quickly (es, then back to en) must
  // end with the last choice on screen and on the account, whatever order the answers would come back in.
  const chosen = useRef<Locale | null>(null);
  const saving = useRef<Promise<void>>(Promise.resolve());
  const setLocale = useCallback(
    (next: Locale) => {
      chosen.current = next;
      setLocaleState(next);
      if (state.status !== 'signed-in') return;
      // Remembered for the next sign-in and for reminders; the switch itself does not wait for it.
      saving.current = saving.current.then(async () => {
        // A later choice supersedes this one, and a choice the account already holds needs no save.
        if (chosen.current !== next || accountHas.current === next || session.snapshot().status !== 'signed-in') return;
        try {
          const me = unwrap(await api.PATCH('/api/v1/me', { body: { locale: next } }));
          accountHas.current = me.locale;
          // Only the last choice may reach the session (whose locale the effect above applies).
          if (chosen.current === next) session.update(me);
        } catch {
          // Not remembered on the account this time; the screen keeps the choice.
        }
      });
    },
    [state],
  );

  const value = useMemo(() => ({ locale, setLocale }), [locale, setLocale]);
  return (
    <LocaleContext.Provider value={value}>
      <IntlProvider locale={locale} messages={CATALOGUES[locale]} defaultLocale="en">
        {children}
      </IntlProvider>
    </LocaleContext.Provider>
  );
}

export function useLocale(): LocaleContextValue {
  return useContext(LocaleContext);
}

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/** The label of `key` in the current language; keys are typed, so a misspelt one fails the typecheck. */
export function useT(): Translate {
  const intl = useIntl();
  return useCallback((key, values) => intl.formatMessage({ id: key }, values), [intl]);
}

export type { MessageKey };
