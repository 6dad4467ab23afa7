/**
 * The header synonyms table: for every canonical field, the headers that
 * mean it, in Vietnamese (written without diacritics: matching folds
 * accents and case) and English. Add spellings here, not in code.
 */
import type { CanonicalField } from './fields.ts';

/** Header synonyms per canonical field, as foldKey text ("ho va ten"). */
export const COLUMN_SYNONYMS: Readonly<Record<CanonicalField, readonly string[]>> = {
  rowNumber: ['stt', 'so thu tu', 'tt', 'no', 'row', 'row number', '#'],
  recordId: ['ma ban ghi', 'ma ho so', 'id', 'record id', 'ma', 'ma doi tuong', 'ma dinh danh ban ghi'],
  fullName: ['ho va ten', 'ho ten', 'ten', 'ho ten nguoi duoc tiem', 'ho ten nguoi xet nghiem', 'full name', 'name', 'patient name'],
  birthDate: ['ngay sinh', 'ngay thang nam sinh', 'nam sinh', 'ns', 'date of birth', 'dob', 'birth date', 'birthdate'],
  sex: ['gioi tinh', 'gioi', 'phai', 'sex', 'gender'],
  nationalId: [
    'so cmnd cccd hc', 'so cmnd cccd', 'cmnd cccd', 'cccd', 'cmnd', 'so cccd', 'so cmnd', 'cmnd cccd ho chieu',
    'so dinh danh', 'so giay to tuy than', 'id number', 'national id', 'passport', 'ho chieu', 'so ho chieu',
  ],
  phone: ['so dien thoai', 'dien thoai', 'sdt', 'dt', 'so dt', 'phone', 'phone number', 'mobile', 'tel'],
  insuranceNumber: ['so the bhyt', 'the bhyt', 'bhyt', 'ma bhyt', 'ma the bhyt', 'health insurance', 'insurance number'],
  priorityGroup: ['nhom doi tuong', 'doi tuong', 'nhom uu tien', 'priority group', 'target group'],
  occupation: ['nghe nghiep', 'nghe', 'cong viec', 'occupation', 'job'],
  address: ['dia chi', 'dia chi thuong tru', 'dia chi tam tru', 'noi o hien tai', 'cho o hien nay', 'address', 'street address'],
  province: ['tinh', 'tinh thanh pho', 'tinh tp', 'tinh thanh', 'province', 'city'],
  district: ['huyen', 'quan huyen', 'quan', 'district'],
  ward: ['xa', 'phuong xa', 'xa phuong', 'phuong', 'ward', 'commune'],
  doseNumber: ['mui tiem so', 'mui tiem', 'mui so', 'mui', 'mui thu', 'lan tiem', 'dose', 'dose number'],
  vaccineName: ['ten vac xin', 'ten vaccine', 'vac xin', 'vaccine', 'loai vac xin', 'vaccine name', 'loai vaccine'],
  lotNumber: ['so lo', 'lo vac xin', 'so lo vac xin', 'lot', 'lot number', 'batch'],
  vaccinationDate: ['ngay tiem', 'ngay tiem chung', 'thoi gian tiem', 'vaccination date', 'date of vaccination', 'date given'],
  site: ['co so tiem', 'diem tiem', 'noi tiem', 'co so tiem chung', 'vaccination site', 'site'],
  sampleTime: ['ngay lay mau', 'thoi gian lay mau', 'ngay gio lay mau', 'sample time', 'sampling date', 'collection date', 'specimen date'],
  testMethod: ['loai xet nghiem', 'phuong phap xet nghiem', 'phuong phap', 'ky thuat xet nghiem', 'test method', 'test type', 'method'],
  result: ['ket qua', 'ket qua xet nghiem', 'kq', 'kqxn', 'result', 'test result'],
  pooled: ['mau gop', 'gop mau', 'xet nghiem gop', 'pooled', 'pool'],
  sampleId: ['ma ong ma mau', 'ma ong', 'ma mau', 'ma so mau', 'sample id', 'specimen id', 'tube id', 'barcode'],
  lab: ['don vi xet nghiem', 'co so xet nghiem', 'phong xet nghiem', 'noi xet nghiem', 'lab', 'laboratory', 'testing site'],
  resultTime: ['ngay tra ket qua', 'thoi gian tra ket qua', 'ngay co ket qua', 'result date', 'result time', 'reported at'],
};
