import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ConversationService } from '../../src/conversation/conversation-service.js';
import { restoreSession } from '../../src/conversation/session.js';
import { sqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import { engineDeps } from '../support/fixtures.js';

/**
 * A member who leaves a half-filled form for the menu and asks a question there gets the question
 * answered: the form waits behind "Tiếp tục" instead of taking the question as its next answer.
 */
describe.each([
  ['Zalo (numbered choices)', false],
  ['Telegram (buttons)', true],
] as const)('a form left for the menu, on %s', (_channel, buttons) => {
  const storage = sqliteStorage(new Database(':memory:'));
  const conversations = new ConversationService({ engine: engineDeps(), sessions: storage.sessions });
  let n = 0;
  const member = () => {
    const id = `${buttons ? 'telegram' : 'zalo'}:paused-${++n}`;
    const say = async (text: string) => (await conversations.turnOnce({ kind: 'text', text, conversationId: id, buttons, maxAnswerChoices: 5 })).replies;
    const choose = async (choiceId: string) => (await conversations.turnOnce({ kind: 'choice', choiceId, conversationId: id, buttons, maxAnswerChoices: 5 })).replies;
    const session = async () => restoreSession(await storage.sessions.load(id));
    return { say, choose, session };
  };

  it('answers a question asked from the menu, and keeps the form to continue where it stood', async () => {
    const m = member();
    await m.say('bao kho khan');
    const menu = await m.say('menu');
    expect(menu.at(-1)!.choices![0]!.id).toBe('form:start:difficulty'); // "▶️ Tiếp tục" first
    await m.choose('ask');
    const answer = await m.say('htx duoc vay von uu dai khong');
    const text = answer.map((r) => r.text).join('\n');
    expect(text).not.toContain('Vai trò của bạn trong HTX');
    expect(text).toMatch(/vay|Quỹ|tín dụng/i);
    expect((await m.session()).form?.answers['cooperative']).toBeUndefined();

    const resumed = await m.choose('form:start:difficulty');
    expect(resumed.map((r) => r.text).join('\n')).toContain('Tên hợp tác xã');
    await m.say('HTX Đồng Tâm');
    expect((await m.session()).form?.answers['cooperative']).toBe('HTX Đồng Tâm');
  });

  it('after "Không" to /forget in the middle of a form, a question is answered, not filed as the form\'s answer', async () => {
    const m = member();
    await m.say('bao kho khan');
    await m.say('/forget');
    await m.choose('menu'); // "Không"
    const answer = await m.say('thue tndn cua htx');
    expect(answer.map((r) => r.text).join('\n')).not.toContain('Vai trò của bạn trong HTX');
    expect((await m.session()).form?.answers['cooperative']).toBeUndefined();
  });
});
