/**
 * Reports as files: CSV (RFC 4180, with a byte-order mark so spreadsheet programs read UTF-8) and XLSX
 * (exceljs). A cell that starts with =, +, -, @ or a control character is prefixed with an apostrophe in both, so
 * nothing a complainant or staff typed can run as a formula in the reader's spreadsheet (CSV injection, OWASP).
 */

export interface Table {
  /** The sheet's name in a workbook. */
  title: string;
  columns: { key: string; header: string }[];
  rows: Record<string, string | number | boolean | undefined>[];
}

function safe(value: string | number | boolean | undefined): string | number {
  if (value === undefined) return '';
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function toCsv(table: Table): string {
  const cell = (value: string | number) => {
    const text = String(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [
    table.columns.map((column) => cell(column.header)).join(','),
    ...table.rows.map((row) => table.columns.map((column) => cell(safe(row[column.key]))).join(',')),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export async function toXlsx(table: Table): Promise<Uint8Array> {
  // Loaded by the first workbook: the function starts without exceljs (bench 3).
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Liaison';
  const sheet = workbook.addWorksheet(table.title.slice(0, 31));
  sheet.columns = table.columns.map((column) => ({
    header: column.header,
    key: column.key,
    width: Math.min(60, Math.max(12, column.header.length + 2)),
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const row of table.rows) {
    sheet.addRow(Object.fromEntries(table.columns.map((column) => [column.key, safe(row[column.key])])));
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
