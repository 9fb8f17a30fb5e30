// Recording a finding: it starts as the auditor's draft; evidence and the submission follow on its page.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../api/client';
import { unwrap } from '../api/errors';
import { ErrorNotice, useDocumentTitle } from '../components/feedback';
import { EMPTY_FINDING, FindingForm, type FindingValues } from '../components/finding-form';
import { useT } from '../i18n/i18n';
import { keys } from '../lib/queries';
import { useReviewAccess } from '../lib/review-access';
import { NotFoundPage } from './not-found.page';

export function NewFindingPage() {
  const t = useT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { review, writesFindings } = useReviewAccess();
  const [values, setValues] = useState<FindingValues>(EMPTY_FINDING);
  useDocumentTitle(t('findings.new'));
  const create = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST('/api/v1/reviews/{id}/findings', { params: { path: { id: review.id } }, body: values })),
    onSuccess: async (finding) => {
      await queryClient.invalidateQueries({ queryKey: keys.findings(review.id) });
      void navigate(`/reviews/${review.id}/findings/${finding.id}`);
    },
  });
  if (!writesFindings) return <NotFoundPage />;
  return (
    <section aria-labelledby="new-finding-title" className="narrow">
      <p>
        <Link to={`/reviews/${review.id}/findings`}>← {t('findings.title')}</Link>
      </p>
      <h2 id="new-finding-title">{t('findings.new')}</h2>
      <p className="muted">{t('findings.newIntro')}</p>
      <FindingForm
        values={values}
        onChange={setValues}
        onSubmit={() => create.mutate()}
        submitLabel={t('findings.saveDraft')}
        busy={create.isPending}
      >
        <ErrorNotice error={create.error} />
      </FindingForm>
    </section>
  );
}
