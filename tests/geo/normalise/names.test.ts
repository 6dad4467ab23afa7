import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildNameLinkageKey, normaliseName, splitName, titleCaseVietnamese } from '../../../geo/normalise/names.ts';
import { canonicaliseToneMarks, placeToneMark } from '../../../geo/normalise/tone-marks.ts';
import { decodeTcvn3, decodeUtf8AsCp1252, decodeVni, repairMojibake } from '../../../geo/normalise/mojibake.ts';
import { collapseWhitespace, foldKey, stripDiacritics } from '../../../geo/normalise/text.ts';

describe('text primitives', () => {
  it.each([
    ['Nguyễn Đức Đạt', 'Nguyen Duc Dat'],
    ['ĐẶNG THỊ Ửng', 'DANG THI Ung'],
    ['', ''],
  ])('stripDiacritics(%j) = %j', (input, expected) => expect(stripDiacritics(input)).toBe(expected));
  it.each([
    ['  Họ và TÊN / Ngày-sinh ', 'ho va ten ngay sinh'],
    ['Số CMND/CCCD/HC', 'so cmnd cccd hc'],
    ['', ''],
  ])('foldKey(%j) = %j', (input, expected) => expect(foldKey(input)).toBe(expected));
  it('collapses NBSP, tabs, newlines and zero-width spaces', () => {
    expect(collapseWhitespace('\u00a0Nguyễn\t\tVăn\u200b\nAn  ')).toBe('Nguyễn Văn An');
  });
});

describe('tone marks (old convention)', () => {
  it.each([
    ['hoà', 'hòa'], ['hòa', 'hòa'], ['thuý', 'thúy'], ['Thuỵ', 'Thụy'], ['khoẻ', 'khỏe'], ['HOÀ', 'HÒA'],
    ['hoàng', 'hoàng'], ['quý', 'quý'], ['người', 'người'], ['giữa', 'giữa'], ['gì', 'gì'], ['khuỷu', 'khuỷu'],
    ['ngoài', 'ngoài'], ['tuyết', 'tuyết'], ['mía', 'mía'], ['José', 'José'], ['An', 'An'],
  ])('placeToneMark(%j) = %j', (input, expected) => expect(placeToneMark(input)).toBe(expected));
  it('supports the new convention', () => {
    expect(canonicaliseToneMarks('Hòa Thúy Khỏe Hoàng', 'new')).toBe('Hoà Thuý Khoẻ Hoàng');
  });
  it('is idempotent on random Vietnamese-ish words', () => {
    const syllable = fc.constantFrom('hoà', 'thuỷ', 'khoẻ', 'Nguyễn', 'trường', 'quốc', 'gìn', 'Hoà A', 'x');
    fc.assert(fc.property(fc.array(syllable, { maxLength: 5 }), (words) => {
      const once = canonicaliseToneMarks(words.join(' '));
      expect(canonicaliseToneMarks(once)).toBe(once);
    }));
  });
  it('makes both spellings of a real ward name equal (gazetteer has Hòa and Hoà)', () => {
    expect(canonicaliseToneMarks('Phường Bình Hưng Hoà A')).toBe('Phường Bình Hưng Hòa A');
  });
});

describe('mojibake', () => {
  it.each([
    ['NguyÔn V¨n An', 'Nguyễn Văn An'],
    ['TrÇn ThÞ H\u00ad¬ng', 'Trần Thị Hương'],
    ['Hå ChÝ Minh', 'Hồ Chí Minh'],
    ['§Æng Ngäc Thñy', 'Đặng Ngọc Thủy'],
    ['B¶o Th¾ng', 'Bảo Thắng'],
    ['Hoµng V¨n H¶i', 'Hoàng Văn Hải'],
  ])('decodes TCVN3 %j → %j', (input, expected) => {
    expect(decodeTcvn3(input).normalize('NFC')).toBe(expected);
    expect(repairMojibake(input)).toMatchObject({ suspected: true, repaired: expected, kind: 'tcvn3' });
  });
  it.each([
    ['Nguyeãn Vaên An', 'Nguyễn Văn An'],
    ['Traàn Thò Höông', 'Trần Thị Hương'],
    ['Ñaëng Ngoïc Thuûy', 'Đặng Ngọc Thủy'],
    ['Huyønh Voõ Hoaøng', 'Huỳnh Võ Hoàng'],
    ['Thaønh phoá Hoà Chí Minh', 'Thành phố Hồ Chí Minh'],
    ['NGUYEÃN THÒ LÖÔNG', 'NGUYỄN THỊ LƯƠNG'],
  ])('decodes VNI %j → %j', (input, expected) => {
    expect(decodeVni(input)).toBe(expected);
    expect(repairMojibake(input)).toMatchObject({ suspected: true, repaired: expected, kind: 'vni' });
  });
  it('decodes UTF-8 read as Windows-1252', () => {
    const broken = 'Nguyá»…n VÄƒn An';
    expect(decodeUtf8AsCp1252(broken)).toBe('Nguyễn Văn An');
    expect(repairMojibake(broken).kind).toBe('utf8-as-cp1252');
  });
  it.each(['Nguyễn Văn An', 'Phú Lê', 'Le Van An', '', 'José García'])('leaves %j unrepaired', (input) => {
    expect(repairMojibake(input).repaired).toBeNull();
  });
});

