import { describe, expect, it } from 'vitest';
import { renderPlain, splitText } from '../../src/channels/render-text.js';
import { renderTelegram } from '../../src/channels/telegram/render.js';

describe('rendering for channels without buttons', () => {
  it('shows choices as a numbered list the member answers with a number', () => {
    const [text] = renderPlain({ text: 'Bạn muốn làm gì?', choices: [{ id: 'ask', label: 'Hỏi' }, { id: 'browse', label: 'Chính sách' }] }, { buttons: false, maxTextLength: 2000 });
    expect(text).toBe('Bạn muốn làm gì?\n\n1. Hỏi\n2. Chính sách');
  });

  it('splits a long text at paragraph boundaries, in order, each piece within the limit', () => {
    const paragraphs = Array.from({ length: 8 }, (_, i) => `Đoạn ${i + 1}. ${'chữ '.repeat(120)}`.trim());
    const pieces = splitText(paragraphs.join('\n\n'), 2000);
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces) expect([...p].length).toBeLessThanOrEqual(2000);
    expect(pieces.join('\n\n')).toBe(paragraphs.join('\n\n'));
    expect(pieces[0]!.startsWith('Đoạn 1.')).toBe(true);
  });
});

describe('rendering for Telegram', () => {
  it('puts choices on an inline keyboard whose callback data fits 64 bytes', () => {
    const [message] = renderTelegram({ text: 'x', choices: [{ id: 'menu', label: 'Menu' }, { id: 'entry:credit-fund', label: 'Một tiêu đề khá dài của một mục chính sách' }] });
    const buttons = message!.keyboard!.inline_keyboard.flat();
    expect(buttons.map((b) => ('callback_data' in b ? b.callback_data : ''))).toEqual(['menu', 'entry:credit-fund']);
  });
});
