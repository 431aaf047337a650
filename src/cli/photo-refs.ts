import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PhotoStore, PhotoType } from '../storage/ports.js';
import type { Ticket } from '../tickets/ticket.js';
import { CliError } from './load-for-cli.js';

/**
 * Where a ticket's photo is kept, read from its reference: a web chat upload in the bot's storage
 * (`photo:<id>`), a link (Zalo sends a URL), or a Telegram file id (only the bot can fetch it).
 */
export type PhotoRef = { source: 'web'; id: string } | { source: 'link'; url: string } | { source: 'telegram' };

export function photoRef(reference: string): PhotoRef {
  if (reference.startsWith('photo:')) return { source: 'web', id: reference.slice('photo:'.length) };
  if (/^https?:\/\//i.test(reference)) return { source: 'link', url: reference };
  return { source: 'telegram' };
}

const EXTENSION: Record<PhotoType, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

/**
 * Saves the ticket's web chat photos into `dir` as `<code>-<n>.<ext>` (n as in `staff show`) and
 * returns one line per photo: the file written, or where that photo is instead. A ticket without
 * photos, or a folder that does not exist, is refused with a CliError.
 */
export async function savePhotos(ticket: Ticket, photos: PhotoStore, dir: string): Promise<string[]> {
  if (ticket.photos.length === 0) throw new CliError(`Hồ sơ ${ticket.code} không có ảnh.`);
  checkFolder(dir);
  const lines: string[] = [];
  for (const [i, reference] of ticket.photos.entries()) {
    const n = i + 1;
    const ref = photoRef(reference);
    if (ref.source === 'link') {
      lines.push(`${n}. ${ref.url} (đường dẫn: mở trong trình duyệt)`);
      continue;
    }
    if (ref.source === 'telegram') {
      lines.push(`${n}. ảnh Telegram: xem trong chủ đề của hồ sơ ở nhóm cán bộ Telegram (không tải được từ dòng lệnh)`);
      continue;
    }
    const stored = await photos.load(ref.id);
    if (!stored) {
      lines.push(`${n}. ảnh web chat ${ref.id}: không còn trong kho lưu (Redis giữ ảnh 90 ngày; trong DATA_DIR/photos có thể đã bị xoá)`);
      continue;
    }
    const file = join(dir, `${ticket.code}-${n}.${EXTENSION[stored.type]}`);
    try {
      writeFileSync(file, stored.data);
    } catch (error) {
      throw new CliError(`Cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    lines.push(`${n}. ${file}`);
  }
  return lines;
}

function checkFolder(dir: string): void {
  let isFolder: boolean;
  try {
    isFolder = statSync(dir).isDirectory();
  } catch {
    throw new CliError(`Cannot write into ${dir}: the folder does not exist`);
  }
  if (!isFolder) throw new CliError(`Cannot write into ${dir}: it is not a folder`);
}
