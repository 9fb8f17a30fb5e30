// What a reminder and a digest say, in the recipient's language (en, es, fr); the same words go in-app and by e-mail.
import { daysBetween, formatAtPrecision, type Locale, type Precision } from '@vigia/common';
import type { RemindedItemType } from './reminder-scan.service';

/** An item as a reminder names it: its title and how its due date reads. */
export interface RemindedItem {
  itemType: RemindedItemType;
  title: string;
  /** The last day it is due (a milestone's: the last day of its planned period). */
  dueOn: string;
  /** A milestone's planned date and precision, which it is shown at ("March 2017"). */
  plannedOn?: string;
  precision?: Precision;
}

export interface ReminderText {
  title: string;
  body: string;
}

/** Titles and subjects hold at most 300 characters; an item's title is cut well before, so the sentence survives. */
const MAX_TITLE = 300;
const MAX_ITEM_TITLE = 160;
/** A digest lists this many late items, then says how many more there are. */
export const DIGEST_MAX_ITEMS = 50;

/** The start of a recommendation's text stands for its title (recommendations have none). */
export function recommendationTitle(text: string): string {
  return clip(text.replace(/\s+/g, ' ').trim(), 80);
}

function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** French sets its guillemets apart with spaces; Spanish and English set them tight. */
function quote(locale: Locale, title: string): string {
  const t = clip(title, MAX_ITEM_TITLE);
  return locale === 'fr' ? `« ${t} »` : `«${t}»`;
}

/** "1 December 2026", "1 de diciembre de 2026", "1 décembre 2026" (British English, as the OECD writes). */
export function formatDate(date: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : locale, { timeZone: 'UTC', dateStyle: 'long' }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

function dueLabel(item: RemindedItem, locale: Locale): string {
  return item.plannedOn && item.precision
    ? formatAtPrecision(item.plannedOn, item.precision, locale)
    : formatDate(item.dueOn, locale);
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

interface Words {
  /** The item as the subject of a sentence. */
  subject: Record<RemindedItemType, string>;
  /** The item as a digest line starts. */
  noun: Record<RemindedItemType, string>;
  dueIn: (days: number, due: string) => string;
  overdue: (days: number, due: string) => string;
  review: string;
  digestTitle: (count: number, review: string) => string;
  digestIntro: string;
  digestLine: (noun: string, title: string, due: string, late: number) => string;
  more: (n: number) => string;
}

const WORDS: Record<Locale, Words> = {
  en: {
    subject: { deliverable: 'Deliverable', milestone: 'Milestone', recommendation: 'Recommendation' },
    noun: { deliverable: 'Deliverable', milestone: 'Milestone', recommendation: 'Recommendation' },
    dueIn: (d, due) => (d === 0 ? `is due today (${due})` : `is due in ${plural(d, 'day', 'days')} (${due})`),
    overdue: (d, due) => `is overdue by ${plural(d, 'day', 'days')} (due ${due})`,
    review: 'Review',
    digestTitle: (n, review) => `Weekly digest: ${plural(n, 'late item', 'late items')} in ${review}`,
    digestIntro: 'These items are late:',
    digestLine: (noun, title, due, late) => `- ${noun} ${title}: due ${due}, ${plural(late, 'day', 'days')} late`,
    more: (n) => `... and ${n} more`,
  },
  es: {
    subject: { deliverable: 'El entregable', milestone: 'El hito', recommendation: 'La recomendación' },
    noun: { deliverable: 'Entregable', milestone: 'Hito', recommendation: 'Recomendación' },
    dueIn: (d, due) => (d === 0 ? `vence hoy (${due})` : `vence en ${plural(d, 'día', 'días')} (${due})`),
    overdue: (d, due) => `lleva ${plural(d, 'día', 'días')} de retraso (vencimiento: ${due})`,
    review: 'Revisión',
    digestTitle: (n, review) =>
      `Resumen semanal: ${plural(n, 'elemento atrasado', 'elementos atrasados')} en ${review}`,
    digestIntro: 'Estos elementos están atrasados:',
    digestLine: (noun, title, due, late) =>
      `- ${noun} ${title}: vencimiento ${due}, ${plural(late, 'día', 'días')} de retraso`,
    more: (n) => `... y ${n} más`,
  },
  fr: {
    subject: { deliverable: 'Le livrable', milestone: 'Le jalon', recommendation: 'La recommandation' },
    noun: { deliverable: 'Livrable', milestone: 'Jalon', recommendation: 'Recommandation' },
    dueIn: (d, due) =>
      d === 0
        ? `arrive à échéance aujourd'hui (${due})`
        : `arrive à échéance dans ${plural(d, 'jour', 'jours')} (${due})`,
    overdue: (d, due) => `est en retard de ${plural(d, 'jour', 'jours')} (échéance : ${due})`,
    review: 'Examen',
    digestTitle: (n, review) =>
      `Résumé hebdomadaire : ${plural(n, 'élément en retard', 'éléments en retard')} dans ${review}`,
    digestIntro: 'Ces éléments sont en retard :',
    digestLine: (noun, title, due, late) =>
      `- ${noun} ${title} : échéance ${due}, ${plural(late, 'jour', 'jours')} de retard`,
    more: (n) => `... et ${n} de plus`,
  },
};

function footer(locale: Locale, reviewTitle: string, link: string): string {
  const separator = locale === 'fr' ? ' : ' : ': ';
  return `${WORDS[locale].review}${separator}${clip(reviewTitle, MAX_ITEM_TITLE)}\n${link}`;
}

/**
 * A reminder about one item, worded from the days left on `today` (not from the occasion), so a reminder delivered
 * late still tells the truth.
 */
export function reminderText(
  item: RemindedItem,
  locale: Locale,
  today: string,
  review: { title: string; link: string },
): ReminderText {
  const w = WORDS[locale];
  const left = daysBetween(today, item.dueOn);
  const due = dueLabel(item, locale);
  const when = left >= 0 ? w.dueIn(left, due) : w.overdue(-left, due);
  const title = clip(`${w.subject[item.itemType]} ${quote(locale, item.title)} ${when}`, MAX_TITLE);
  return { title, body: `${title}\n\n${footer(locale, review.title, review.link)}` };
}

/** A manager's weekly digest: every late item of the review (the first DIGEST_MAX_ITEMS), oldest due first. */
export function digestText(
  items: RemindedItem[],
  locale: Locale,
  today: string,
  review: { title: string; link: string },
): ReminderText {
  const w = WORDS[locale];
  const title = clip(w.digestTitle(items.length, quote(locale, review.title)), MAX_TITLE);
  const lines = items
    .slice(0, DIGEST_MAX_ITEMS)
    .map((item) =>
      w.digestLine(
        w.noun[item.itemType],
        quote(locale, item.title),
        dueLabel(item, locale),
        daysBetween(item.dueOn, today),
      ),
    );
  if (items.length > DIGEST_MAX_ITEMS) lines.push(w.more(items.length - DIGEST_MAX_ITEMS));
  return {
    title,
    body: `${title}\n\n${w.digestIntro}\n${lines.join('\n')}\n\n${footer(locale, review.title, review.link)}`,
  };
}
