// The report queue: jobs are rows of report_job; one worker per process takes
// the oldest queued job (FOR UPDATE SKIP LOCKED, so several processes can
// share the table), renders it, stores the file in the row. At start, jobs
// left 'running' by a stopped process are queued again.
import type { Database } from '../db/database.ts';
import type { Caller } from '../access/policy.ts';
import { gatherReportData, type ReportRequest } from './report-data.service.ts';
import { claimNextJob, failJob, finishJob, requeueRunningJobs, updateProgress, type JobRow, type ReportFormat } from './reports.repo.ts';
import { writeReportCsv } from './csv.writer.ts';
import { writeReportGeoJson } from './geojson.writer.ts';
import { writeReportPdf } from './pdf/pdf.writer.ts';
import { writeReportXlsx } from './xlsx.writer.ts';
import type { ReportData } from './report-data.service.ts';

/** What a job row's params hold: the request and the caller whose view the report shows. */
export interface JobParams extends ReportRequest { caller: Caller }

const CONTENT_TYPES: Record<ReportFormat, string> = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  geojson: 'application/geo+json',
};

const WRITERS: Record<ReportFormat, (data: ReportData) => Buffer | Promise<Buffer>> = {
  pdf: writeReportPdf, xlsx: writeReportXlsx, csv: writeReportCsv, geojson: writeReportGeoJson,
};

/** A file name from the zone name, ASCII only (the Content-Disposition filename* carries the rest). */
export const reportFileName = (zoneId: number, date: string, format: ReportFormat) => `riskmap-zone-${zoneId}-${date}.${format}`;

export class ReportQueue {
  private running: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly database: Database, private readonly threshold: number, private readonly onError: (error: unknown) => void) {}

  /** Re-queues jobs a stopped process left running, then works through the queue. */
  async start(): Promise<void> {
    await this.database.withSession((s) => requeueRunningJobs(s));
    this.kick();
  }

  /** Makes sure the worker is running (after a new job is queued). */
  kick(): void {
    if (this.closed || this.running) return;
    this.running = this.drain().catch(this.onError).finally(() => {
      this.running = null;
    });
  }

  /** Resolves when the queue is idle (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.idle();
  }

  private async drain(): Promise<void> {
    while (!this.closed) {
      const job = await this.database.withSession((s) => claimNextJob(s));
      if (!job) return;
      await this.run(job);
    }
  }

  private async run(job: JobRow): Promise<void> {
    const params = job.params as JobParams;
    try {
      const data = await gatherReportData(this.database, params.caller, this.threshold, job.zone_id, params, async (done, total) => {
        await this.database.withSession((s) => updateProgress(s, job.id, total, done));
      });
      const file = await WRITERS[job.format](data);
      await this.database.withSession((s) => finishJob(s, job.id, file, reportFileName(job.zone_id, params.date, job.format), CONTENT_TYPES[job.format]));
    } catch (error) {
      this.onError(error);
      const message = error instanceof Error ? error.message : String(error);
      await this.database.withSession((s) => failJob(s, job.id, message));
    }
  }
}
