// A review with its team, and another review for the outsider: set up the same way through one app or a cluster.

interface Poster {
  post(path: string, body: unknown, token?: string): Promise<{ status: number; body: any }>;
}

interface Member {
  id: string;
  token: string;
}

/**
 * A review of `coordinator`'s at `institutionId` with `auditor` and `manager` as members, and another review of
 * `outsider`'s at the same institution; returns the team's review as the api answered it.
 */
export async function createReviewTeam(
  api: Poster,
  institutionId: string,
  team: { coordinator: Member; auditor: Member; manager: Member; outsider: Member },
  title: string,
): Promise<any> {
  const created = await api.post('/reviews', { title, institutionId }, team.coordinator.token);
  if (created.status !== 201)
    throw new Error(`create review failed: ${created.status} ${JSON.stringify(created.body)}`);
  const reviewId: string = created.body.id;
  for (const [user, role] of [
    [team.auditor, 'auditor'],
    [team.manager, 'manager'],
  ] as const) {
    const res = await api.post(`/reviews/${reviewId}/members`, { userId: user.id, role }, team.coordinator.token);
    if (res.status !== 201) throw new Error(`add member failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const other = await api.post('/reviews', { title: 'Another review', institutionId }, team.outsider.token);
  if (other.status !== 201) throw new Error(`create other review failed: ${other.status}`);
  return created.body;
}