describe('normaliseName', () => {
  it.each([
    ['NGUYỄN VĂN AN', 'Nguyễn Văn An', ['NAME_CASE_FIXED']],
    ['  nguyễn   thị  thuý  hoà ', 'Nguyễn Thị Thúy Hòa', ['NAME_TONE_MARKS_MOVED', 'NAME_CASE_FIXED']],
    ['Nguyễn Văn An', 'Nguyễn Văn An', []],
    ['NguyÔn V¨n An', 'Nguyễn Văn An', ['NAME_MOJIBAKE_REPAIRED']],
    ['Nguyeãn Vaên An', 'Nguyễn Văn An', ['NAME_MOJIBAKE_REPAIRED']],
    ['nguyen van an', 'Nguyen Van An', ['NAME_CASE_FIXED', 'NAME_NO_DIACRITICS']],
    ['Nguye\u0302\u0303n Va\u0306n An', 'Nguyễn Văn An', ['TEXT_NFC_APPLIED']],
    ["H'HEN NIÊ", "H'Hen Niê", ['NAME_CASE_FIXED']],
    ['Đỗ', 'Đỗ', []],
  ])('normaliseName(%j) = %j', (input, full, flags) => {
    const r = normaliseName(input);
    expect(r).toEqual({ ok: true, value: expect.objectContaining({ full }), flags });
  });
  it('splits family, middle and given names and builds keys', () => {
    const r = normaliseName('HUỲNH THỊ THUÝ VÂN');
    expect(r.ok && r.value).toEqual({
      full: 'Huỳnh Thị Thúy Vân', family: 'Huỳnh', middle: 'Thị Thúy', given: 'Vân',
      accentFreeKey: 'huynh thi thuy van', linkageKey: 'hoang thi thuy van',
    });
  });
  it.each([
    [undefined, 'FIELD_MISSING'], ['   ', 'FIELD_MISSING'], ['Nguyen Van 2', 'NAME_MALFORMED'],
    ['@@@', 'NAME_MALFORMED'], ['Nguy¼¼n V¨¨n', 'NAME_MOJIBAKE'], ['<10 MB>', 'FIELD_TOO_LONG'],
  ])('rejects %s with %s', (input, code) => {
    const r = normaliseName(input === '<10 MB>' ? 'x'.repeat(10_000_000) : input);
    expect(r.ok ? null : r.error.code).toBe(code);
  });
  it.each([
    ['Nguyễn', { family: 'Nguyễn', middle: '', given: 'Nguyễn' }],
    ['Lê An', { family: 'Lê', middle: '', given: 'An' }],
    ['', { family: '', middle: '', given: '' }],
  ])('splitName(%j)', (input, parts) => expect(splitName(input)).toEqual(parts));
  it.each([
    ['Huỳnh Văn Võ', 'Hoàng Van Vũ'],
    ['VÕ THỊ HOA', 'Vũ Thị Hoa'],
  ])('buildNameLinkageKey makes %j and %j equal', (a, b) => expect(buildNameLinkageKey(a)).toBe(buildNameLinkageKey(b)));
  it('title-cases đ and precomposed capitals', () => {
    expect(titleCaseVietnamese('đặng ỨNG ệ')).toBe('Đặng Ứng Ệ');
  });
});
