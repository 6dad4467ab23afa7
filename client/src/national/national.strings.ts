// The national tool's strings, Vietnamese first.
import { makeToolText } from '../tools/tool-text.ts';

export const NATIONAL_TEXT = {
  tab: { vi: 'Gửi quốc gia', en: 'National push' },
  title: { vi: 'Đẩy dữ liệu lên hệ thống quốc gia', en: 'Records sent to the national system' },
  notConfigured: { vi: 'Chưa cấu hình NATIONAL_FHIR_URL: hồ sơ được giữ trong hàng đợi.', en: 'NATIONAL_FHIR_URL is not set: records stay queued.' },
  endpoint: { vi: 'Địa chỉ', en: 'Endpoint' },
  pending: { vi: 'Đang chờ', en: 'Pending' },
  held: { vi: 'Chờ đối chiếu', en: 'Held for review' },
  sending: { vi: 'Đang gửi', en: 'Sending' },
  sent: { vi: 'Đã gửi', en: 'Sent' },
  rejected: { vi: 'Bị từ chối', en: 'Rejected' },
  failed: { vi: 'Thất bại', en: 'Failed' },
  oldestPending: { vi: 'Hồ sơ chờ lâu nhất từ', en: 'Oldest waiting since' },
  lastRun: { vi: 'Lần gửi gần nhất', en: 'Last run' },
  never: { vi: 'Chưa gửi lần nào', en: 'No run yet' },
  runSummary: { vi: '{accepted} được nhận, {rejected} bị từ chối, {retrying} thử lại, {failed} thất bại', en: '{accepted} accepted, {rejected} rejected, {retrying} to retry, {failed} failed' },
  pushNow: { vi: 'Gửi ngay', en: 'Push now' },
  pushing: { vi: 'Đang gửi…', en: 'Pushing…' },
  retryFailed: { vi: 'Gửi lại cả hồ sơ thất bại', en: 'Also retry failed records' },
  rejections: { vi: 'Hồ sơ bị từ chối', en: 'Rejected records' },
  noRejections: { vi: 'Không có hồ sơ nào bị từ chối.', en: 'No rejected records.' },
  record: { vi: 'Hồ sơ', en: 'Record' },
  person: { vi: 'Mã người', en: 'Person id' },
  reason: { vi: 'Lý do', en: 'Reason' },
  vaccination: { vi: 'Tiêm chủng', en: 'Vaccination' },
  test_result: { vi: 'Xét nghiệm', en: 'Test' },
} as const;

export type NationalTextKey = keyof typeof NATIONAL_TEXT;

/** A string of the tool in the language, with {name} placeholders filled. */
export const nationalText = makeToolText(NATIONAL_TEXT);
