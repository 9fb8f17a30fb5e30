// The language switch: every label changes at once, and the choice is remembered.
import { useId } from 'react';
import { LOCALES, type Locale } from '../api/types';
import { LANGUAGE_NAMES, useLocale, useT } from '../i18n/i18n';

export function LanguageSwitch() {
  const { locale, setLocale } = useLocale();
  const t = useT();
  const id = useId();
  return (
    <div className="language-switch">
      <label htmlFor={id}>{t('nav.language')}</label>
      <select id={id} value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LANGUAGE_NAMES[l]}
          </option>
        ))}
      </select>
    </div>
  );
}
