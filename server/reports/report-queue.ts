// The report queue: jobs are rows of report_job; one worker per process takes
// the oldest queued job (FOR UPDATE SKIP LOCKED, so several processes can
// share the table), renders it, stores the file in the row. A running job
// carries a lease (claimed_by, heartbeat_at) renewed while it is built; only a
// job whose lease went stale (its process stopped) is queued again at start or
// taken over by a worker.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Database } from '../db/database.ts';
import type { Caller } from '../access/policy.ts';
import { gatherReportData, type ReportRequest } from './report-data.service.ts';
import { claimNextJob, failJob, finishJob, renewLease, requeueStaleJobs, updateProgress, type JobRow, type ReportFormat } from './reports.repo.ts';
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

/** Seconds without a heartbeat after which a running job counts as abandoned. */
export const REPORT_LEASE_SECONDS = 60;

export interface ReportQueueOptions {
  /** Lease length in seconds (default REPORT_LEASE_SECONDS); the heartbeat is renewed every third of it. */
  leaseSeconds?: number;
  /** This process's name in claimed_by (default host:pid:random). */
  worker?: string;
}

export class ReportQueue {
  private running: Promise<void> | null = null;
  private closed = false;
  private sweep: ReturnType<typeof setInterval> | undefined;
  readonly worker: string;
  readonly leaseSeconds: number;

  constructor(private readonly database: Database, private readonly threshold: number, private readonly onError: (error: unknown) => void, options: ReportQueueOptions = {}) {
    this.leaseSeconds = options.leaseSeconds ?? REPORT_LEASE_SECONDS;
    this.worker = options.worker ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  }

  /** Re-queues jobs whose lease went stale (a stopped process's), then works through the queue; looks again every lease. */
  async start(): Promise<void> {
    await this.database.withSession((s) => requeueStaleJobs(s, this.leaseSeconds));
    this.kick();
    this.sweep = setInterval(() => this.kick(), this.leaseSeconds * 1000);
    this.sweep.unref();
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
    clearInterval(this.sweep);
    await this.idle();
  }

  private async drain(): Promise<void> {
    while (!this.closed) {
      const job = await this.database.withSession((s) => claimNextJob(s, this.worker, this.leaseSeconds));
      if (!job) return;
      await this.run(job);
    }
  }

  private async run(job: JobRow): Promise<void> {
    const params = job.params as JobParams;
    // The lease is renewed on a timer too: a long step (gathering, the PDF writer) sends no progress.
    const heartbeat = setInterval(() => {
      void this.database.withSession((s) => renewLease(s, job.id, this.worker)).catch(this.onError);
    }, (this.leaseSeconds * 1000) / 3);
    try {
      const data = await gatherReportData(this.database, params.caller, this.threshold, job.zone_id, params, async (done, total) => {
        await this.database.withSession((s) => updateProgress(s, job.id, this.worker, total, done));
      });
      const file = await WRITERS[job.format](data);
      await this.database.withSession((s) => finishJob(s, job.id, this.worker, file, reportFileName(job.zone_id, params.date, job.format), CONTENT_TYPES[job.format]));
    } catch (error) {
      this.onError(error);
      const message = error instanceof Error ? error.message : String(error);
      await this.database.withSession((s) => failJob(s, job.id, this.worker, message));
    } finally {
      clearInterval(heartbeat);
    }
  }
}
