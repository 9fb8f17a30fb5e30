// The discussion on a finding: every member reads it, auditors and the coordinator write.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { api } from '../api/client';
import { unwrap } from '../api/errors';
import type { Comment } from '../api/types';
import { useT } from '../i18n/i18n';
import { useFormat } from '../lib/format';
import { allPages } from '../lib/queries';
import { useReviewAccess } from '../lib/review-access';
import { Empty, ErrorNotice, Loading } from './feedback';

export function CommentsPanel({ findingId }: { findingId: string }) {
  const t = useT();
  const id = useId();
  const format = useFormat();
  const queryClient = useQueryClient();
  const { writesFindings } = useReviewAccess();
  const [body, setBody] = useState('');
  const queryKey = ['comments', findingId];
  const comments = useQuery({
    queryKey,
    queryFn: (): Promise<Comment[]> =>
      allPages(async (cursor) =>
        unwrap(
          await api.GET('/api/v1/findings/{id}/comments', {
            params: { path: { id: findingId }, query: { cursor, limit: 200 } },
          }),
        ),
      ),
  });
  const add = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST('/api/v1/findings/{id}/comments', { params: { path: { id: findingId } }, body: { body } })),
    onSuccess: async () => {
      setBody('');
      await queryClient.invalidateQueries({ queryKey });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate();
  };
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('comments.title')}</h3>
      {comments.isPending && <Loading />}
      <ErrorNotice error={comments.error} />
      {comments.data?.length === 0 && <Empty>{t('comments.empty')}</Empty>}
      {comments.data && comments.data.length > 0 && (
        <ol className="comment-list">
          {comments.data.map((c) => (
            <li key={c.id}>
              <p className="comment-meta">
                <strong>{c.authorName}</strong> · <span className="muted">{format.instant(c.createdAt)}</span>
              </p>
              <p className="comment-body">{c.body}</p>
            </li>
          ))}
        </ol>
      )}
      {writesFindings && (
        <form className="form" onSubmit={submit}>
          <label htmlFor={`${id}-body`}>{t('comments.add')}</label>
          <textarea id={`${id}-body`} rows={3} required value={body} onChange={(e) => setBody(e.target.value)} />
          <ErrorNotice error={add.error} />
          <div className="form-actions">
            <button type="submit" className="primary" disabled={add.isPending || !body.trim()}>
              {t('comments.post')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
