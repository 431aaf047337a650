import { describe, expect, it } from 'vitest';
import { neutraliseCell } from '../../../src/tickets/export/neutralise-cell.js';

describe('neutraliseCell', () => {
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
