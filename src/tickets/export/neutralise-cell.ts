/** First characters that make Excel, LibreOffice or Google Sheets read a CSV field as a formula. */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

/**
 * Makes a CSV field safe to open in a spreadsheet (formula injection): text starting with =, +,
 * -, @, a tab or a carriage return gets a leading apostrophe, so it is shown as text and never
 * evaluated. Any other text is returned unchanged. CSV only: an XLSX cell is kept safe by its
 * type (a string cell is never a formula), so no character is added there.
 */
export function neutraliseCell(value: string): string {
  return FORMULA_TRIGGERS.has(value.charAt(0)) ? `'${value}` : value;
}

/**
 * C0 controls except tab and line feed, DEL, C1 controls, and U+FFFE/U+FFFF (not characters: an
 * XLSX holding one is refused by Excel as corrupt).
 */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/g;

/**
 * Removes control characters from a cell's text, for both CSV and XLSX: both formats keep a tab
 * and a line break inside a cell, so those stay; a carriage return (alone or before a line feed)
 * becomes one line feed. Everything else in U+0000–U+001F and U+007F–U+009F is dropped.
 */
export function stripControlCharacters(value: string): string {
  return value.replace(/\r\n?/g, '\n').replace(CONTROL_CHARACTERS, '');
}
