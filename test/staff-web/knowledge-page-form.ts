/** Reading a console page's form as a browser submits it (tests of the knowledge editor). */

const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const attr = (tag: string, name: string) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? unescape(m[1]!) : undefined;
};

/**
 * The fields the form with this action would send (text inputs, hidden inputs, checked boxes,
 * textareas, selected options; not the submit buttons), by name.
 */
export function formFields(html: string, action: string): Record<string, string> {
  const start = html.indexOf(`action="${action}"`);
  if (start === -1) throw new Error(`no form posting to ${action}`);
  const form = html.slice(start, html.indexOf('</form>', start));
  const fields: Record<string, string> = {};
  for (const [tag] of form.matchAll(/<input\b[^>]*>/g)) {
    const name = attr(tag, 'name');
    if (name === undefined) continue;
    const type = attr(tag, 'type') ?? 'text';
    if (type === 'checkbox' && !/\schecked\b/.test(tag)) continue;
    fields[name] = attr(tag, 'value') ?? '';
  }
  for (const m of form.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) fields[attr(m[1]!, 'name')!] = unescape(m[2]!);
  for (const m of form.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    const selected = /<option value="([^"]*)" selected/.exec(m[2]!) ?? /<option value="([^"]*)"/.exec(m[2]!);
    fields[attr(m[1]!, 'name')!] = unescape(selected?.[1] ?? '');
  }
  return fields;
}

/** The problem shown at a field: its message, when the field is marked invalid and described by it. */
export function problemAt(html: string, id: string): string | undefined {
  const field = new RegExp(`<(?:input|textarea|select)\\b[^>]*\\sid="${id}"[^>]*>`).exec(html)?.[0];
  if (!field || !/aria-invalid="true"/.test(field) || !new RegExp(`aria-describedby="[^"]*${id}-problem`).test(field)) return undefined;
  return new RegExp(`<p id="${id}-problem" class="error field-problem">([^<]*)</p>`).exec(html)?.[1];
}
