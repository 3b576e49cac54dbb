import type { Database } from '../../storage/types';

/**
 * Job leases in the shared database (both engines): a job row says who holds it until when
 * and when it is next due. Taking it is one compare-and-set UPDATE, so among any number of
 * server instances exactly one runs a due job; a crashed holder's lease simply runs out.
 */
export async function acquireLease(db: Database, job: string, holder: string, now: number, leaseMs: number): Promise<{ cursor: string | null } | undefined> {
  return db.write(async (tx) => {
    await tx.run('INSERT INTO lifecycle_job_leases (job, holder, lease_until, next_run_at) VALUES (?, NULL, 0, ?) ON CONFLICT (job) DO NOTHING', [job, now]);
    const taken = await tx.run('UPDATE lifecycle_job_leases SET holder = ?, lease_until = ? WHERE job = ? AND next_run_at <= ? AND lease_until <= ?', [
      holder,
      now + leaseMs,
      job,
      now,
      now,
    ]);
    if (taken.changes !== 1) return undefined;
    const row = await tx.get<{ cursor: string | null }>('SELECT cursor FROM lifecycle_job_leases WHERE job = ?', [job]);
    return { cursor: row?.cursor ?? null };
  });
}

/** Ends a run: frees the lease, schedules the next run, keeps the cursor and the last error. */
export async function releaseLease(
  db: Database,
  job: string,
  holder: string,
  run: { now: number; nextRunAt: number; cursor: string | null; error: string | null },
): Promise<boolean> {
  const r = await db.write((tx) =>
    tx.run(
      `UPDATE lifecycle_job_leases SET holder = NULL, lease_until = 0, next_run_at = ?, runs = runs + 1, last_run_at = ?, last_error = ?, cursor = ?
       WHERE job = ? AND holder = ?`,
      [run.nextRunAt, run.now, run.error, run.cursor, job, holder],
    ),
  );
  return r.changes === 1;
}

export interface JobStatus {
  job: string;
  holder: string | null;
  lease_until: number;
  next_run_at: number;
  runs: number;
  last_run_at: number | null;
  last_error: string | null;
}

export async function jobStatuses(db: Database): Promise<JobStatus[]> {
  return db.all<JobStatus>('SELECT job, holder, lease_until, next_run_at, runs, last_run_at, last_error FROM lifecycle_job_leases ORDER BY job');
}
