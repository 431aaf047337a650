import { describe, expect, it } from 'vitest';
import { appAndBrowser, PHONE } from './web-helpers.js';

/**
 * WCAG 1.4.11: the edges of the controls a member must find (the text box, the send and photo
 * buttons, the choice buttons) stand out at least 3:1 against what is behind them. axe-core checks
 * text contrast only, so the page's own colours are measured here.
 */
describe('the web chat page’s controls', () => {
  const ctx = appAndBrowser();

  it('have borders of at least 3:1 contrast against the background behind them', async () => {
    const page = await ctx.browser.newPage({ viewport: PHONE, locale: 'vi-VN' });
    await page.goto(ctx.app.baseUrl);
    await page.locator('.msg.bot .choices button').first().waitFor();
    const measured = await page.evaluate(() => {
      const rgb = (c: string): number[] => (c.match(/[\d.]+/g) ?? []).map(Number);
      const luminance = ([r, g, b]: number[]) => {
        const lin = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
        return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
      };
      const behind = (el: Element): string => {
        for (let p = el.parentElement; p; p = p.parentElement) {
          const bg = getComputedStyle(p).backgroundColor;
          if ((rgb(bg)[3] ?? 1) > 0 && bg !== 'transparent') return bg;
        }
        return 'rgb(255, 255, 255)';
      };
      const ratio = (a: string, b: string) => {
        const [x, y] = [luminance(rgb(a)), luminance(rgb(b))].sort((m, n) => n - m) as [number, number];
        return (x + 0.05) / (y + 0.05);
      };
      return ['#text', '.choices button', 'form button[type="submit"], #send', '#photo-button, label[for="photo"], .photo'].flatMap((selector) => {
        const el = document.querySelector(selector);
        if (!el) return [];
        const style = getComputedStyle(el);
        const edge = style.borderTopWidth !== '0px' && style.borderTopStyle !== 'none' ? style.borderTopColor : style.backgroundColor;
        return [{ selector, ratio: Math.round(ratio(edge, behind(el)) * 100) / 100 }];
      });
    });
    expect(measured.map((m) => m.selector)).toContain('#text');
    expect(measured.map((m) => m.selector)).toContain('.choices button');
    for (const m of measured) expect(m.ratio, m.selector).toBeGreaterThanOrEqual(3);
    await page.close();
  });
});
