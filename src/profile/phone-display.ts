/**
 * A stored phone number as members know it: "+84912345678" → "0912 345 678" (the number is kept
 * as it is stored; this is only how it is shown to them). Anything else is shown unchanged.
 */
export function showPhone(phone: string): string {
  const m = /^\+84(\d{3})(\d{3})(\d{3})$/.exec(phone);
  return m ? `0${m[1]} ${m[2]} ${m[3]}` : phone;
}
