// The aid tool's strings, Vietnamese first.
import { makeToolText } from '../tools/tool-text.ts';

export const AID_TEXT = {
  tab: { vi: 'Hỗ trợ', en: 'Aid' },
  title: { vi: 'Đợt hỗ trợ hộ gia đình', en: 'Aid rounds' },
  rounds: { vi: 'Các đợt', en: 'Rounds' },
  noRounds: { vi: 'Chưa có đợt nào.', en: 'No rounds yet.' },
  newRound: { vi: 'Tạo đợt mới', en: 'New round' },
  name: { vi: 'Tên đợt', en: 'Name' },
  defaultName: { vi: 'Đợt hỗ trợ {date}', en: 'Aid round {date}' },
  zone: { vi: 'Khu vực', en: 'Zone' },
  zoneSelected: { vi: 'Đơn vị đang chọn ({name})', en: 'Selected unit ({name})' },
  zoneOwn: { vi: 'Toàn bộ địa bàn của tôi', en: 'My whole area' },
  zoneSaved: { vi: 'Vùng đã lưu', en: 'Saved zone' },
  criteria: { vi: 'Tiêu chí (hộ có ít nhất một)', en: 'Criteria (households with any)' },
  activeCase: { vi: 'Có người đang mắc bệnh', en: 'A member is an active case' },
  caseInBlock14d: { vi: 'Có ca mắc trong tổ/khối 14 ngày qua', en: 'A case in the block in the last 14 days' },
  unvaccinatedMember65: { vi: 'Có người từ 65 tuổi chưa tiêm', en: 'An unvaccinated member aged 65+' },
  overdueSecondDose: { vi: 'Có người quá hạn tiêm mũi 2', en: 'A member overdue for the second dose' },
  tierAtLeast: { vi: 'Chỉ các đơn vị có cấp độ từ', en: 'Only units at tier' },
  tierOrAbove: { vi: 'trở lên, cấp', en: 'or above, level' },
  create: { vi: 'Tạo đợt', en: 'Create round' },
  creating: { vi: 'Đang tạo…', en: 'Creating…' },
  households: { vi: 'Hộ gia đình', en: 'Households' },
  address: { vi: 'Địa chỉ', en: 'Address' },
  members: { vi: 'Số người', en: 'Members' },
  flags: { vi: 'Lý do', en: 'Flags' },
  delivered: { vi: 'Đã nhận', en: 'Delivered' },
  all: { vi: 'Tất cả', en: 'All' },
  pending: { vi: 'Chưa nhận', en: 'Not yet' },
  onlySelectedUnit: { vi: 'Chỉ đơn vị đang chọn', en: 'Only the selected unit' },
  summary: { vi: '{delivered}/{total} hộ đã nhận', en: '{delivered}/{total} households delivered' },
  progress: { vi: 'Tiến độ theo đơn vị', en: 'Progress by unit' },
  level: { vi: 'Cấp', en: 'Level' },
  previous: { vi: '‹ Trước', en: '‹ Previous' },
  next: { vi: 'Sau ›', en: 'Next ›' },
  page: { vi: '{from}–{to} / {total}', en: '{from}–{to} of {total}' },
  csv: { vi: 'Tải danh sách (CSV)', en: 'Download list (CSV)' },
  progressOnly: { vi: 'Bạn chỉ xem được tiến độ; danh sách hộ chỉ dành cho cán bộ phường của địa bàn.', en: 'You see progress only; household lists are for the ward official of the area.' },
  createdBy: { vi: 'Tạo bởi {user}, ngày đánh giá {date}', en: 'Created by {user}, assessed on {date}' },
  noHouseholds: { vi: 'Không có hộ nào.', en: 'No households.' },
} as const;

export type AidTextKey = keyof typeof AID_TEXT;

/** A string of the tool in the language, with {name} placeholders filled. */
export const aidText = makeToolText(AID_TEXT);
