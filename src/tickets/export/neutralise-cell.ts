/** First characters that make Excel, LibreOffice or Google Sheets read a cell as a formula. */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

/**
 * Makes a cell safe to open in a spreadsheet (formula injection): text starting with =, +, -, @,
 * a tab or a carriage return gets a leading apostrophe, so it is shown as text and never
 * evaluated. Any other text is returned unchanged.
 */
export function neutraliseCell(value: string): string {
  return FORMULA_TRIGGERS.has(value.charAt(0)) ? `'${value}` : value;
}
