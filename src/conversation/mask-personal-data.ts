/**
 * Masks what could identify a member in a question kept for statistics (Decree 13/2023/NĐ-CP):
 * phone numbers and other long digit runs, e-mail addresses and links.
 */
export function maskPersonalData(text: string): string {
  return text
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '[email]')
    .replace(/https?:\/\/\S+/g, '[link]')
    .replace(/(\+?\d[\d .-]{6,}\d)/g, '[số]')
    .slice(0, 500);
}
