// The alerts tool's strings, Vietnamese first.
import { makeToolText } from '../tools/tool-text.ts';

export const ALERTS_TEXT = {
  tab: { vi: 'Cảnh báo', en: 'Alerts' },
  title: { vi: 'Cảnh báo đổi cấp độ', en: 'Tier-change alerts' },
  none: { vi: 'Chưa có cảnh báo nào.', en: 'No alerts yet.' },
  unread: { vi: '{n} cảnh báo mới', en: '{n} new alert(s)' },
  markRead: { vi: 'Đánh dấu đã đọc', en: 'Mark as read' },
  change: { vi: '{unit}: {from} → {to} (ngày {day})', en: '{unit}: {from} → {to} (on {day})' },
  follows: { vi: 'Đơn vị theo dõi', en: 'Units followed' },
  byDefault: { vi: '(mặc định: địa bàn của bạn)', en: '(by default: your jurisdiction)' },
  noFollows: { vi: 'Chưa theo dõi đơn vị nào.', en: 'No units followed.' },
  addUnit: { vi: 'Thêm đơn vị…', en: 'Add a unit…' },
  remove: { vi: 'Bỏ', en: 'Remove' },
  webhook: { vi: 'Webhook (tuỳ chọn)', en: 'Webhook (optional)' },
  webhookHelp: { vi: 'Mỗi cảnh báo được gửi POST JSON, ký HMAC-SHA256 trong tiêu đề X-Riskmap-Signature; gửi lại khi lỗi.', en: 'Each alert is POSTed as JSON, signed with HMAC-SHA256 in X-Riskmap-Signature; retried on failure.' },
  save: { vi: 'Lưu', en: 'Save' },
  clear: { vi: 'Gỡ', en: 'Remove' },
  test: { vi: 'Gửi thử', en: 'Send a test' },
  testOk: { vi: 'Webhook đã nhận (HTTP {status}).', en: 'The webhook accepted it (HTTP {status}).' },
  secret: { vi: 'Khoá ký', en: 'Signing secret' },
  shownOnce: { vi: 'chỉ hiện một lần', en: 'shown once' },
  err_WEBHOOK_URL_INVALID: { vi: 'Địa chỉ webhook phải bắt đầu bằng http:// hoặc https://.', en: 'A webhook URL must start with http:// or https://.' },
  err_WEBHOOK_FAILED: { vi: 'Webhook không nhận: {message}', en: 'The webhook did not accept it: {message}' },
  err_FORBIDDEN: { vi: 'Bạn không thể theo dõi đơn vị này.', en: 'You may not follow this unit.' },
  err_NOT_FOUND: { vi: 'Không tìm thấy: {message}', en: 'Not found: {message}' },
  err_NETWORK: { vi: 'Không kết nối được máy chủ.', en: 'Cannot reach the server.' },
  err_other: { vi: 'Lỗi: {message}', en: 'Error: {message}' },
} as const;

export type AlertsTextKey = keyof typeof ALERTS_TEXT;
export const alertsText = makeToolText(ALERTS_TEXT);
