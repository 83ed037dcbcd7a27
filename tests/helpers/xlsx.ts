// Reads an xlsx workbook back with exceljs (its `load` types want an ArrayBuffer, not Node's Buffer).
import ExcelJS from "exceljs";

export async function readWorkbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  return wb;
}
