import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/staff-web/accounts/passwords.js';
import { spawnApp, type AppProcess } from '../support/app-process.js';
import { startRedis, type RedisProcess } from '../support/redis-server.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';
import { axeProblems } from '../staff-web/axe-problems.js';
import { logInToConsole } from '../staff-web/console-app.js';
import { launchChromium, PHONE, webClient } from './web-helpers.js';

const PASSWORD = 'mat-khau-dai-du-10';
const ENTRY = 'credit-fund-conditions';
const QUESTION = 'vay von quy ho tro htx can dieu kien gi';
const LAPTOP = { width: 1280, height: 800 };

/**
 * The Alliance keeps the answers true, end to end in real browsers, on two bot processes sharing
 * one Redis: an editor changes an answer (a source without its number is refused at that field),
 * an admin publishes it, members read the new text at once here and within 2 s from the other
 * process, a rollback brings the old text back; and a question the bot could not answer becomes
 * an entry that then answers it.
 */
describe('editing the knowledge base in the console', () => {
  let redis: RedisProcess;
  let app: TestApp;
  let other: AppProcess;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    app = await startTestApp({ REDIS_URL: redis.url });
    for (const [login, name, role] of [
      ['mai', 'Trần Thị Mai', 'editor'],
      ['ha', 'Nguyễn Thu Hà', 'admin'],
    ] as const) {
      await app.storage.accounts.create({ login, name, role, passwordHash: await hashPassword(PASSWORD), disabled: false, createdAt: new Date().toISOString() });
    }
    other = await spawnApp({ REDIS_URL: redis.url });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await other?.stop();
    await app?.close();
    await redis?.stop();
  });

  const consolePage = async (login: string): Promise<Page> => {
    const context = await browser.newContext({ viewport: LAPTOP, locale: 'vi-VN' });
    contexts.push(context);
    const page = await context.newPage();
    await logInToConsole(page, app.baseUrl, login, PASSWORD);
    return page;
  };

  /** A member on a phone asks in the web chat; resolves with the text of the answer (the bubble citing its basis). */
  const memberAsks = async (page: Page, question: string): Promise<string> => {
    const answers = page.locator('.msg.bot:not(.typing)').filter({ hasText: 'Căn cứ:' });
    const before = await answers.count();
    await page.fill('#text', question);
    await page.press('#text', 'Enter');
    await answers.nth(before).waitFor();
    return (await answers.nth(before).textContent()) ?? '';
  };

  const answerFromOtherProcess = async () => (await webClient(other.url).chat({ text: QUESTION })).replies.map((r) => r.text).join('\n');

  it('publishes an editor’s change for every member at once, refuses a source without its number at the field, and rolls back', async () => {
    const memberContext = await browser.newContext({ viewport: PHONE, locale: 'vi-VN' });
    contexts.push(memberContext);
    const member = await memberContext.newPage();
    await member.goto(app.baseUrl);
    // The welcome and its menu have arrived before the member types.
    await member.locator('.msg.bot .choices button').first().waitFor();
    const oldAnswer = await memberAsks(member, QUESTION);
    const oldFirstLine = (await app.content.store.revision('entry', ENTRY, 1))!.body as { answer: { vi: string } };
    expect(oldAnswer).toContain(oldFirstLine.answer.vi.split('\n')[0]!.slice(0, 40));

    // The editor: a source without its document number is refused at that field, with the text kept.
    const mai = await consolePage('mai');
    await mai.goto(`${app.baseUrl}/staff/knowledge/${ENTRY}/edit`);
    const number = mai.locator('[name="sources.0.number"]');
    const documentNumber = await number.inputValue();
    const newAnswer = `Quỹ cho vay khi HTX có phương án sản xuất khả thi (bản sửa ${randomUUID().slice(0, 6)}).`;
    await mai.locator('[name="answer.vi"]').fill(newAnswer);
    await number.fill('');
    await mai.locator('.kb-buttons button.primary').click();
    await expect.poll(() => number.getAttribute('aria-invalid')).toBe('true');
    expect(await mai.locator('#kf-sources-0-number-problem').textContent()).toContain('số hiệu');
    expect(await mai.locator('[name="answer.vi"]').inputValue()).toBe(newAnswer);
    expect(await axeProblems(mai)).toEqual([]);
    await number.fill(documentNumber);
    await mai.locator('[name="note"]').fill('Câu đầu rõ hơn');
    await mai.locator('.kb-buttons button.primary').click();
    await mai.getByText(/Đã lưu bản nháp 2/).waitFor();
    // Saved, not published: members still read the old text.
    expect(await memberAsks(member, QUESTION)).toBe(oldAnswer);

    // The admin publishes; this process and the other one answer with it.
    const ha = await consolePage('ha');
    await ha.goto(`${app.baseUrl}/staff/knowledge/${ENTRY}`);
    await ha.getByRole('button', { name: 'Xuất bản bản nháp 2' }).click();
    await ha.getByText('Trợ lý đang trả lời bằng bản 2.').waitFor();
    expect(await memberAsks(member, QUESTION)).toContain(newAnswer);
    await expect.poll(answerFromOtherProcess, { timeout: 2_000, interval: 100 }).toContain(newAnswer);

    // The history names who wrote and who published; a rollback brings the old text back.
    const history = await ha.locator('table').filter({ hasText: 'Người viết' }).textContent();
    expect(history).toContain('mai');
    expect(history).toContain('ha');
    // Publishing an old revision at once asks first.
    ha.once('dialog', (dialog) => void dialog.accept());
    await ha.getByRole('button', { name: 'Khôi phục bản 1 (xuất bản ngay)' }).click();
    await ha.getByText('Trợ lý đang trả lời bằng bản 3.').waitFor();
    expect(await memberAsks(member, QUESTION)).toBe(oldAnswer);
    await expect.poll(answerFromOtherProcess, { timeout: 2_000, interval: 100 }).not.toContain(newAnswer);
  });

  it('turns a question the bot could not answer into an entry that then answers it', async () => {
    const asked = ['thu tuc xin cap ma vung trong cho htx', 'Thủ tục xin cấp mã vùng trồng cho HTX?', 'thu tuc xin cap ma vung trong cho hop tac xa'];
    for (const question of asked) {
      const { replies } = await webClient(app.baseUrl).chat({ text: question });
      expect(replies[0]!.text).toContain('Tôi chưa chắc');
    }

    const mai = await consolePage('mai');
    await mai.goto(`${app.baseUrl}/staff/review`);
    const group = mai.locator('li, article, tr').filter({ hasText: asked[1]! }).filter({ hasText: '3 lần hỏi' }).last();
    await group.getByRole('link', { name: 'Trả lời bằng mục mới' }).click();
    await mai.locator('[name="id"]').waitFor();
    expect(await mai.locator('[name="questions"]').inputValue()).toContain('mã vùng trồng');
    await mai.locator('[name="id"]').fill('market-growing-area-code');
    await mai.locator('[name="topic"]').selectOption('market');
    await mai.locator('[name="title.vi"]').fill('Thủ tục cấp mã số vùng trồng cho HTX');
    await mai.locator('[name="title.en"]').fill('Getting a growing-area code for a cooperative');
    await mai.locator('[name="answer.vi"]').fill('HTX nộp hồ sơ đề nghị cấp mã số vùng trồng tại cơ quan chuyên môn về trồng trọt của tỉnh (nội dung thử nghiệm).');
    await mai.locator('[name="answer.en"]').fill('The cooperative applies to the province’s crop authority (test content).');
    await mai.locator('[name="eligibility.vi"]').fill('HTX có vùng trồng tập trung.');
    await mai.locator('[name="eligibility.en"]').fill('Cooperatives with a concentrated growing area.');
    await mai.locator('[name="howToApply.vi"]').fill('Nộp hồ sơ tại Sở Nông nghiệp và Môi trường.');
    await mai.locator('[name="howToApply.en"]').fill('Apply at the Department of Agriculture and Environment.');
    await mai.locator('[name="sources.0.kind"]').selectOption('other');
    await mai.locator('[name="sources.0.number"]').fill('TEST-01/2026');
    await mai.locator('[name="sources.0.title"]').fill('Văn bản thử nghiệm về mã số vùng trồng');
    await mai.locator('[name="sources.0.issued"]').fill('2026-01-05');
    await mai.locator('[name="sources.0.effective"]').fill('2026-02-01');
    await mai.locator('[name="reviewed"]').fill('2026-11-30');
    // The group's question (its spellings count once); an entry needs at least three examples.
    const questions = mai.locator('[name="questions"]');
    await questions.fill(`${await questions.inputValue()}\nHTX cần làm gì để có mã số vùng trồng?\nhtx lam ma so vung trong o dau`);
    await mai.locator('.kb-buttons button.primary').click();
    await mai.getByText(/Đã lưu bản nháp 1/).waitFor();

    const ha = await consolePage('ha');
    await ha.goto(`${app.baseUrl}/staff/knowledge/market-growing-area-code`);
    await ha.getByRole('button', { name: 'Xuất bản bản nháp 1' }).click();
    await ha.getByText('Trợ lý đang trả lời bằng bản 1.').waitFor();

    const { replies } = await webClient(app.baseUrl).chat({ text: asked[0]! });
    expect(replies[0]!.text).toContain('Thủ tục cấp mã số vùng trồng cho HTX');
    expect(replies[0]!.text).toContain('TEST-01/2026');
  });
});
