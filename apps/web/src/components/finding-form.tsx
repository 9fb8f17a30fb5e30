// The auditor's finding form: title, focus area, the principles it touches, condition, criteria, cause and effect,
// and the rating from likelihood and impact (previewed here; the api computes the one that counts).
import { type FormEvent, type ReactNode, useId } from 'react';
import type { Rating } from '../api/types';
import { useT } from '../i18n/i18n';
import { RATING_COLORS } from '../lib/colors';
import { useFocusAreas, usePrinciples } from '../lib/queries';
import { RatingBadge } from './badges';

export interface FindingValues {
  title: string;
  focusAreaId: string;
  principleCodes: string[];
  condition: string;
  criteria: string;
  cause: string;
  effect: string;
  likelihood: number;
  impact: number;
}

export const EMPTY_FINDING: FindingValues = {
  title: '',
  focusAreaId: '',
  principleCodes: [],
  condition: '',
  criteria: '',
  cause: '',
  effect: '',
  likelihood: 3,
  impact: 3,
};

export const FINDING_TEXT_FIELDS = ['condition', 'criteria', 'cause', 'effect'] as const;

/** The published scale (docs/api.md): 1-4 low, 5-9 medium, 10-16 high, 20-25 critical. For the preview only. */
export function ratingOf(likelihood: number, impact: number): Rating {
  const score = likelihood * impact;
  if (score >= 20) return 'critical';
  if (score >= 10) return 'high';
  if (score >= 5) return 'medium';
  return 'low';
}

const SCALE = [1, 2, 3, 4, 5] as const;

/** The 5x5 matrix with the chosen cell marked: likelihood up, impact across, as risk registers draw it. */
function RiskMatrix({ likelihood, impact }: { likelihood: number; impact: number }) {
  return (
    <div className="risk-matrix" aria-hidden="true">
      {[...SCALE].reverse().map((l) =>
        SCALE.map((i) => (
          <span
            key={`${l}-${i}`}
            className={l === likelihood && i === impact ? 'cell chosen' : 'cell'}
            style={{ backgroundColor: RATING_COLORS[ratingOf(l, i)] }}
          >
            {l === likelihood && i === impact ? l * i : ''}
          </span>
        )),
      )}
    </div>
  );
}

export function FindingForm({
  values,
  onChange,
  onSubmit,
  submitLabel,
  busy,
  onCancel,
  children,
}: {
  values: FindingValues;
  onChange: (values: FindingValues) => void;
  onSubmit: () => void;
  submitLabel: string;
  busy: boolean;
  onCancel?: () => void;
  /** Errors and conflicts, shown above the buttons. */
  children?: ReactNode;
}) {
  const t = useT();
  const id = useId();
  const areas = useFocusAreas();
  const principles = usePrinciples();
  const set = <K extends keyof FindingValues>(key: K, value: FindingValues[K]) => onChange({ ...values, [key]: value });
  const togglePrinciple = (code: string) =>
    set(
      'principleCodes',
      values.principleCodes.includes(code)
        ? values.principleCodes.filter((c) => c !== code)
        : [...values.principleCodes, code],
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  const rating = ratingOf(values.likelihood, values.impact);

  return (
    <form className="card form finding-form" onSubmit={submit}>
      <label htmlFor={`${id}-title`}>{t('finding.title')}</label>
      <input
        id={`${id}-title`}
        required
        maxLength={300}
        value={values.title}
        onChange={(e) => set('title', e.target.value)}
      />
      <label htmlFor={`${id}-area`}>{t('finding.focusArea')}</label>
      <select
        id={`${id}-area`}
        required
        value={values.focusAreaId}
        onChange={(e) => set('focusAreaId', e.target.value)}
      >
        <option value="">{t('common.choose')}</option>
        {areas.data?.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name}
          </option>
        ))}
      </select>
      <fieldset>
        <legend>{t('finding.principles')}</legend>
        <div className="checkbox-grid">
          {principles.data?.map((p) => (
            <label key={p.code} className="checkbox">
              <input
                type="checkbox"
                checked={values.principleCodes.includes(p.code)}
                onChange={() => togglePrinciple(p.code)}
              />
              {p.name}
            </label>
          ))}
        </div>
      </fieldset>
      {FINDING_TEXT_FIELDS.map((field) => (
        <div key={field}>
          <label htmlFor={`${id}-${field}`}>{t(`finding.${field}`)}</label>
          <p id={`${id}-${field}-hint`} className="hint">
            {t(`finding.${field}Hint`)}
          </p>
          <textarea
            id={`${id}-${field}`}
            required
            rows={3}
            value={values[field]}
            aria-describedby={`${id}-${field}-hint`}
            onChange={(e) => set(field, e.target.value)}
          />
        </div>
      ))}
      <fieldset className="rating-fieldset">
        <legend>{t('finding.risk')}</legend>
        <div className="rating-picker">
          <div>
            <label htmlFor={`${id}-likelihood`}>{t('finding.likelihood')}</label>
            <select
              id={`${id}-likelihood`}
              value={values.likelihood}
              onChange={(e) => set('likelihood', Number(e.target.value))}
            >
              {SCALE.map((n) => (
                <option key={n} value={n}>
                  {n} · {t(`likelihood.${n}`)}
                </option>
              ))}
            </select>
            <label htmlFor={`${id}-impact`}>{t('finding.impact')}</label>
            <select id={`${id}-impact`} value={values.impact} onChange={(e) => set('impact', Number(e.target.value))}>
              {SCALE.map((n) => (
                <option key={n} value={n}>
                  {n} · {t(`impact.${n}`)}
                </option>
              ))}
            </select>
            <p className="rating-preview" aria-live="polite">
              {t('finding.ratingPreview', { score: values.likelihood * values.impact })} <RatingBadge rating={rating} />
            </p>
          </div>
          <RiskMatrix likelihood={values.likelihood} impact={values.impact} />
        </div>
      </fieldset>
      {children}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
