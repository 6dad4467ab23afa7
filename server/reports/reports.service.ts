// Asking for a zone report, following it, fetching the file. The numbers are
// gathered in the background by report-queue.ts.
import type { Database } from '../db/database.ts';
import { type Caller, canAdminister, sendsRecordsOnly } from '../access/policy.ts';
import { AppError } from '../errors.ts';
import { dayOf, toIsoDate } from '../risk/days.ts';
import { findRuleSet } from '../risk/unit-risk.service.ts';
import { readZone } from '../zones/zones.service.ts';
import { prepareReportUnits, requireDataInPeriod } from './report-data.service.ts';
import type { JobParams, ReportQueue } from './report-queue.ts';
import { insertJob, selectFile, selectJob, type JobRow, type ReportFormat } from './reports.repo.ts';

export interface ReportBody { format: ReportFormat; date?: string; from?: string; to?: string; ruleSet?: string; level?: string; language?: 'vi' | 'en' }

/** Longest period a report covers (its curve and tier history have one point a day). */
export const MAX_PERIOD_DAYS = 366;
/** Period shown when only a date is asked: the 28 days ending on it, as the unit panel's history. */
export const DEFAULT_PERIOD_DAYS = 28;

function periodOf(body: ReportBody): { from: string; date: string } {
  if (body.date && (body.from || body.to)) throw new AppError('BAD_REQUEST', 'give either date, or from and to, not both');
  if (body.date) return { from: toIsoDate(dayOf(body.date) - (DEFAULT_PERIOD_DAYS - 1)), date: body.date };
  if (!body.from || !body.to) throw new AppError('BAD_REQUEST', 'give a date, or both from and to');
  const days = dayOf(body.to) - dayOf(body.from) + 1;
  if (days < 1) throw new AppError('BAD_REQUEST', `from (${body.from}) is after to (${body.to})`);
  if (days > MAX_PERIOD_DAYS) throw new AppError('BAD_REQUEST', `the period is ${days} days; at most ${MAX_PERIOD_DAYS}`);
  return { from: body.from, date: body.to };
}

export interface JobView {
  id: number; zoneId: number; format: ReportFormat; status: JobRow['status']; progress: number; unitsDone: number; unitsTotal: number;
  error: string | null; fileName: string | null; createdAt: string; finishedAt: string | null; downloadUrl: string | null;
}

const toView = (j: JobRow): JobView => ({
  id: Number(j.id), zoneId: j.zone_id, format: j.format, status: j.status,
  progress: j.status === 'done' ? 1 : j.units_total > 0 ? Number((j.units_done / j.units_total).toFixed(3)) : 0,
  unitsDone: j.units_done, unitsTotal: j.units_total, error: j.error, fileName: j.file_name, createdAt: j.created_at, finishedAt: j.finished_at,
  downloadUrl: j.status === 'done' ? `/api/reports/${j.id}/file` : null,
});

/** Checks the request (zone, rule set, period with data) and queues the job: 202 with its id. */
export async function requestReport(database: Database, queue: ReportQueue, caller: Caller, zoneId: number, body: ReportBody): Promise<JobView> {
  if (sendsRecordsOnly(caller)) throw new AppError('FORBIDDEN', 'A data source may only send records.');
  await readZone(database, caller, zoneId);
  const period = periodOf(body);
  await database.withSession((s) => findRuleSet(s, body.ruleSet));
  const request = { date: period.date, from: period.from, ruleSet: body.ruleSet, level: body.level, language: body.language };
  const { zone, unitIds } = await prepareReportUnits(database, caller, zoneId, request);
  await requireDataInPeriod(database, zone, unitIds, period.from, period.date);
  const params: JobParams = { ...request, caller };
  const job = await database.withSession((s) => insertJob(s, { zoneId, userId: caller.userId, format: body.format, params }));
  queue.kick();
  return toView(job);
}

async function ownJob(database: Database, caller: Caller, id: number): Promise<JobRow> {
  const job = await database.withSession((s) => selectJob(s, id));
  if (!job || (job.user_id !== caller.userId && !canAdminister(caller))) throw new AppError('NOT_FOUND', `There is no report ${id} of yours.`);
  return job;
}

export async function readJob(database: Database, caller: Caller, id: number): Promise<JobView> {
  return toView(await ownJob(database, caller, id));
}

export async function readJobFile(database: Database, caller: Caller, id: number) {
  const job = await ownJob(database, caller, id);
  if (job.status === 'failed') throw new AppError('CONFLICT', `Report ${id} failed: ${job.error}`);
  const file = await database.withSession((s) => selectFile(s, String(id)));
  if (!file) throw new AppError('REPORT_NOT_READY', `Report ${id} is ${job.status} (${job.units_done}/${job.units_total} units); try again when GET /api/reports/${id} says done.`);
  return file;
}
