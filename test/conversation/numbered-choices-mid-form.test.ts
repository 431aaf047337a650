import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ConversationService } from '../../src/conversation/conversation-service.js';
import { restoreSession } from '../../src/conversation/session.js';
import { sqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import { engineDeps } from '../support/fixtures.js';

/**
 * On a channel without buttons (Zalo) choices are "1. …" lines: while a form waits for typed text
 * (a name, a commune), the numbers it lists must still pick its choices, and so must a confirmation
 * asked in the middle of it.
 */
describe('numbered choices while a form waits for typed text (Zalo)', () => {
  const storage = sqliteStorage(new Database(':memory:'));
  const conversations = new ConversationService({ engine: engineDeps(), sessions: storage.sessions });
  let n = 0;
  const member = () => {
    const id = `zalo:numbers-${++n}`;
    const say = async (text: string) => (await conversations.turnOnce({ kind: 'text', text, conversationId: id, buttons: false, maxAnswerChoices: 5 })).replies;
    const session = async () => restoreSession(await storage.sessions.load(id));
    return { say, session };
  };

  it('"1" at "Tên hợp tác xã … 1. ❌ Hủy" cancels the form instead of being refused as a name', async () => {
    const m = member();
    const asked = await m.say('bao kho khan');
    expect(asked.at(-1)!.choices!.map((c) => c.id)).toEqual(['form:cancel']);
    const replies = await m.say('1');
    expect(replies[0]!.text).toContain('Đã hủy');
    expect((await m.session()).form).toBeUndefined();
  });

  it('a commune not found can be kept by its number or by "giu nguyen", and cancelled there', async () => {
    const keepByNumber = member();
    await keepByNumber.say('bao kho khan');
    await keepByNumber.say('HTX Đồng Tâm');
    await keepByNumber.say('1'); // the role: manager
    const unknown = await keepByNumber.say('Phường Không Có');
    const listed = unknown.at(-1)!.choices!.map((c) => c.id);
    expect(listed).toEqual(['form:keep', 'form:cancel']);
    await keepByNumber.say('1');
    expect((await keepByNumber.session()).form?.answers['commune']).toBe('Phường Không Có');

    const keepByWords = member();
    for (const text of ['bao kho khan', 'HTX Đồng Tâm', '1', 'Phường Không Có']) await keepByWords.say(text);
    await keepByWords.say('giu nguyen');
    expect((await keepByWords.session()).form?.answers['commune']).toBe('Phường Không Có');
    expect((await keepByWords.session()).form?.step).toBeGreaterThan(2); // asked the next field

    const cancel = member();
    for (const text of ['bao kho khan', 'HTX Đồng Tâm', '1', 'Phường Không Có']) await cancel.say(text);
    await cancel.say('2');
    expect((await cancel.session()).form).toBeUndefined();
  });

  it('/forget asked in the middle of a form is answered by its number: "1" erases, "2" keeps the form', async () => {
    const keep = member();
    await keep.say('bao kho khan');
    await keep.say('/forget');
    await keep.say('2'); // "Không"
    expect((await keep.session()).form?.id).toBe('difficulty');
    expect((await keep.session()).form?.answers['cooperative']).toBeUndefined();

    const erase = member();
    await erase.say('bao kho khan');
    const asked = await erase.say('/forget');
    expect(asked.at(-1)!.choices![0]!.id).toBe('forget:yes');
    const replies = await erase.say('1');
    expect(replies.map((r) => r.text).join('\n')).toContain('Đã xóa dữ liệu cá nhân');
    expect((await erase.session()).form).toBeUndefined();
  });

  it('a number that names no listed choice is still the typed answer, and a wrong length is said in plain words', async () => {
    const m = member();
    await m.say('bao kho khan');
    const replies = await m.say('7');
    expect(replies[0]!.text).toBe('Câu trả lời cần từ 2 đến 200 ký tự; tin bạn vừa gửi có 1 ký tự.');
    expect((await m.say('12')).at(-1)!.choices!.map((c) => c.id)).toContain('form:opt:manager'); // "12" is a name of two characters: the role is asked
    expect((await m.session()).form?.answers['cooperative']).toBe('12');
  });
});
