import { describe, expect, it } from 'vitest';
import { ApiError } from '../../client/src/api/api-client.ts';
import { deliveryLine, webhookErrorText, type Delivery } from '../../client/src/alerts/alert-text.ts';
import { alertsText, type AlertsTextKey } from '../../client/src/alerts/alerts.strings.ts';

const vi = (key: AlertsTextKey, values?: Record<string, unknown>) => alertsText(key, 'vi', values);
const delivery = (over: Partial<Delivery>): Delivery => ({
  id: 1, unitName: 'Phường 1', day: '2021-10-11', status: 'sent', attempts: 1, maxAttempts: 6, reason: null, lastStatus: 200, lastError: null, nextAttemptAt: null, ...over,
});

describe('alert tool sentences', () => {
  it('says why a webhook test failed, in Vietnamese, for a timeout, a 500 and an unreachable receiver', () => {
    expect(webhookErrorText(new ApiError(422, 'WEBHOOK_FAILED', 'The webhook did not answer within 5 s.', { reason: 'timeout', seconds: 5 }), 'vi'))
      .toBe('Webhook không trả lời trong 5 giây.');
    expect(webhookErrorText(new ApiError(422, 'WEBHOOK_FAILED', 'The webhook answered HTTP 500.', { reason: 'status', status: 500 }), 'vi'))
      .toBe('Webhook trả về HTTP 500, không nhận bản thử.');
    expect(webhookErrorText(new ApiError(422, 'WEBHOOK_FAILED', 'x', { reason: 'unreachable' }), 'vi')).toBe('Không kết nối được webhook.');
    expect(webhookErrorText(new ApiError(400, 'WEBHOOK_URL_INVALID', 'x'), 'vi')).toBe('Địa chỉ webhook phải bắt đầu bằng http:// hoặc https://.');
  });

  it("gives a delivery's state and, when it failed, why", () => {
    expect(deliveryLine(delivery({}), vi)).toBe('Phường 1 (2021-10-11): đã gửi');
    expect(deliveryLine(delivery({ status: 'failed', attempts: 6, reason: 'status', lastStatus: 500, lastError: 'HTTP 500' }), vi))
      .toBe('Phường 1 (2021-10-11): không gửi được sau 6 lần — máy nhận trả về HTTP 500');
    expect(deliveryLine(delivery({ status: 'failed', attempts: 6, reason: 'timeout', lastStatus: null, lastError: 'no answer within 5 s' }), vi))
      .toBe('Phường 1 (2021-10-11): không gửi được sau 6 lần — máy nhận không trả lời kịp');
    expect(deliveryLine(delivery({ status: 'pending', attempts: 2, reason: 'unreachable', lastStatus: null, lastError: 'ECONNREFUSED', nextAttemptAt: '2021-10-11T03:00:00Z' }), vi))
      .toMatch(/^Phường 1 \(2021-10-11\): chờ gửi lại lúc .+ — lần 2\/6: không kết nối được máy nhận \(ECONNREFUSED\)$/);
  });
});
