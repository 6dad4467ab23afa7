// The zones and reports tool's strings, Vietnamese first.
import { makeToolText } from '../tools/tool-text.ts';

export const ZONE_TEXT = {
  tab: { vi: 'Vùng & báo cáo', en: 'Zones & reports' },
  title: { vi: 'Vùng và báo cáo vùng', en: 'Zones and zone reports' },
  zones: { vi: 'Vùng đã lưu', en: 'Saved zones' },
  noZones: { vi: 'Chưa có vùng nào.', en: 'No zones yet.' },
  newZone: { vi: 'Tạo vùng mới', en: 'New zone' },
  name: { vi: 'Tên vùng', en: 'Zone name' },
  defaultName: { vi: 'Vùng {date}', en: 'Zone {date}' },
  fromSelected: { vi: 'Từ đơn vị đang chọn ({name})', en: 'From the selected unit ({name})' },
  noSelection: { vi: 'Chọn một đơn vị trên bản đồ trước.', en: 'Select a unit on the map first.' },
  draw: { vi: 'Vẽ đa giác', en: 'Draw a polygon' },
  drawHelp: { vi: 'Bấm lên bản đồ để thêm đỉnh; bấm đúp hoặc "Xong" để đóng.', en: 'Click the map to add corners; double-click or "Finish" to close.' },
  points: { vi: '{n} đỉnh', en: '{n} points' },
  finish: { vi: 'Xong', en: 'Finish' },
  cancel: { vi: 'Huỷ', en: 'Cancel' },
  undo: { vi: 'Bỏ đỉnh cuối', en: 'Undo last point' },
  level: { vi: 'Cấp đơn vị trong vùng', en: 'Units of level' },
  upload: { vi: 'Tải lên GeoJSON', en: 'Upload GeoJSON' },
  badFile: { vi: 'Tệp không phải GeoJSON: {message}', en: 'Not a GeoJSON file: {message}' },
  save: { vi: 'Lưu vùng', en: 'Save zone' },
  delete: { vi: 'Xoá', en: 'Delete' },
  units: { vi: '{n} đơn vị', en: '{n} units' },
  report: { vi: 'Báo cáo', en: 'Report' },
  format: { vi: 'Định dạng', en: 'Format' },
  date: { vi: 'Ngày {date}', en: 'Date {date}' },
  period: { vi: 'Thời gian', en: 'Period' },
  periodDate: { vi: '28 ngày đến ngày', en: '28 days to' },
  periodRange: { vi: 'Từ ngày – đến ngày', en: 'From – to' },
  from: { vi: 'Từ', en: 'From' },
  to: { vi: 'Đến', en: 'To' },
  reportLevel: { vi: 'Đơn vị trong báo cáo', en: 'Units in the report' },
  zoneUnits: { vi: 'Đơn vị của vùng', en: 'The zone\'s own units' },
  noData: { vi: 'Không có số liệu trong khoảng thời gian này', en: 'No data in this period' },
  request: { vi: 'Lập báo cáo', en: 'Make report' },
  queued: { vi: 'Đang chờ…', en: 'Queued…' },
  running: { vi: 'Đang lập: {done}/{total} đơn vị', en: 'Working: {done}/{total} units' },
  done: { vi: 'Xong', en: 'Done' },
  failed: { vi: 'Lỗi: {message}', en: 'Failed: {message}' },
  download: { vi: 'Tải về {file}', en: 'Download {file}' },
} as const;

export type ZoneTextKey = keyof typeof ZONE_TEXT;

/** A string of the tool in the language, with {name} placeholders filled. */
export const zoneText = makeToolText(ZONE_TEXT);
