import { expect } from 'vitest';
import type { EntryBody } from '../../../src/content/content-kinds.js';
import type { ContentService } from '../../../src/content/content-service.js';
import type { Topic } from '../../../src/knowledge/topics.js';

type Source = EntryBody['sources'][number];

/** A source in force, as the review tests cite documents. */
export const inForce = (number: string): Source => ({ kind: 'decree', number, title: `Nghị định ${number}`, issued: '2024-01-10', effective: '2024-03-01', status: 'in-force' });

/** A source an entry marks as replaced by `by`. */
export const replaced = (number: string, by: string): Source => ({ ...inForce(number), status: 'replaced', replacedBy: by });

/** A valid stored entry of `topic` (its id starts with the topic), changed by `over`. */
export function entryBody(topic: Topic, name: string, over: Partial<EntryBody> = {}): EntryBody {
  return {
    id: `${topic}-${name}`,
    topic,
    title: { vi: `Mục thử ${name}`, en: `Test entry ${name}` },
    answer: { vi: `Câu trả lời của mục ${name}.`, en: `The answer of ${name}.` },
    eligibility: { vi: 'Hợp tác xã đang hoạt động.', en: 'A cooperative in operation.' },
    howToApply: { vi: 'Nộp hồ sơ tại Liên minh HTX tỉnh.', en: 'Apply at the provincial Alliance.' },
    sources: [inForce('45/2021/NĐ-CP')],
    questions: [`câu hỏi một về ${name}`, `câu hỏi hai về ${name}`, `câu hỏi ba về ${name}`],
    keywords: [],
    related: [],
    reviewed: '2026-01-05',
    deadlines: [],
    leadAfter: [],
    live: [],
    ...over,
  };
}

/** Publishes the entry as an admin does in the console: a draft, then published. */
export async function publishEntry(content: ContentService, body: EntryBody): Promise<void> {
  const admin = { login: 'ha', role: 'admin' } as const;
  const saved = await content.saveDraft(admin, 'entry', body.id, body, 0);
  expect(saved).toMatchObject({ ok: true });
  expect(await content.publish(admin, 'entry', body.id, saved.ok ? saved.rev : 0)).toEqual({ ok: true });
}
