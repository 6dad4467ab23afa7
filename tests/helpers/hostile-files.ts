// Hostile files built in tests: a tiny XLSX whose one cell sits at column
// ZZZZZZ, CSVs in UTF-16 and Windows-1258, multipart bodies.
import { deflateRawSync } from 'node:zlib';
import iconv from 'iconv-lite';

/** A zip of the given entries (deflated), as Excel writes it: local headers, data, central directory. CRCs are left 0 (riskmap does not check them). */
export function zipEntries(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [fileName, text] of Object.entries(entries)) {
    const name = Buffer.from(fileName);
    const raw = Buffer.from(text, 'utf8');
    const data = deflateRawSync(raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18); local.writeUInt32LE(raw.length, 22); local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(8, 10);
    central.writeUInt32LE(data.length, 20); central.writeUInt32LE(raw.length, 24); central.writeUInt16LE(name.length, 28); central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  const count = Object.keys(entries).length;
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(count, 8); end.writeUInt16LE(count, 10);
  end.writeUInt32LE(directory.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A workbook whose first sheet holds the given rows of inline-string cells at the given references (e.g. { r: 1, cells: { ZZZZZZ1: 'x' } }). */
export function sparseWorkbook(rows: Array<{ r: number; cells: Record<string, string> }>, options: { sheetName?: string; dimension?: string } = {}): Buffer {
  const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const sheetRows = rows.map((row) => `<row r="${row.r}">${Object.entries(row.cells).map(([ref, v]) => `<c r="${ref}" t="inlineStr"><is><t>${escape(v)}</t></is></c>`).join('')}</row>`).join('');
  return zipEntries({
    '[Content_Types].xml': '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    '_rels/.rels': `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<?xml version="1.0"?><workbook ${ns}><sheets><sheet name="${options.sheetName ?? 'Sheet1'}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    'xl/worksheets/sheet1.xml': `<?xml version="1.0"?><worksheet ${ns}>${options.dimension ? `<dimension ref="${options.dimension}"/>` : ''}<sheetData>${sheetRows}</sheetData></worksheet>`,
  });
}

/** Text as UTF-16 with its byte-order mark, as Excel's "Unicode text" saves it. */
export function utf16(text: string, endian: 'le' | 'be'): Buffer {
  const le = Buffer.from(`\uFEFF${text}`, 'utf16le');
  return endian === 'le' ? le : le.swap16();
}

/** Windows-1258 bytes: tone marks as combining characters after the base letter, as the code page writes Vietnamese. */
export function windows1258(text: string): Buffer {
  const inCodePage = (ch: string) => ch === '?' || iconv.encode(ch, 'windows1258')[0] !== 0x3f;
  const spelled = [...text.normalize('NFC')].map((ch) => {
    if (inCodePage(ch)) return ch;
    const parts = [...ch.normalize('NFD')];
    const tone = parts.find((p) => /[\u0300\u0301\u0303\u0309\u0323]/.test(p)) ?? '';
    return parts.filter((p) => p !== tone).join('').normalize('NFC') + tone;
  });
  return iconv.encode(spelled.join(''), 'windows1258');
}

/** A multipart/form-data body with one file in the field "file". */
export function multipartFile(fileName: string, content: Buffer, boundary = 'riskmapboundary42') {
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  return { payload: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
