// The coordinator's edit forms for a deliverable, a milestone, a workshop and the review itself: one field list each,
// drawn by one form, saved through lib/versioned-edit (changed fields only, with the version; stale edits reload).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useId } from 'react';
import { api } from '../api/client';
import { unwrap } from '../api/errors';
import {
  DELIVERABLE_KINDS,
  type Deliverable,
  type DeliverableKind,
  type Member,
  type Milestone,
  PRECISIONS,
  type Precision,
  type Review,
  type Workshop,
} from '../api/types';
import { type MessageKey, useT } from '../i18n/i18n';
import { keys, useFocusAreas } from '../lib/queries';
import { useVersionedEdit, VersionedEditNotices } from '../lib/versioned-edit';

interface FieldSpec<V> {
  name: keyof V & string;
  label: MessageKey;
  type: 'text' | 'textarea' | 'date' | 'select';
  required?: boolean;
  options?: { value: string; label: string }[];
}

/** Form values are the inputs' strings; an empty optional field means null (cleared). */
type StringValues = Record<string, string>;

const orNull = (value: string | undefined) => (value === undefined ? undefined : value === '' ? null : value);

function FieldsForm<V extends StringValues>({
  title,
  fields,
  values,
  onChange,
  onSubmit,
  busy,
  onCancel,
  children,
}: {
  title: string;
  fields: FieldSpec<V>[];
  values: V;
  onChange: (values: V) => void;
  onSubmit: () => void;
  busy: boolean;
  onCancel: () => void;
  children?: ReactNode;
}) {
  const t = useT();
  const id = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <form className="card form" onSubmit={submit} aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{title}</h3>
      {fields.map((f) => {
        const inputId = `${id}-${f.name}`;
        const common = {
          id: inputId,
          required: f.required,
          value: values[f.name],
          onChange: (e: { target: { value: string } }) => onChange({ ...values, [f.name]: e.target.value }),
        };
        return (
          <div key={f.name}>
            <label htmlFor={inputId}>{t(f.label)}</label>
            {f.type === 'textarea' ? (
              <textarea rows={3} {...common} />
            ) : f.type === 'select' ? (
              <select {...common}>
                {!f.required && <option value="">—</option>}
                {f.options?.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            ) : (
              <input type={f.type} maxLength={f.type === 'text' ? 300 : undefined} {...common} />
            )}
          </div>
        );
      })}
      {children}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {t('common.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function labelOf<V>(fields: FieldSpec<V>[], t: (k: MessageKey) => string) {
  return (name: keyof V) => t(fields.find((f) => f.name === name)?.label ?? 'common.edit');
}

const deliverableValues = (d: Deliverable) => ({
  title: d.title,
  kind: d.kind as string,
  ownerId: d.ownerId ?? '',
  componentId: d.componentId ?? '',
  dueOn: d.dueOn,
});

export function EditDeliverable({
  deliverable,
  members,
  onDone,
}: {
  deliverable: Deliverable;
  members: Member[];
  onDone: () => void;
}) {
  const t = useT();
  const queryClient = useQueryClient();
  const reviewId = deliverable.reviewId;
  const components = useQuery({
    queryKey: ['components', reviewId],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/reviews/{id}/components', { params: { path: { id: reviewId } } })).items,
  });
  const edit = useVersionedEdit({
    record: deliverable,
    valuesOf: deliverableValues,
    save: async (c, version) =>
      unwrap(
        await api.PATCH('/api/v1/deliverables/{id}', {
          params: { path: { id: deliverable.id } },
          body: {
            version,
            title: c.title,
            kind: c.kind as DeliverableKind | undefined,
            ownerId: orNull(c.ownerId),
            componentId: orNull(c.componentId),
            dueOn: c.dueOn,
          },
        }),
      ),
    fetchLatest: async () =>
      unwrap(await api.GET('/api/v1/deliverables/{id}', { params: { path: { id: deliverable.id } } })),
    onSaved: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.deliverables(reviewId) }),
        queryClient.invalidateQueries({ queryKey: keys.summary(reviewId) }),
        queryClient.invalidateQueries({ queryKey: keys.timeline(reviewId) }),
      ]);
      onDone();
    },
  });
  const fields: FieldSpec<ReturnType<typeof deliverableValues>>[] = [
    { name: 'title', label: 'deliverable.title', type: 'text', required: true },
    {
      name: 'kind',
      label: 'deliverable.kind',
      type: 'select',
      required: true,
      options: DELIVERABLE_KINDS.map((k) => ({ value: k, label: t(`deliverable.kind.${k}`) })),
    },
    {
      name: 'ownerId',
      label: 'deliverable.owner',
      type: 'select',
      options: members.map((m) => ({ value: m.userId, label: `${m.name} (${t(`role.${m.role}`)})` })),
    },
    {
      name: 'componentId',
      label: 'deliverable.component',
      type: 'select',
      options: (components.data ?? []).map((c) => ({ value: c.id, label: c.title })),
    },
    { name: 'dueOn', label: 'deliverable.dueOn', type: 'date', required: true },
  ];
  return (
    <FieldsForm
      title={t('deliverable.edit', { title: deliverable.title })}
      fields={fields}
      values={edit.values}
      onChange={edit.setValues}
      onSubmit={edit.submit}
      busy={edit.busy}
      onCancel={onDone}
    >
      <VersionedEditNotices
        edit={edit}
        theirs={deliverableValues(edit.base)}
        fieldLabel={labelOf(fields, (k) => t(k))}
      />
    </FieldsForm>
  );
}

