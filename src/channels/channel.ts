import type { Sender } from '../delivery/ports.js';
import type { HttpServer } from '../http/create-server.js';
import type { Capabilities } from './capabilities.js';

/**
 * One messaging channel, plugged into the app the same way as every other: the HTTP routes it
 * serves (webhooks, the web chat API), the senders the delivery queue uses for it, what it can
 * show, how it starts and stops, and how /healthz reports it. A new channel is one folder that
 * returns this.
 */
export interface Channel {
  /** The conversation-id prefix and health name: 'web', 'telegram', 'zalo'. */
  readonly name: string;
  readonly capabilities: Capabilities;
  /** Delivery senders by job channel ('telegram', 'staff' for the staff chat, …). */
  readonly senders: Record<string, Sender>;
  /** What /healthz says about it: 'up', 'polling', 'webhook'. */
  readonly mode: string;
  /** Registers its routes before the server listens. */
  routes?(http: HttpServer): void;
  /** Starts after the server listens (registers webhooks, starts polling). */
  start?(): Promise<void>;
  /** Stops taking updates; pending deliveries stay in the durable queue. */
  stop?(): Promise<void>;
}
