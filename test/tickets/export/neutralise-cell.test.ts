import { describe, expect, it } from 'vitest';
import { neutraliseCell, stripControlCharacters } from '../../../src/tickets/export/neutralise-cell.js';

describe('neutraliseCell (CSV)', () => {
  it.each(['=1+1', '+84912345678', '-2+3', '@SUM(A1)', '\t=1', '\r=1'])(
    'puts an apostrophe before %j so a spreadsheet shows it as text',
    (value) => {
      expect(neutraliseCell(value)).toBe(`'${value}`);
    },
  );

  it.each(['', 'Hợp tác xã Đồng Tâm', 'KN-2026-0001', '0912 345 678', ' =1', "'=1"])('leaves %j unchanged', (value) => {
    expect(neutraliseCell(value)).toBe(value);
  });
});

describe('stripControlCharacters', () => {
  it('drops every C0 control except tab and line feed (a carriage return becomes one), DEL and every C1 control', () => {
    const c0 = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)).join('');
    const c1 = Array.from({ length: 0x21 }, (_, i) => String.fromCharCode(0x7f + i)).join('');
    expect(stripControlCharacters(`a${c0}b${c1}c`)).toBe('a\t\n\nbc');
  });

  it('keeps tabs and line breaks, a carriage return becoming a line feed', () => {
    expect(stripControlCharacters('dòng 1\r\ndòng 2\rdòng 3\ncột\tcột')).toBe('dòng 1\ndòng 2\ndòng 3\ncột\tcột');
  });

  it('drops U+FFFE and U+FFFF, which make Excel call the file corrupt', () => {
    expect(stripControlCharacters('a\uFFFEb\uFFFFc')).toBe('abc');
  });

  it('leaves Vietnamese text, emoji and other punctuation alone', () => {
    const text = 'Hợp tác xã Đồng Tâm – “giá” phân bón 👍 ½ « » ‑';
    expect(stripControlCharacters(text)).toBe(text);
  });
});