const milestoneValues = (m: Milestone) => ({
  title: m.title,
  plannedOn: m.plannedOn,
  precision: m.precision as string,
  actualOn: m.actualOn ?? '',
  deliverableId: m.deliverableId ?? '',
});

export function EditMilestone({
  milestone,
  deliverables,
  onDone,
}: {
  milestone: Milestone;
  deliverables: Deliverable[];
  onDone: () => void;
}) {
  const t = useT();
  const queryClient = useQueryClient();
  const edit = useVersionedEdit({
    record: milestone,
    valuesOf: milestoneValues,
    save: async (c, version) =>
      unwrap(
        await api.PATCH('/api/v1/milestones/{id}', {
          params: { path: { id: milestone.id } },
          body: {
            version,
            title: c.title,
            plannedOn: c.plannedOn,
            precision: c.precision as Precision | undefined,
            actualOn: orNull(c.actualOn),
            deliverableId: orNull(c.deliverableId),
          },
        }),
      ),
    fetchLatest: async () =>
      unwrap(await api.GET('/api/v1/milestones/{id}', { params: { path: { id: milestone.id } } })),
    onSaved: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.timeline(milestone.reviewId) }),
        queryClient.invalidateQueries({ queryKey: keys.summary(milestone.reviewId) }),
      ]);
      onDone();
    },
  });
  const fields: FieldSpec<ReturnType<typeof milestoneValues>>[] = [
    { name: 'title', label: 'milestone.title', type: 'text', required: true },
    { name: 'plannedOn', label: 'milestone.planned', type: 'date', required: true },
    {
      name: 'precision',
      label: 'milestone.precision',
      type: 'select',
      required: true,
      options: PRECISIONS.map((p) => ({ value: p, label: t(`precision.${p}`) })),
    },
    { name: 'actualOn', label: 'milestone.actual', type: 'date' },
    {
      name: 'deliverableId',
      label: 'milestone.deliverable',
      type: 'select',
      options: deliverables.map((d) => ({ value: d.id, label: d.title })),
    },
  ];
  return (
    <FieldsForm
      title={t('milestone.edit', { title: milestone.title })}
      fields={fields}
      values={edit.values}
      onChange={edit.setValues}
      onSubmit={edit.submit}
      busy={edit.busy}
      onCancel={onDone}
    >
      <VersionedEditNotices edit={edit} theirs={milestoneValues(edit.base)} fieldLabel={labelOf(fields, (k) => t(k))} />
    </FieldsForm>
  );
}

const workshopValues = (w: Workshop) => ({
  title: w.title,
  topic: w.topic,
  startsOn: w.startsOn,
  endsOn: w.endsOn ?? '',
  location: w.location,
});

