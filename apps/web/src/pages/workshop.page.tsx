// One workshop: its programme, its participants with attendance (the coordinator ticks it off), and the evaluation
// the api computes from attendance, tests and satisfaction.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../api/client';
import { ApiError, unwrap } from '../api/errors';
import type { Participant, WorkshopDetail } from '../api/types';
import { ConflictNotice, Empty, ErrorNotice, Loading, useDocumentTitle } from '../components/feedback';
import { useT } from '../i18n/i18n';
import { useFormat } from '../lib/format';
import { keys } from '../lib/queries';
import { EditWorkshop } from '../components/record-editors';
import { useReviewAccess } from '../lib/review-access';
import { NotFoundPage } from './not-found.page';

function ParticipantRow({ participant, workshopId }: { participant: Participant; workshopId: string }) {
  const t = useT();
  const { manages } = useReviewAccess();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.workshop(workshopId) });
  // The box shows what was asked for at once, until the saved record (or a refusal) replaces it.
  const [asked, setAsked] = useState<boolean | null>(null);
  const attend = useMutation({
    mutationFn: async (attended: boolean) =>
      unwrap(
        await api.PATCH('/api/v1/participants/{id}', {
          params: { path: { id: participant.id } },
          body: { attended, version: participant.version },
        }),
      ),
    onSuccess: refresh,
    onSettled: () => setAsked(null),
  });
  const remove = useMutation({
    mutationFn: async () =>
      unwrap(await api.DELETE('/api/v1/participants/{id}', { params: { path: { id: participant.id } } })),
    onSuccess: refresh,
  });
  const conflict = attend.error instanceof ApiError && attend.error.isVersionConflict;
  return (
    <tr>
      <th scope="row">{participant.name}</th>
      <td>{participant.organisation ?? '—'}</td>
      <td>
        {manages ? (
          <label className="checkbox">
            <input
              type="checkbox"
              checked={asked ?? participant.attended}
              disabled={attend.isPending}
              onChange={(e) => {
                setAsked(e.target.checked);
                attend.mutate(e.target.checked);
              }}
            />
            <span className="sr-only">{t('workshop.attendedBy', { name: participant.name })}</span>
            <span aria-hidden="true">{participant.attended ? t('common.yes') : t('common.no')}</span>
          </label>
        ) : participant.attended ? (
          t('common.yes')
        ) : (
          t('common.no')
        )}
        {conflict ? (
          <ConflictNotice onReload={() => void refresh().then(() => attend.reset())} reloading={false} />
        ) : (
          <ErrorNotice error={attend.error ?? remove.error} />
        )}
      </td>
      <td>{participant.satisfaction ?? '—'}</td>
      {manages && (
        <td>
          <button
            type="button"
            className="small-button"
            onClick={() => remove.mutate()}
            disabled={remove.isPending}
            aria-label={t('workshop.removeParticipant', { name: participant.name })}
          >
            {t('common.remove')}
          </button>
        </td>
      )}
    </tr>
  );
}

function AddParticipant({ workshopId }: { workshopId: string }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [organisation, setOrganisation] = useState('');
  const [email, setEmail] = useState('');
  const add = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v1/workshops/{id}/participants', {
          params: { path: { id: workshopId } },
          body: { name, ...(organisation.trim() ? { organisation } : {}), ...(email.trim() ? { email } : {}) },
        }),
      ),
    onSuccess: async () => {
      setName('');
      setOrganisation('');
      setEmail('');
      await queryClient.invalidateQueries({ queryKey: keys.workshop(workshopId) });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate();
  };
  return (
    <form className="form inline-form" onSubmit={submit} aria-labelledby="add-participant-title">
      <h4 id="add-participant-title">{t('workshop.addParticipant')}</h4>
      <div className="form-row">
        <div className="grow">
          <label htmlFor="participant-name">{t('workshop.participantName')}</label>
          <input id="participant-name" required value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="grow">
          <label htmlFor="participant-organisation">{t('workshop.organisation')}</label>
          <input id="participant-organisation" value={organisation} onChange={(e) => setOrganisation(e.target.value)} />
        </div>
        <div className="grow">
          <label htmlFor="participant-email">{t('workshop.email')}</label>
          <input id="participant-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <div className="align-end">
          <button type="submit" className="primary" disabled={add.isPending}>
            {t('common.add')}
          </button>
        </div>
      </div>
      <ErrorNotice error={add.error} />
    </form>
  );
}

