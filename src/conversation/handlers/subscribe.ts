import type { TurnContext } from '../context.js';
import type { Choice, Reply } from '../reply.js';
import type { SubscribeState } from '../session.js';
import { TOPICS, type Topic } from '../../knowledge/topics.js';
import { menuChoice, showMenu } from './menu.js';

/** Choice ids of the subscription steps (`sub:…`); a topic or commune id carries its value. */
const ID = { topic: 'sub:t:', commune: 'sub:c:', all: 'sub:all', done: 'sub:done', anyCommune: 'sub:any', yes: 'sub:yes', no: 'sub:no' } as const;

/** /subscribe, "Nhận tin": starts from the member's current topics, if any. */
export async function startSubscribe(ctx: TurnContext): Promise<Reply[]> {
  const store = ctx.deps.subscriptions;
  if (!store) return [{ text: ctx.t('subscribe.unavailable'), choices: [menuChoice(ctx)] }];
  const current = await store.get(ctx.conversationId);
  ctx.session.subscribe = { step: 'topics', topics: current && !current.blockedAt ? [...current.topics] : [] };
  return askTopics(ctx, ctx.session.subscribe, current ? ctx.t('subscribe.current', describe(ctx, current.topics, current.commune)) : undefined);
}

/** /unsubscribe, and the line under every announcement: stops them at once. */
export async function unsubscribe(ctx: TurnContext): Promise<Reply[]> {
  ctx.session.subscribe = undefined;
  const removed = (await ctx.deps.subscriptions?.remove(ctx.conversationId)) ?? false;
  return showMenu(ctx, ctx.t(removed ? 'subscribe.stopped' : 'subscribe.notSubscribed'));
}

/** A `sub:…` choice: tick a topic, all topics, done, a commune, any commune, yes or no. */
export async function subscribeChoice(ctx: TurnContext, id: string): Promise<Reply[]> {
  const state = ctx.session.subscribe;
  if (!state || !ctx.deps.subscriptions) return startSubscribe(ctx);
  if (id.startsWith(ID.topic)) {
    const topic = TOPICS.find((t) => t === id.slice(ID.topic.length));
    if (topic) state.topics = state.topics.includes(topic) ? state.topics.filter((t) => t !== topic) : [...state.topics, topic];
    state.step = 'topics';
    return askTopics(ctx, state);
  }
  if (id === ID.all || id === ID.done) {
    if (id === ID.all || state.topics.length === 0) state.topics = offeredTopics(ctx);
    state.step = 'commune';
    return askCommune(ctx, ctx.t('subscribe.commune'));
  }
  if (id.startsWith(ID.commune) || id === ID.anyCommune) {
    state.commune = id === ID.anyCommune ? null : id.slice(ID.commune.length);
    state.step = 'consent';
    return askConsent(ctx, state);
  }
  if (id === ID.yes && state.step === 'consent') return saveSubscription(ctx, state);
  ctx.session.subscribe = undefined;
  return showMenu(ctx, ctx.t('subscribe.cancelled'));
}

/** The commune typed at the commune step: the one named, close names to pick from, or asked again. */
export function subscribeCommune(ctx: TurnContext, text: string): Reply[] {
  const state = ctx.session.subscribe!;
  const match = ctx.deps.flows.matchCommune(text);
  if (match.exact) {
    state.commune = match.exact;
    state.step = 'consent';
    return askConsent(ctx, state);
  }
  if (match.suggestions.length > 0) return askCommune(ctx, ctx.t('subscribe.communeSuggest', { text }), match.suggestions);
  return askCommune(ctx, ctx.t('subscribe.communeUnknown', { text }));
}

async function saveSubscription(ctx: TurnContext, state: SubscribeState): Promise<Reply[]> {
  if (ctx.deps.limits && !(await ctx.deps.limits.take('subscription', ctx.conversationId))) {
    return [{ text: ctx.t('limits.subscriptions', { max: ctx.deps.limits.max('subscription') }), choices: [menuChoice(ctx)] }];
  }
  const commune = state.commune ?? null;
  await ctx.deps.subscriptions!.save({ memberId: ctx.conversationId, topics: state.topics, commune, locale: ctx.locale, consentAt: ctx.deps.now().toISOString() });
  ctx.session.subscribe = undefined;
  return showMenu(ctx, ctx.t('subscribe.done', describe(ctx, state.topics, commune)));
}

/** The topics members can choose: those the knowledge base has entries for, in the fixed order. */
function offeredTopics(ctx: TurnContext): Topic[] {
  const topics = ctx.deps.knowledge.topics();
  return topics.length > 0 ? topics : [...TOPICS];
}

function askTopics(ctx: TurnContext, state: SubscribeState, lead?: string): Reply[] {
  const choices: Choice[] = offeredTopics(ctx).map((topic) => ({ id: `${ID.topic}${topic}`, label: `${state.topics.includes(topic) ? '✅' : '⬜'} ${ctx.t(`topic.${topic}`)}` }));
  choices.push({ id: ID.all, label: ctx.t('subscribe.allTopics') }, { id: ID.done, label: ctx.t('subscribe.next') }, { id: ID.no, label: ctx.t('subscribe.cancel') });
  const text = ctx.t('subscribe.topics');
  return [{ text: lead ? `${lead}\n\n${text}` : text, choices }];
}

function askCommune(ctx: TurnContext, text: string, suggestions: string[] = []): Reply[] {
  return [{ text, choices: [...suggestions.map((name) => ({ id: `${ID.commune}${name}`, label: name })), { id: ID.anyCommune, label: ctx.t('subscribe.anyCommune') }, { id: ID.no, label: ctx.t('subscribe.cancel') }] }];
}

function askConsent(ctx: TurnContext, state: SubscribeState): Reply[] {
  return [{ text: ctx.t('subscribe.consent', describe(ctx, state.topics, state.commune ?? null)), choices: [{ id: ID.yes, label: ctx.t('subscribe.yes') }, { id: ID.no, label: ctx.t('subscribe.no') }] }];
}

/** The topics and commune in words, for the consent question and /mydata. */
export function describe(ctx: Pick<TurnContext, 't'>, topics: readonly Topic[], commune: string | null): { topics: string; commune: string } {
  return { topics: topics.map((t) => ctx.t(`topic.${t}`)).join(', '), commune: commune ?? ctx.t('subscribe.anyCommuneWords') };
}
