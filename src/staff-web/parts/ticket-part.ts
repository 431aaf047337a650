import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { TOPICS } from '../../knowledge/topics.js';
import { replyJobKey } from '../../relay/ticket-relay.js';
import { parseReference } from '../../tickets/reference-code.js';
import type { Refusal, StaffOutcome } from '../../tickets/staff-actions.js';
import type { Actor } from '../../tickets/ticket-service.js';
import { loginSchema } from '../accounts/staff-account.js';
import type { ConsolePart } from '../console-plugin.js';
import { consoleLocale } from '../render-page.js';
import { ticketPageView } from './ticket-page.js';
import { profileView } from '../../profile/profile-view.js';
import { loadPhoto } from './ticket-photos.js';

/** Longest answer, note and outcome a form takes (an answer stays one Telegram message with its header). */
const MAX_REPLY = 3000;
const MAX_NOTE = 4000;
const MAX_OUTCOME = 2000;
/** A reply form's key is claimed this long: a double submit within it sends once (the queue remembers keys as long). */
const REPLY_KEY_TTL_SECONDS = 7 * 24 * 3600;

const formKey = z.string().regex(/^[A-Za-z0-9-]{16,64}$/);
const text = (max: number) => z.string().trim().min(1).max(max);
const forms = {
  reply: z.object({ text: text(MAX_REPLY), key: formKey }),
  assign: z.object({ login: loginSchema }),
  topic: z.object({ topic: z.enum(TOPICS) }),
};
const pageQuery = z.object({
  done: z.enum(['reply', 'note', 'take', 'assign', 'topic', 'close', 'reopen']).optional().catch(undefined),
  sent: formKey.optional().catch(undefined),
  insert: z.string().max(100).optional().catch(undefined),
});

type Action = 'reply' | 'note' | 'take' | 'assign' | 'topic' | 'close' | 'reopen';
/** What the forms had in them, shown again when an action is refused so nothing typed is lost. */
type Drafts = { reply?: string; note?: string; outcome?: string };
/** Why an action did nothing, said above its form. */
interface Problem {
  action: Action;
  message: string;
}
interface PageState {
  done?: Action;
  /** The key of the answer just sent: the page shows where its delivery stands. */
  sent?: string;
  problem?: Problem;
  drafts?: Drafts;
  /** A saved reply to put in the answer box (the no-JavaScript way to insert one). */
  insert?: string;
}
type Done = { ok: true; sent?: string } | { ok: false; status: number; problem: Problem; drafts?: Drafts };

/**
 * /staff/tickets/CODE: every field the member gave, the photos (served to staff only), the
 * conversation with internal notes marked, the history; and the actions of the other desks (reply,
 * note, take, assign, change topic, close, reopen) through the same StaffActions, under the staff
 * member's name. Every form works without JavaScript; htmx swaps the page's body in place.
 */
