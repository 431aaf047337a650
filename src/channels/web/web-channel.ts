import type { ConversationService } from '../../conversation/conversation-service.js';
import { webMemberSender } from '../../relay/senders.js';
import type { WebInbox } from '../../storage/ports.js';
import type { Channel } from '../channel.js';
import { webChatRoutes } from './web-chat-route.js';

/** The web chat: its page is served as static files; its API and inbox are routes; staff answers wait in the inbox. */
export function webChannel(deps: { conversations: ConversationService; inbox: WebInbox }): Channel {
  return {
    name: 'web',
    capabilities: { buttons: true, maxTextLength: 100_000 },
    senders: { web: webMemberSender(deps.inbox) },
    mode: 'up',
    routes: (http) => webChatRoutes(http, deps.conversations, deps.inbox),
  };
}
