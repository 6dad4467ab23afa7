// Strings of the dashboard's frame (menu, bottom sheet, map chrome, time
// player, search), kept beside the layout rather than in i18n/messages.ts.
import { makeToolText } from '../tools/tool-text.ts';

const LAYOUT_TEXT = {
  menu: { vi: 'Trình đơn', en: 'Menu' },
  closeMenu: { vi: 'Đóng trình đơn', en: 'Close menu' },
  sheetExpand: { vi: 'Mở rộng bảng thông tin', en: 'Expand the panel' },
  sheetCollapse: { vi: 'Thu gọn bảng thông tin', en: 'Collapse the panel' },
  sheetLabel: { vi: 'Bảng thông tin', en: 'Panel' },
  legendShow: { vi: 'Chú giải', en: 'Legend' },
  exportView: { vi: 'Xuất ảnh bản đồ (PNG)', en: 'Export this view (PNG)' },
  exportShort: { vi: 'Xuất ảnh', en: 'Export' },
  exportFailed: { vi: 'Không xuất được ảnh bản đồ: {message}', en: 'Could not export the map: {message}' },
  exportTitle: { vi: 'Bản đồ nguy cơ dịch', en: 'Epidemic risk map' },
  exportDate: { vi: 'Ngày {date}', en: 'Date {date}' },
  exportLevel: { vi: 'Đang hiển thị: {level}', en: 'Showing: {level}' },
  speed: { vi: 'Tốc độ phát', en: 'Playback speed' },
  step: { vi: 'Bước', en: 'Step' },
  dateRange: { vi: 'Dữ liệu từ {first} đến {last}', en: 'Data from {first} to {last}' },
  dateBeforeData: { vi: 'Chưa có dữ liệu trước ngày {date}; đã chuyển về ngày đầu tiên có dữ liệu.', en: 'No data before {date}; moved to the first day with data.' },
  playEnded: { vi: 'Đã phát đến ngày cuối cùng có dữ liệu.', en: 'Played to the last day with data.' },
  searchResults: { vi: 'Kết quả tìm kiếm', en: 'Search results' },
  searchCount: { vi: '{count} kết quả', en: '{count} results' },
  searchFailed: { vi: 'Không tìm được: {message}', en: 'Search failed: {message}' },
  basemapFailed: { vi: 'Không tải được bản đồ nền ({message}); bản đồ vẫn hiển thị không có nền.', en: 'The basemap could not be loaded ({message}); the map is drawn without it.' },
  offline: { vi: 'Mất kết nối mạng. Bản đồ vẫn hiển thị dữ liệu đã tải lúc {time}; dữ liệu mới sẽ tải lại khi có mạng.', en: 'No network. The map shows data loaded at {time}; new data loads when the network returns.' },
} as const;

export const layoutText = makeToolText(LAYOUT_TEXT);
