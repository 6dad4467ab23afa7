/**
 * Street names and address formatting in the Ho Chi Minh City style:
 * `123/4 Nguyễn Trãi, Phường 7, Quận 5, TP. Hồ Chí Minh` — house number (with
 * alley numbers after slashes), street, optional residential group, ward,
 * district, city.
 */

/** Real-style street names (people, events and numbered streets), NFC. */
export const STREET_NAMES: readonly string[] = [
  'Nguyễn Trãi', 'Lê Lợi', 'Hai Bà Trưng', 'Trần Hưng Đạo', 'Lý Thường Kiệt', 'Cách Mạng Tháng Tám',
  'Điện Biên Phủ', 'Võ Văn Tần', 'Nam Kỳ Khởi Nghĩa', 'Pasteur', 'Nguyễn Thị Minh Khai', 'Lê Văn Sỹ',
  'Phan Xích Long', 'Nguyễn Văn Cừ', 'Hùng Vương', 'An Dương Vương', 'Âu Cơ', 'Lạc Long Quân', 'Bạch Đằng',
  'Xô Viết Nghệ Tĩnh', 'Phan Đăng Lưu', 'Hoàng Văn Thụ', 'Trường Chinh', 'Cộng Hòa', 'Quang Trung',
  'Nguyễn Oanh', 'Phạm Văn Đồng', 'Kha Vạn Cân', 'Võ Văn Ngân', 'Lê Văn Việt', 'Nguyễn Duy Trinh',
  'Huỳnh Tấn Phát', 'Nguyễn Văn Linh', 'Nguyễn Hữu Thọ', 'Lê Văn Lương', 'Tôn Đức Thắng', 'Nguyễn Tất Thành',
  'Khánh Hội', 'Bến Vân Đồn', 'Tân Kỳ Tân Quý', 'Lũy Bán Bích', 'Hòa Bình', 'Kinh Dương Vương', 'Hồng Bàng',
  'Nguyễn Chí Thanh', 'Ba Tháng Hai', 'Lê Đại Hành', 'Tô Hiến Thành', 'Sư Vạn Hạnh', 'Thành Thái',
  'Ngô Gia Tự', 'Châu Văn Liêm', 'Hải Thượng Lãn Ông', 'Phạm Thế Hiển', 'Dương Bá Trạc', 'Tỉnh Lộ 10',
  'Quốc Lộ 1A', 'Nguyễn Ảnh Thủ', 'Tô Ký', 'Lê Đức Thọ', 'Nguyễn Kiệm', 'Phan Văn Trị', 'Dương Quảng Hàm',
  'Bùi Viện', 'Đề Thám', 'Cô Bắc', 'Trần Quang Khải', 'Đinh Tiên Hoàng', 'Nguyễn Đình Chiểu', 'Lý Chính Thắng',
  'Trần Quốc Thảo', 'Bà Huyện Thanh Quan', 'Nguyễn Thượng Hiền', 'Vườn Lài', 'Tân Sơn Nhì', 'Gò Dầu',
  'Đường số 1', 'Đường số 7', 'Đường số 9', 'Đường số 12', 'Đường số 17', 'Đường số 23',
];

/** Parts of a postal address; names are as displayed (`Phường 7`, `Quận 5`). */
export interface AddressParts {
  /** House number and street, e.g. `123/4 Nguyễn Trãi`. */
  streetAddress: string;
  /** Residential group, e.g. `Tổ dân phố 3`; omitted when empty. */
  groupName?: string;
  wardName: string;
  districtName: string;
  /** Default `TP. Hồ Chí Minh`. */
  cityName?: string;
}

/** Joins address parts with `, ` in Vietnamese order (small to large), skipping empty parts; NFC. */
export function formatAddress(parts: AddressParts): string {
  const { streetAddress, groupName, wardName, districtName, cityName = 'TP. Hồ Chí Minh' } = parts;
  return [streetAddress, groupName ?? '', wardName, districtName, cityName]
    .filter((s) => s.length > 0).join(', ').normalize('NFC');
}

/**
 * A house number: the frontage number alone (`123`) or followed by alley
 * numbers (`123/4`, `123/4/5`), with an optional letter suffix (`123/4B`).
 */
export function formatHouseNumber(frontageNumber: number, alleyNumbers: readonly number[] = [], suffix = ''): string {
  return [frontageNumber, ...alleyNumbers].join('/') + suffix;
}
