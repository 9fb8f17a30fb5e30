// Editing a record under optimistic locking, shared by every edit form: send only the changed fields with the
// version read; on a stale version keep the user's edits, and Reload takes the latest record (untouched fields follow
// it, fields both sides changed keep the user's value and are listed).
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../api/errors';
import { ConflictNotice, ErrorNotice } from '../components/feedback';
import { useT } from '../i18n/i18n';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export interface VersionedEditOptions<R extends { version: number }, V extends object> {
  record: R;
  valuesOf: (record: R) => V;
  /** Sends the changed fields with the version they were read at; answers the saved record. */
  save: (changes: Partial<V>, version: number) => Promise<R>;
  /** Reads the latest record (for Reload). */
  fetchLatest: () => Promise<R>;
  onSaved: (saved: R) => void | Promise<void>;
  /** Called with the latest record on Reload, so the caller's cache follows it. */
  onReloaded?: (latest: R) => void;
}

export function useVersionedEdit<R extends { version: number }, V extends object>(options: VersionedEditOptions<R, V>) {
  const { valuesOf } = options;
  const [base, setBase] = useState(options.record);
  const [values, setValues] = useState<V>(() => valuesOf(options.record));
  const [clashes, setClashes] = useState<(keyof V)[]>([]);
  const [reloading, setReloading] = useState(false);
  const [reloaded, setReloaded] = useState(false);
  const fields = Object.keys(values) as (keyof V)[];
  const save = useMutation({
    mutationFn: () => {
      const original = valuesOf(base);
      const changes = Object.fromEntries(
        fields.filter((k) => !same(values[k], original[k])).map((k) => [k, values[k]]),
      ) as Partial<V>;
      return options.save(changes, base.version);
    },
    onSuccess: (saved) => options.onSaved(saved),
  });
  const reload = async () => {
    setReloading(true);
    try {
      const latest = await options.fetchLatest();
      options.onReloaded?.(latest);
      const original = valuesOf(base);
      const theirs = valuesOf(latest);
      const merged = { ...values };
      const both: (keyof V)[] = [];
      for (const k of fields) {
        const mine = !same(values[k], original[k]);
        const changedThere = !same(theirs[k], original[k]);
        if (!mine) merged[k] = theirs[k];
        else if (changedThere && !same(values[k], theirs[k])) both.push(k);
      }
      setValues(merged);
      setBase(latest);
      setClashes(both);
      setReloaded(true);
      save.reset();
    } finally {
      setReloading(false);
    }
  };
  const conflict = save.error instanceof ApiError && save.error.isVersionConflict;
  return {
    base,
    values,
    setValues,
    submit: () => save.mutate(),
    busy: save.isPending,
    error: save.error,
    conflict,
    reload,
    reloading,
    reloaded,
    clashes,
  };
}

/** What the save said: an error, the stale-version notice with Reload, or what Reload found changed meanwhile. */
export function VersionedEditNotices<V extends object>({
  edit,
  theirs,
  fieldLabel,
}: {
  edit: Pick<
    ReturnType<typeof useVersionedEdit<{ version: number }, V>>,
    'error' | 'conflict' | 'reload' | 'reloading' | 'reloaded' | 'clashes'
  >;
  /** The latest record's values (the base after Reload), to show what the other side saved. */
  theirs: V;
  fieldLabel: (field: keyof V) => string;
}) {
  const t = useT();
  return (
    <>
      {edit.conflict ? (
        <ConflictNotice onReload={() => void edit.reload()} reloading={edit.reloading} />
      ) : (
        <ErrorNotice error={edit.error} />
      )}
      {edit.reloaded && !edit.conflict && (
        <div className="notice notice-warning" role="status">
          <p>{t('conflict.reloaded')}</p>
          {edit.clashes.length > 0 && (
            <>
              <p>{t('conflict.clashes')}</p>
              <ul>
                {edit.clashes.map((k) => (
                  <li key={String(k)}>
                    <strong>{fieldLabel(k)}</strong>: {String(theirs[k])}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </>
  );
}