export function EditWorkshop({ workshop, onDone }: { workshop: Workshop; onDone: () => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const edit = useVersionedEdit<Workshop, ReturnType<typeof workshopValues>>({
    record: workshop,
    valuesOf: workshopValues,
    save: async (c, version) =>
      unwrap(
        await api.PATCH('/api/v1/workshops/{id}', {
          params: { path: { id: workshop.id } },
          body: {
            version,
            title: c.title,
            topic: c.topic,
            startsOn: c.startsOn,
            endsOn: orNull(c.endsOn),
            location: c.location,
          },
        }),
      ),
    fetchLatest: async () => unwrap(await api.GET('/api/v1/workshops/{id}', { params: { path: { id: workshop.id } } })),
    onReloaded: (latest) => queryClient.setQueryData(keys.workshop(workshop.id), latest),
    onSaved: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.workshop(workshop.id) }),
        queryClient.invalidateQueries({ queryKey: keys.workshops(workshop.reviewId) }),
        queryClient.invalidateQueries({ queryKey: keys.timeline(workshop.reviewId) }),
      ]);
      onDone();
    },
  });
  const fields: FieldSpec<ReturnType<typeof workshopValues>>[] = [
    { name: 'title', label: 'workshop.title', type: 'text', required: true },
    { name: 'topic', label: 'workshop.topic', type: 'text', required: true },
    { name: 'startsOn', label: 'workshop.startsOn', type: 'date', required: true },
    { name: 'endsOn', label: 'workshop.endsOn', type: 'date' },
    { name: 'location', label: 'workshop.location', type: 'text', required: true },
  ];
  return (
    <FieldsForm
      title={t('workshop.edit', { title: workshop.title })}
      fields={fields}
      values={edit.values}
      onChange={edit.setValues}
      onSubmit={edit.submit}
      busy={edit.busy}
      onCancel={onDone}
    >
      <VersionedEditNotices edit={edit} theirs={workshopValues(edit.base)} fieldLabel={labelOf(fields, (k) => t(k))} />
    </FieldsForm>
  );
}

/** Focus areas are a set: kept as sorted, comma-joined ids so the change check compares them as one value. */
const reviewValues = (r: Review) => ({
  title: r.title,
  summary: r.summary ?? '',
  startsOn: r.startsOn ?? '',
  endsOn: r.endsOn ?? '',
  focusAreaIds: [...r.focusAreaIds].sort().join(','),
});

export function EditReview({ review, onDone }: { review: Review; onDone: () => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const areas = useFocusAreas();
  const edit = useVersionedEdit({
    record: review,
    valuesOf: reviewValues,
    save: async (c, version) =>
      unwrap(
        await api.PATCH('/api/v1/reviews/{id}', {
          params: { path: { id: review.id } },
          body: {
            version,
            title: c.title,
            summary: orNull(c.summary),
            startsOn: orNull(c.startsOn),
            endsOn: orNull(c.endsOn),
            focusAreaIds: c.focusAreaIds === undefined ? undefined : c.focusAreaIds.split(',').filter(Boolean),
          },
        }),
      ),
    fetchLatest: async () => unwrap(await api.GET('/api/v1/reviews/{id}', { params: { path: { id: review.id } } })),
    onReloaded: (latest) => queryClient.setQueryData(keys.review(review.id), latest),
    onSaved: async (saved) => {
      queryClient.setQueryData(keys.review(review.id), saved);
      await queryClient.invalidateQueries({ queryKey: keys.reviews });
      onDone();
    },
  });
  const fields: FieldSpec<ReturnType<typeof reviewValues>>[] = [
    { name: 'title', label: 'review.field.title', type: 'text', required: true },
    { name: 'summary', label: 'review.field.summary', type: 'textarea' },
    { name: 'startsOn', label: 'review.field.startsOn', type: 'date' },
    { name: 'endsOn', label: 'review.field.endsOn', type: 'date' },
  ];
  const chosen = edit.values.focusAreaIds.split(',').filter(Boolean);
  const toggle = (id: string) =>
    edit.setValues({
      ...edit.values,
      focusAreaIds: (chosen.includes(id) ? chosen.filter((c) => c !== id) : [...chosen, id]).sort().join(','),
    });
  const areaName = (id: string) => areas.data?.find((a) => a.id === id)?.name ?? id;
  return (
    <FieldsForm
      title={t('review.edit')}
      fields={fields}
      values={edit.values}
      onChange={edit.setValues}
      onSubmit={edit.submit}
      busy={edit.busy}
      onCancel={onDone}
    >
      <fieldset>
        <legend>{t('review.field.focusAreas')}</legend>
        <div className="checkbox-grid">
          {areas.data?.map((a) => (
            <label key={a.id} className="checkbox">
              <input type="checkbox" checked={chosen.includes(a.id)} onChange={() => toggle(a.id)} />
              {a.name}
            </label>
          ))}
        </div>
      </fieldset>
      <VersionedEditNotices
        edit={edit}
        theirs={{ ...reviewValues(edit.base), focusAreaIds: edit.base.focusAreaIds.map(areaName).join(', ') }}
        fieldLabel={(k) => (k === 'focusAreaIds' ? t('review.field.focusAreas') : labelOf(fields, (m) => t(m))(k))}
      />
    </FieldsForm>
  );
}
