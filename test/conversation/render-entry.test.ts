import { describe, expect, it } from 'vitest';
import { formatDate, formatSource } from '../../src/conversation/render-entry.js';
import { createTranslator } from '../../src/i18n/create-translator.js';
import { localesDir } from '../support/fixtures.js';

const t = createTranslator(localesDir);

describe('citations', () => {
  it('print the day when it is known, and only the month when the copy does not give the day', () => {
    expect(formatDate('2021-03-31')).toBe('31/3/2021');
    expect(formatDate('2022-12')).toBe('12/2022');
  });

  it('say in the member\'s language that a document was replaced, and by what', () => {
    const source = { kind: 'law', number: '14/2008/QH12', title: 'Luật Thuế TNDN', issued: '2008-06-03', effective: '2009-01-01', status: 'replaced', replacedBy: 'Luật 67/2025/QH15' } as const;
    expect(formatSource(source, 'vi', t('vi'))).toBe('Luật 14/2008/QH12 (ban hành 3/6/2008, hiệu lực 1/1/2009) — đã được thay thế bởi Luật 67/2025/QH15');
    expect(formatSource(source, 'en', t('en'))).toBe('Law 14/2008/QH12 (issued 3/6/2008, in force 1/1/2009) — replaced by Luật 67/2025/QH15');
  });
});
