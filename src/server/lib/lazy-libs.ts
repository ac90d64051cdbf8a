// Libraries that only some requests need (Excel files, image variants) are loaded on first use,
// not at start: exceljs alone is a large part of the start time and about 26 MB (decision 023).
import type ExcelJS from 'exceljs';
import type Sharp from 'sharp';

let excel: Promise<typeof ExcelJS> | undefined;
let sharp: Promise<typeof Sharp> | undefined;

/** exceljs (with the project's patch, decision 018). */
export function loadExcel(): Promise<typeof ExcelJS> {
  excel ??= import('exceljs').then(
    (m) => ((m as { default?: typeof ExcelJS }).default ?? m) as typeof ExcelJS,
  );
  return excel;
}

/** sharp (decision 014). */
export function loadSharp(): Promise<typeof Sharp> {
  sharp ??= import('sharp').then((m) => m.default);
  return sharp;
}