export const ticketPart: ConsolePart = (app, deps) => {
  const { storage, tickets, actions, render, now, serviceLevelDays } = deps;
  const codeOf = (request: FastifyRequest) => parseReference((request.params as { code: string }).code);
  const tr = (request: FastifyRequest) => deps.t(consoleLocale(request));

  async function deliveryState(code: string, key: string | undefined) {
    if (!key || !deps.deliveries) return undefined;
    return (await deps.deliveries.jobState(replyJobKey(code, `console:${key}`))) ?? 'unknown';
  }

  async function showPage(request: FastifyRequest, reply: FastifyReply, code: string, state: PageState = {}) {
    const ticket = await tickets.get(code);
    if (!ticket) return render(request, reply.status(404), 'ticket-missing', { code });
    const t = tr(request);
    const member = ticket.memberId;
    const [history, accounts, saved, delivery, profile, linked] = await Promise.all([
      tickets.history(code),
      storage.accounts.list(),
      deps.savedReplies ? deps.savedReplies() : Promise.resolve([]),
      deliveryState(code, state.sent),
      member && deps.engine?.profiles ? deps.engine.profiles.get(member) : Promise.resolve(undefined),
      member && deps.engine?.identity ? deps.engine.identity.linked(member) : Promise.resolve([]),
    ]);
    const inserted = state.insert ? saved.find((s) => s.id === state.insert)?.text : undefined;
    const drafts: Drafts = { ...state.drafts, ...(inserted ? { reply: [state.drafts?.reply, inserted].filter(Boolean).join('\n') } : {}) };
    return render(request, reply, 'ticket', {
      ...ticketPageView(ticket, history, { t, now: now(), serviceLevelDays, telegram: deps.telegramFiles !== undefined }),
      accounts: accounts.filter((a) => !a.disabled),
      topics: TOPICS,
      savedReplies: saved,
      savedRepliesWired: deps.savedReplies !== undefined,
      replyKey: randomUUID(),
      done: state.done,
      problem: state.problem,
      drafts,
      delivery: delivery && { key: state.sent, state: delivery },
      limits: { reply: MAX_REPLY, note: MAX_NOTE, outcome: MAX_OUTCOME },
      // The member's profile and linked conversations (staff only: the console needs a login).
      memberProfile: profileView(profile, linked.slice(1), t),
    });
  }

  app.get('/tickets/:code', async (request, reply) => {
    const code = codeOf(request);
    if (!code) return render(request, reply.status(404), 'ticket-missing', { code: (request.params as { code: string }).code.slice(0, 20) });
    const q = pageQuery.parse(request.query ?? {});
    return showPage(request, reply, code, { done: q.done, sent: q.sent, insert: q.insert });
  });

  // Where the answer just sent stands; the page asks again every few seconds until it is sent or failed.
  app.get('/tickets/:code/deliveries/:key', async (request, reply) => {
    const code = codeOf(request);
    const key = formKey.safeParse((request.params as { key: string }).key);
    if (!code || !key.success) return reply.status(404).send({ error: 'no such delivery' });
    return render(request, reply, 'ticket-delivery', { code, delivery: { key: key.data, state: await deliveryState(code, key.data) } });
  });

  // A photo of the ticket, to logged-in staff only (this route is behind the login like every page).
  app.get('/tickets/:code/photos/:n', async (request, reply) => {
    const code = codeOf(request);
    const n = Number((request.params as { n: string }).n);
    const reference = code && Number.isInteger(n) && n >= 1 ? (await tickets.get(code))?.photos[n - 1] : undefined;
    const t = tr(request);
    const say = (status: number, key: string) => reply.status(status).type('text/plain; charset=utf-8').header('cache-control', 'no-store').send(t(key, { n }));
    if (!reference) return say(404, 'console.ticket.photos.gone');
    const photo = await loadPhoto(reference, storage.photos, deps.telegramFiles).catch((error: unknown) => {
      // The error never carries the URL (and so the token); the code and number say which photo.
      request.log.warn({ code, n, err: error instanceof Error ? error.name : 'unknown' }, 'telegram photo could not be fetched');
      return { ok: false, why: 'telegram-failed' } as const;
    });
    if (photo.ok) {
      const ext = photo.type.split('/')[1];
      return reply.type(photo.type).header('cache-control', 'private, no-store').header('content-disposition', `inline; filename="${code}-${n}.${ext}"`).send(photo.data);
    }
    if (photo.why === 'telegram-failed') return say(502, 'console.ticket.photos.telegramFailed');
    if (photo.why === 'telegram-off') return say(404, 'console.ticket.photos.telegramOff');
    return say(404, 'console.ticket.photos.gone');
  });

  /** A form's action: done, then back to the page (303), or the page again with why not and what was typed. */
  const act = (action: Action, run: (body: Record<string, unknown>, code: string, actor: Actor, request: FastifyRequest) => Promise<Done>) =>
    app.post(`/tickets/:code/${action}`, async (request, reply) => {
      const code = codeOf(request);
      if (!code) return render(request, reply.status(404), 'ticket-missing', { code: (request.params as { code: string }).code.slice(0, 20) });
      const actor: Actor = { kind: 'staff', name: request.staff!.name };
      const result = await run((request.body ?? {}) as Record<string, unknown>, code, actor, request);
      if (!result.ok) return showPage(request, reply.status(result.status), code, { problem: result.problem, drafts: result.drafts });
      return reply.redirect(`/staff/tickets/${code}?done=${action}${result.sent ? `&sent=${result.sent}` : ''}`, 303);
    });

  const problem = (request: FastifyRequest, action: Action, key: string, drafts?: Drafts, vars?: Record<string, string | number>): Done => ({
    ok: false,
    status: 400,
    problem: { action, message: tr(request)(`console.ticket.invalid.${key}`, vars) },
    ...(drafts ? { drafts } : {}),
  });
  const outcome = (request: FastifyRequest, action: Action, out: StaffOutcome, drafts?: Drafts): Done =>
    out.refused ? { ok: false, status: refusalStatus(out.refused), problem: { action, message: tr(request)(`console.ticket.refused.${out.refused}`) }, ...(drafts ? { drafts } : {}) } : { ok: true };
  const draft = (body: Record<string, unknown>, field: string) => (typeof body[field] === 'string' ? (body[field] as string).slice(0, 10_000) : '');

  act('reply', async (body, code, actor, request) => {
    const form = forms.reply.safeParse(body);
    const drafts = { reply: draft(body, 'text') };
    if (!form.success) return problem(request, 'reply', form.error.issues.some((i) => i.path[0] === 'key') ? 'form' : 'text', drafts, { max: MAX_REPLY });
    const { text: answer, key } = form.data;
    // A second submit of the same form (a double click, a resend after a timeout) sends nothing more.
    const claim = `console-reply:${code}:${key}`;
    if (!(await storage.claims.claim(claim, REPLY_KEY_TTL_SECONDS))) return { ok: true, sent: key };
    let out: StaffOutcome;
    try {
      out = await actions.reply(code, actor, answer, `console:${key}`, 'web');
    } catch (error) {
      await storage.claims.release(claim).catch(() => undefined);
      throw error;
    }
    if (out.refused) {
      await storage.claims.release(claim);
      return outcome(request, 'reply', out, drafts);
    }
    return { ok: true, sent: key };
  });

  /** An action on one text (a note, an outcome): refused, the text kept, when it is empty or too long. */
  const withText = (action: Action, field: 'text' | 'outcome', max: number, run: (code: string, actor: Actor, text: string) => Promise<StaffOutcome>) =>
    act(action, async (body, code, actor, request) => {
      const value = text(max).safeParse(body[field]);
      const drafts: Drafts = action === 'note' ? { note: draft(body, field) } : { outcome: draft(body, field) };
      if (!value.success) return problem(request, action, field, drafts, { max });
      return outcome(request, action, await run(code, actor, value.data), drafts);
    });

  withText('note', 'text', MAX_NOTE, (code, actor, note) => actions.note(code, actor, note));

  act('take', async (_body, code, actor, request) => outcome(request, 'take', await actions.take(code, actor)));

  act('assign', async (body, code, actor, request) => {
    const form = forms.assign.safeParse(body);
    const account = form.success ? await storage.accounts.get(form.data.login) : undefined;
    if (!account || account.disabled) return problem(request, 'assign', 'account');
    return outcome(request, 'assign', await actions.assign(code, actor, account.name));
  });

  act('topic', async (body, code, actor, request) => {
    const form = forms.topic.safeParse(body);
    if (!form.success) return problem(request, 'topic', 'topic');
    return outcome(request, 'topic', await actions.changeTopic(code, actor, form.data.topic));
  });

  withText('close', 'outcome', MAX_OUTCOME, (code, actor, result) => actions.close(code, actor, result));

  act('reopen', async (_body, code, actor, request) => outcome(request, 'reopen', await actions.reopen(code, actor)));
};

function refusalStatus(reason: Refusal): number {
  return reason === 'not-found' ? 404 : reason === 'invalid' ? 400 : 409;
}
