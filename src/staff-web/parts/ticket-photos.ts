import { photoTypeOf } from '../../channels/web/photo-type.js';
import { photoRef } from '../../cli/photo-refs.js';
import type { PhotoStore, PhotoType } from '../../storage/ports.js';

/** The Bot API serves files up to 20 MB to bots; anything larger is not a member's photo. */
const MAX_TELEGRAM_FILE_BYTES = 20 * 1024 * 1024;
const TELEGRAM_TIMEOUT_MS = 10_000;

export interface TelegramFiles {
  token: string;
  apiRoot: string;
}

/** How the ticket page shows one photo: from the console (web uploads, Telegram files), as a link (Zalo), or why not. */
export type PhotoView = { n: number; kind: 'served'; src: string; from: 'web' | 'telegram' } | { n: number; kind: 'link'; url: string } | { n: number; kind: 'telegram-off' };

/** The photos of a ticket as the page lists them; `n` counts from 1, as in `npm run staff -- show`. */
export function photoViews(code: string, photos: string[], telegram: boolean): PhotoView[] {
  return photos.map((reference, i) => {
    const n = i + 1;
    const ref = photoRef(reference);
    if (ref.source === 'link') return { n, kind: 'link', url: ref.url };
    if (ref.source === 'telegram' && !telegram) return { n, kind: 'telegram-off' };
    return { n, kind: 'served', src: `/staff/tickets/${code}/photos/${n}`, from: ref.source };
  });
}

/** A photo's bytes for staff, or why there are none. */
export type LoadedPhoto = { ok: true; data: Buffer; type: PhotoType } | { ok: false; why: 'gone' | 'link' | 'telegram-off' | 'telegram-failed' };

/**
 * The bytes of a ticket photo: a web chat upload from the bot's storage, a Telegram file through
 * the Bot API (getFile, then the file itself) when Telegram is configured. A link is not fetched:
 * the page links to it.
 */
export async function loadPhoto(reference: string, photos: PhotoStore, telegram: TelegramFiles | undefined): Promise<LoadedPhoto> {
  const ref = photoRef(reference);
  if (ref.source === 'link') return { ok: false, why: 'link' };
  if (ref.source === 'web') {
    const stored = await photos.load(ref.id);
    return stored ? { ok: true, ...stored } : { ok: false, why: 'gone' };
  }
  if (!telegram) return { ok: false, why: 'telegram-off' };
  const fetched = await telegramPhoto(reference, telegram);
  return fetched ? { ok: true, ...fetched } : { ok: false, why: 'telegram-failed' };
}

/**
 * A Telegram photo by its file id: getFile gives the file's path, then the file is downloaded from
 * `<apiRoot>/file/bot<token>/<path>`. Undefined when Telegram does not give it or it is not an
 * image; a network error throws (its message never holds the token: the URL is not in it).
 */
export async function telegramPhoto(fileId: string, { token, apiRoot }: TelegramFiles): Promise<{ data: Buffer; type: PhotoType } | undefined> {
  const signal = AbortSignal.timeout(TELEGRAM_TIMEOUT_MS);
  const meta = await fetch(`${apiRoot}/bot${token}/getFile`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ file_id: fileId }), signal });
  const answer = (await meta.json().catch(() => undefined)) as { ok?: boolean; result?: { file_path?: string; file_size?: number } } | undefined;
  const path = answer?.ok ? answer.result?.file_path : undefined;
  if (!path || (answer?.result?.file_size ?? 0) > MAX_TELEGRAM_FILE_BYTES) return undefined;
  const file = await fetch(`${apiRoot}/file/bot${token}/${path.split('/').map(encodeURIComponent).join('/')}`, { signal });
  if (!file.ok) return undefined;
  const data = Buffer.from(await file.arrayBuffer());
  const type = data.length <= MAX_TELEGRAM_FILE_BYTES ? photoTypeOf(data) : undefined;
  return type ? { data, type } : undefined;
}
