import { randomUUID } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { startTestApp, type TestApp } from '../support/start-test-app.js';

/** Helpers the web chat tests share: a real PNG, API calls with the browser id header, Chromium. */

/** A real PNG image of `width`×`height` pixels, all one colour (Chromium decodes and shows it). */
export function pngImage(width = 16, height = 12, rgb: [number, number, number] = [47, 107, 58]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export type Reply = { text: string; choices?: Array<{ id: string; label: string }> };
export type ChatAnswer = { replies: Reply[]; lastId: number; ids: number[] };
export type WebMessage = { id: number; from: 'member' | 'bot'; text?: string; reply?: Reply; photo?: string };

/** The web chat API as a page uses it, for one browser id. */
export function webClient(baseUrl: string, clientId: string = randomUUID()) {
  const headers = (extra: Record<string, string> = {}) => ({ 'x-client-id': clientId, ...extra });
  return {
    clientId,
    /** POST /api/chat; a new messageId unless one is given (a retry). */
    post: (body: Record<string, unknown>, messageId: string = randomUUID()) =>
      fetch(`${baseUrl}/api/chat`, { method: 'POST', headers: headers({ 'content-type': 'application/json' }), body: JSON.stringify({ messageId, ...body }) }),
    async chat(body: Record<string, unknown>, messageId?: string): Promise<ChatAnswer> {
      const res = await this.post(body, messageId);
      if (res.status !== 200) throw new Error(`POST /api/chat → ${res.status} ${await res.text()}`);
      return (await res.json()) as ChatAnswer;
    },
    async inbox(after = 0): Promise<WebMessage[]> {
      const res = await fetch(`${baseUrl}/api/chat/inbox?after=${after}`, { headers: headers() });
      return ((await res.json()) as { messages: WebMessage[] }).messages;
    },
    async history(): Promise<WebMessage[]> {
      const res = await fetch(`${baseUrl}/api/chat/history`, { headers: headers() });
      return ((await res.json()) as { messages: WebMessage[] }).messages;
    },
    upload: (data: Buffer, type = 'image/png', name = 'anh.png') => {
      const body = new FormData();
      body.append('photo', new Blob([new Uint8Array(data)], { type }), name);
      return fetch(`${baseUrl}/api/chat/photo`, { method: 'POST', headers: headers(), body });
    },
    photo: (id: string) => fetch(`${baseUrl}/api/chat/photo/${id}`, { headers: headers() }),
  };
}

const CHROMIUM = '/usr/bin/chromium';

/** Headless Chromium as the tests drive it. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A started app (with `env`) and a headless Chromium for the tests of one describe block, closed after them. */
export function appAndBrowser(env: Record<string, string> = {}): { app: TestApp; browser: Browser } {
  const ctx = {} as { app: TestApp; browser: Browser };
  beforeAll(async () => {
    ctx.app = await startTestApp(env);
    ctx.browser = await launchChromium();
  });
  afterAll(async () => {
    await ctx.browser?.close();
    await ctx.app?.close();
  });
  return ctx;
}

/** A phone screen: 390×844. */
export const PHONE = { width: 390, height: 844 };