export function WorkshopPage() {
  const t = useT();
  const format = useFormat();
  const { workshopId = '' } = useParams();
  const { manages, review } = useReviewAccess();
  const [editing, setEditing] = useState(false);
  const workshop = useQuery({
    queryKey: keys.workshop(workshopId),
    queryFn: async (): Promise<WorkshopDetail> =>
      unwrap(await api.GET('/api/v1/workshops/{id}', { params: { path: { id: workshopId } } })),
  });
  useDocumentTitle(workshop.data?.title);
  if (workshop.error instanceof ApiError && (workshop.error.status === 404 || workshop.error.status === 400)) {
    return <NotFoundPage />;
  }
  if (workshop.error) return <ErrorNotice error={workshop.error} onRetry={() => void workshop.refetch()} />;
  if (!workshop.data) return <Loading />;
  const w = workshop.data;
  const e = w.evaluation;
  const optional = (value: number | null, percent = false) =>
    value === null ? '—' : percent ? format.percent(value) : format.number(value, { maximumFractionDigits: 1 });

  return (
    <section aria-labelledby="workshop-title">
      <p>
        <Link to={`/reviews/${review.id}/workshops`}>← {t('review.tab.workshops')}</Link>
      </p>
      <div className="page-header">
        <h2 id="workshop-title">{w.title}</h2>
        {manages && !editing && (
          <button type="button" onClick={() => setEditing(true)}>
            {t('workshop.edit', { title: w.title })}
          </button>
        )}
      </div>
      {editing && <EditWorkshop workshop={w} onDone={() => setEditing(false)} />}
      <dl className="facts">
        <div>
          <dt>{t('workshop.topic')}</dt>
          <dd>{w.topic}</dd>
        </div>
        <div>
          <dt>{t('workshop.dates')}</dt>
          <dd>
            {format.day(w.startsOn)}
            {w.endsOn && w.endsOn !== w.startsOn && ` – ${format.day(w.endsOn)}`}
          </dd>
        </div>
        <div>
          <dt>{t('workshop.location')}</dt>
          <dd>{w.location}</dd>
        </div>
        {w.facilitators.length > 0 && (
          <div>
            <dt>{t('workshop.facilitators')}</dt>
            <dd>{w.facilitators.map((f) => f.name).join(', ')}</dd>
          </div>
        )}
      </dl>
      <div className="kpis">
        <div className="card kpi">
          <p className="kpi-label">{t('workshop.attendance')}</p>
          <p className="kpi-value">
            {e.attended} / {e.invited}
          </p>
          <p className="kpi-detail">{optional(e.attendanceRate, true)}</p>
        </div>
        <div className="card kpi">
          <p className="kpi-label">{t('workshop.satisfaction')}</p>
          <p className="kpi-value">{optional(e.averageSatisfaction)}</p>
        </div>
        <div className="card kpi">
          <p className="kpi-label">{t('workshop.improvement')}</p>
          <p className="kpi-value">{optional(e.averageImprovement)}</p>
          <p className="kpi-detail">
            {optional(e.averagePreTestScore)} → {optional(e.averagePostTestScore)}
          </p>
        </div>
      </div>
      <div className="card">
        <h3>{t('workshop.participants')}</h3>
        {w.participants.length === 0 ? (
          <Empty>{t('workshop.noParticipants')}</Empty>
        ) : (
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('workshop.participantName')}</th>
                <th scope="col">{t('workshop.organisation')}</th>
                <th scope="col">{t('workshop.attended')}</th>
                <th scope="col">{t('workshop.satisfaction')}</th>
                {manages && (
                  <th scope="col">
                    <span className="sr-only">{t('common.actions')}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {w.participants.map((p) => (
                <ParticipantRow key={p.id} participant={p} workshopId={w.id} />
              ))}
            </tbody>
          </table>
        )}
        {manages && <AddParticipant workshopId={w.id} />}
      </div>
    </section>
  );
}
