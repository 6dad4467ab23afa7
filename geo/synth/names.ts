/**
 * Vietnamese personal names for synthetic people: family names with
 * realistic shares (southern forms Huỳnh and Võ weighted above Hoàng and Vũ,
 * as in Ho Chi Minh City), middle names and given names by sex. All strings
 * are NFC. Order is family, middle, given; the given name is the last word.
 */
import type { Random } from '../random.ts';

/** Sex as recorded on the ID card. */
export type Sex = 'M' | 'F';

/**
 * Family names and their shares in percent. Nguyễn 38, Trần 11, Lê 9.5,
 * Phạm 7, Hoàng+Huỳnh 5, Phan 4.5, Vũ+Võ 4, Đặng 2, Bùi 2, Đỗ 1.4, Hồ 1.3,
 * Ngô 1.3, Dương 1, Lý 0.5; the remaining 11.5 spread over other names.
 */
export const FAMILY_NAME_SHARES: readonly (readonly [string, number])[] = [
  ['Nguyễn', 38], ['Trần', 11], ['Lê', 9.5], ['Phạm', 7], ['Huỳnh', 3], ['Hoàng', 2], ['Phan', 4.5],
  ['Võ', 2.5], ['Vũ', 1.5], ['Đặng', 2], ['Bùi', 2], ['Đỗ', 1.4], ['Hồ', 1.3], ['Ngô', 1.3], ['Dương', 1],
  ['Lý', 0.5], ['Trương', 1.2], ['Đinh', 0.9], ['Lâm', 0.9], ['Mai', 0.8], ['Trịnh', 0.7], ['Đào', 0.7],
  ['Cao', 0.6], ['Lưu', 0.6], ['Tô', 0.5], ['Tăng', 0.4], ['Quách', 0.4], ['La', 0.4], ['Hà', 0.5],
  ['Châu', 0.5], ['Thái', 0.4], ['Lương', 0.4], ['Kiều', 0.3], ['Tạ', 0.3], ['Từ', 0.2], ['Lục', 0.2],
  ['Văn', 0.2], ['Giang', 0.2], ['Triệu', 0.2],
];

/** Middle names by sex with weights; `Văn` and `Thị` are weighted up for people born before 1990. */
export const MIDDLE_NAMES: Readonly<Record<Sex, readonly (readonly [string, number])[]>> = {
  M: [['Văn', 30], ['Hữu', 6], ['Minh', 10], ['Quốc', 6], ['Đức', 6], ['Thanh', 6], ['Công', 5], ['Ngọc', 4],
    ['Hoàng', 5], ['Tuấn', 3], ['Anh', 4], ['Gia', 4], ['Trọng', 3], ['Xuân', 3], ['Hoài', 2], ['Thành', 3]],
  F: [['Thị', 30], ['Ngọc', 12], ['Thanh', 7], ['Thu', 5], ['Kim', 5], ['Minh', 5], ['Phương', 4], ['Hoàng', 3],
    ['Bảo', 4], ['Mỹ', 4], ['Diễm', 2], ['Hồng', 4], ['Khánh', 3], ['Thùy', 4], ['Yến', 2], ['Tường', 2]],
};

/** Given names by sex (drawn uniformly). */
export const GIVEN_NAMES: Readonly<Record<Sex, readonly string[]>> = {
  M: ['Anh', 'Bảo', 'Bình', 'Cường', 'Dũng', 'Duy', 'Đạt', 'Đức', 'Hải', 'Hiếu', 'Hoàng', 'Hùng', 'Huy', 'Khang',
    'Khoa', 'Khánh', 'Kiên', 'Long', 'Lâm', 'Lộc', 'Minh', 'Nam', 'Nghĩa', 'Nhân', 'Phát', 'Phong', 'Phúc',
    'Quang', 'Quân', 'Sơn', 'Tài', 'Tâm', 'Thành', 'Thắng', 'Thịnh', 'Tiến', 'Toàn', 'Trí', 'Trung', 'Tuấn',
    'Tùng', 'Việt', 'Vinh', 'Vũ', 'Hưng', 'Khôi', 'Lợi', 'Tín', 'Thuận', 'Hậu'],
  F: ['Anh', 'Ánh', 'Châu', 'Chi', 'Diễm', 'Dung', 'Duyên', 'Giang', 'Hà', 'Hạnh', 'Hằng', 'Hiền', 'Hoa',
    'Hồng', 'Hương', 'Huyền', 'Lan', 'Linh', 'Loan', 'Mai', 'My', 'Nga', 'Ngân', 'Ngọc', 'Nhi', 'Nhung',
    'Oanh', 'Phương', 'Quỳnh', 'Tâm', 'Thảo', 'Thanh', 'Thu', 'Thủy', 'Thư', 'Trang', 'Trâm', 'Trinh',
    'Tuyết', 'Uyên', 'Vân', 'Vy', 'Yến', 'Hân', 'Xuân', 'Lệ', 'Kiều', 'Nhàn', 'Liên', 'Thắm'],
};

const familyWeights = FAMILY_NAME_SHARES.map(([, w]) => w);

/** A family name drawn with the shares of `FAMILY_NAME_SHARES`. */
export function sampleFamilyName(rng: Random): string {
  return (FAMILY_NAME_SHARES[rng.weighted(familyWeights)] as readonly [string, number])[0];
}

/** A middle name for the sex; traditional `Văn`/`Thị` three times as likely for births before 1990. */
export function sampleMiddleName(rng: Random, sex: Sex, birthYear: number): string {
  const table = MIDDLE_NAMES[sex];
  const traditional = sex === 'M' ? 'Văn' : 'Thị';
  const boost = birthYear < 1990 ? 3 : 1;
  const weights = table.map(([name, w]) => (name === traditional ? w * boost : w));
  return (table[rng.weighted(weights)] as readonly [string, number])[0];
}

/** A given name for the sex. */
export function sampleGivenName(rng: Random, sex: Sex): string {
  return rng.pick(GIVEN_NAMES[sex]);
}

/** `family middle given` joined by single spaces (empty parts skipped), NFC. */
export function composeFullName(familyName: string, middleName: string, givenName: string): string {
  return [familyName, middleName, givenName].filter((s) => s.length > 0).join(' ').normalize('NFC');
}
