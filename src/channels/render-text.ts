import type { Reply } from '../conversation/reply.js';
import type { Capabilities } from './capabilities.js';

/** The reply's text, with its choices as "1. …" lines when the channel has no buttons. */
export function textWithNumberedChoices(reply: Reply): string {
  if (!reply.choices || reply.choices.length === 0) return reply.text;
  const lines = reply.choices.map((c, i) => `${i + 1}. ${c.label}`);
  return `${reply.text}\n\n${lines.join('\n')}`;
}

/**
 * Splits text into pieces of at most `max` characters, at paragraph boundaries where possible,
 * then at line ends, then at spaces; pieces keep their order.
 */
export function splitText(text: string, max: number): string[] {
  if ([...text].length <= max) return [text];
  const pieces: string[] = [];
  let rest = text;
  while ([...rest].length > max) {
    const window = [...rest].slice(0, max).join('');
    const cut = lastBreak(window, '\n\n') ?? lastBreak(window, '\n') ?? lastBreak(window, ' ') ?? window.length;
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0) pieces.push(rest);
  return pieces;
}

function lastBreak(window: string, separator: string): number | undefined {
  const i = window.lastIndexOf(separator);
  return i > window.length / 4 ? i : undefined;
}

/** Pieces of a reply as a channel without buttons sends them, each within its length limit. */
export function renderPlain(reply: Reply, capabilities: Capabilities): string[] {
  return splitText(textWithNumberedChoices(reply), capabilities.maxTextLength);
}
