import type { ConversationService } from '../../conversation/conversation-service.js';
import { webMemberSender } from '../../relay/senders.js';
import type { PhotoStore, WebInbox } from '../../storage/ports.js';
import type { Channel } from '../channel.js';
import { webChatRoutes, type WebLimits } from './web-chat-route.js';
import { webI18nRoutes } from './web-i18n-route.js';
import { noPhotoRoutes, webPhotoRoutes } from './web-photo-routes.js';

export interface WebChannelDeps {
  conversations: ConversationService;
  /** The browsers' conversations: what members sent, the bot's replies, staff answers. */
  inbox: WebInbox;
  /** Where members' photos are kept; without it, photo uploads answer 503. */
  photos?: PhotoStore;
  /** Requests a minute per browser and per address on the chat API. */
  limits?: WebLimits;
}

/**
 * The web chat: its page is served as static files; its API (chat, inbox, history, photos) and the
 * page's strings are routes; staff answers wait in the inbox.
 */
export function webChannel(deps: WebChannelDeps): Channel {
  return {
    name: 'web',
    capabilities: { buttons: true, maxTextLength: 100_000 },
    senders: { web: webMemberSender(deps.inbox) },
    mode: 'up',
    routes: (http) => {
      webChatRoutes(http, deps.conversations, deps.inbox, deps.limits);
      if (deps.photos) webPhotoRoutes(http, deps.photos, deps.inbox);
      else noPhotoRoutes(http);
      webI18nRoutes(http);
    },
  };
}
