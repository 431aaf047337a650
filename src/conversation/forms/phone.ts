/**
 * Reads a Vietnamese mobile number in the ways people write it (0912 345 678, 0912.345.678,
 * +84 912 345 678, 84912345678) and returns it as +84XXXXXXXXX; undefined if it is not one.
 */
export function normalisePhone(text: string): string | undefined {
  const digits = text.replace(/[\s.\-()]/g, '');
  const m = /^(?:\+?84|0)([35789]\d{8})$/.exec(digits);
  return m ? `+84${m[1]}` : undefined;
}
