// The reminder scan over 100,000 deliverables (10 reviews), against the raw SELECT of who is due plus the same addBulk;
// then a second scan once everyone has been notified, which must enqueue nothing.
import { todayUtc } from '@vigia/common';
import { jobId, JobName, QueueName, QueueService } from '@vigia/queue';
import { ReminderScanService } from '../libs/reminders/src/reminder-scan.service';
import { benchDatabase } from './bench-database';
import { compare, type Comparison } from './harness';

const REVIEWS = 10;
const DELIVERABLES = 100_000;

/** What a plain implementation would do: every open deliverable due within 14 days or late, owner and coordinators. */
const RAW_SELECT = `
  SELECT m.user_id AS "userId", d.review_id AS "reviewId", d.id AS "itemId", d.due_on::text AS "dueOn"
    FROM deliverables d
    JOIN review_members m ON m.review_id = d.review_id AND (m.role = 'coordinator' OR m.user_id = d.owner_id)
   WHERE d.status IN ('planned', 'in_progress', 'in_review') AND d.due_on <= $1::date + 14`;

async function seed(db: Awaited<ReturnType<typeof benchDatabase>>): Promise<void> {
  const q = (sql: string, params: unknown[] = []) => db.dataSource.query(sql, params);
  await q(`INSERT INTO institutions (name, acronym, jurisdiction, country, version)
           VALUES ('Instituto de Seguridad y Servicios Sociales', 'ISSSTESON', 'state', 'MX', 1)`);
  await q(
    `INSERT INTO users (email, name, role, password_hash, version)
           SELECT 'user' || g || '@bench.vigia', 'User ' || g, 'user', 'x', 1 FROM generate_series(1, $1::int * 2) g`,
    [REVIEWS],
  );
  await q(
    `INSERT INTO reviews (title, institution_id, status, created_by_id, version)
     SELECT 'Review ' || g, (SELECT id FROM institutions LIMIT 1), 'active',
            (SELECT id FROM users WHERE email = 'user' || (2 * g - 1) || '@bench.vigia'), 1
       FROM generate_series(1, $1::int) g`,
    [REVIEWS],
  );
  // Each review: a coordinator and an auditor who owns its deliverables.
  await q(`INSERT INTO review_members (review_id, user_id, role, version)
           SELECT r.id, u.id, CASE WHEN split_part(u.email, '@', 1)::text ~ '[13579]$' THEN 'coordinator' ELSE 'auditor' END, 1
             FROM (SELECT id, row_number() OVER (ORDER BY title) AS n FROM reviews) r
             JOIN users u ON u.email IN ('user' || (2 * r.n - 1) || '@bench.vigia', 'user' || (2 * r.n) || '@bench.vigia')`);
  // Nine in ten deliverables were delivered long ago; the open tenth are due between a month ago and eleven months on.
  await q(
    `INSERT INTO deliverables (review_id, title, kind, owner_id, due_on, status, delivered_on, version)
     SELECT r.id, 'Deliverable ' || g, 'report',
            (SELECT user_id FROM review_members m WHERE m.review_id = r.id AND m.role = 'auditor'),
            CASE WHEN g % 10 = 0 THEN $2::date - 30 + (g / 10) % 365 ELSE $2::date - 400 - g % 700 END,
            CASE WHEN g % 10 = 0 THEN 'planned' ELSE 'delivered' END,
            CASE WHEN g % 10 = 0 THEN NULL ELSE $2::date - 400 - g % 700 END, 1
       FROM generate_series(1, $1::int) g
       JOIN (SELECT id, row_number() OVER (ORDER BY title) - 1 AS n FROM reviews) r ON r.n = g % ${REVIEWS}`,
    [DELIVERABLES, todayUtc()],
  );
  await q('ANALYZE');
}

export async function run(): Promise<Comparison[]> {
  const db = await benchDatabase('reminders');
  const queues = new QueueService({
    databaseUrl: db.url,
    redisUrl: process.env.REDIS_URL,
    processors: false,
    prefix: `vigia-bench-${process.pid}`,
  });
  try {
    process.stdout.write(`\nSeeding ${DELIVERABLES} deliverables in ${REVIEWS} reviews...\n`);
    await seed(db);
    const scanner = new ReminderScanService(db.dataSource, queues);
    const today = todayUtc();
    const queue = queues.queue(QueueName.Reminders);
    const reset = () => queue.obliterate({ force: true });

    const first = await scanner.scan(today);
    process.stdout.write(`  one scan: ${first.candidates} deliverables due, ${first.enqueued} reminders queued\n`);
    const results: Comparison[] = [];
    results.push(
      await compare(
        `Reminder scan over ${DELIVERABLES} deliverables (${first.enqueued} reminders to queue, ${queues.backend} queue)`,
        { name: 'Vigía ReminderScanService.scan()', run: () => scanner.scan(today) },
        {
          name: 'raw SELECT + addBulk',
          run: async () => {
            const rows = await db.dataSource.query<
              { userId: string; reviewId: string; itemId: string; dueOn: string }[]
            >(RAW_SELECT, [today]);
            for (let i = 0; i < rows.length; i += 1000) {
              await queues.addBulk(
                JobName.DeliverReminder,
                rows.slice(i, i + 1000).map((r) => ({
                  jobId: jobId(JobName.DeliverReminder, r.userId, 'deliverable', r.itemId, 'raw'),
                  payload: {
                    kind: 'reminder',
                    userId: r.userId,
                    reviewId: r.reviewId,
                    itemType: 'deliverable',
                    itemId: r.itemId,
                    occasion: 'raw',
                    dueOn: r.dueOn,
                  },
                })),
              );
            }
          },
        },
        { rounds: 5, before: reset, goal: '<= 1.2x' },
      ),
    );

    // Everyone told: record a notification for every candidate, as the delivery jobs would have.
    for (const type of ['deliverable', 'milestone', 'recommendation'] as const) {
      const [sql, params] = scanner.candidateQuery(type, today, await scanner.horizonDays());
      await db.dataSource.query(
        `INSERT INTO notifications (user_id, kind, review_id, item_type, item_id, occasion, due_on, title, body)
         SELECT c."userId", 'reminder', c."reviewId", '${type}', c."itemId", c.occasion, c."dueOn"::date, 't', 'b'
           FROM (${sql}) c`,
        params,
      );
    }
    await reset();
    const second = await scanner.scan(today);
    if (second.enqueued !== 0) throw new Error(`the second scan queued ${second.enqueued} reminders`);
    results.push(
      await compare(
        'Second reminder scan, everyone already notified (queues nothing)',
        { name: 'Vigía ReminderScanService.scan()', run: () => scanner.scan(today) },
        { name: 'raw SELECT alone', run: () => db.dataSource.query(RAW_SELECT, [today]) },
        { rounds: 5 },
      ),
    );
    return results;
  } finally {
    await queues.beforeApplicationShutdown();
    await db.close();
  }
}
