import type { Translate } from '../../conversation/ports.js';
import { printable } from '../../cli/ticket-view.js';
import { TOP_COMMUNES } from '../../tickets/ticket-stats.js';
import { formatVietnamDay, vietnamDay } from '../../time/vietnam-time.js';
import type { DashboardData } from './dashboard-data.js';

/** A member's text on one line, without the control characters a member could type. */
const oneLine = (text: string): string => printable(text).replace(/\n/g, ' ');
/** "2026-02-01" → "1/2/2026". */
const day = (isoDay: string): string => formatVietnamDay(`${isoDay}T12:00:00+07:00`);
const hours = (h: number | null): string => (h === null ? '—' : `${h} giờ`);
/** Indented lines under a heading, or a dash when there are none. */
const list = (rows: string[]): string => (rows.length === 0 ? '  —' : rows.map((r) => `  ${r}`).join('\n'));
/** Entries that have tickets, most first (as the Telegram /stats lists kinds and states). */
const mostFirst = (rec: Record<string, number>) => Object.entries(rec).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);

/**
 * The dashboard's figures as the staff CLI prints them (`npm run staff -- stats`), in Vietnamese:
 * the bot's own words for kinds, states and topics (`t`), the CLI's for the rest, as in ticket-view.ts.
 */
export function dashboardText(data: DashboardData, t: Translate): string {
  const topic = (id: string | null) => (id === null ? '-' : t(`topic.${id}`));
  const kind = (k: string) => t(`ticket.kind.${k}`);
  const { byCommune, firstResponse, serviceLevel, ratings, feedback, unansweredQuestions: questions } = data;
  const communes = [
    ...byCommune.top.map((c) => `${oneLine(c.commune)}: ${c.count}`),
    ...(byCommune.others.communes > 0 ? [`Các xã/phường khác (${byCommune.others.communes}): ${byCommune.others.count}`] : []),
    ...(byCommune.notGiven > 0 ? [`Không ghi xã/phường: ${byCommune.notGiven}`] : []),
  ];
  // The store keeps the latest questions only: say so when the range starts before the oldest.
  const questionsSince = questions.oldestRead !== null && vietnamDay(new Date(questions.oldestRead)).day > data.range.from ? [`(kho lưu câu hỏi từ ${formatVietnamDay(questions.oldestRead)})`] : [];
  return [
    [
      `Từ ${day(data.range.from)} đến ${day(data.range.to)} (ngày tạo hồ sơ, giờ Việt Nam)`,
      t('staff.statsTotal', { total: data.total, overdue: serviceLevel.waitingOverdue }),
      `Đang mở: ${data.openClosed.open} · đã đóng: ${data.openClosed.closed}`,
    ].join('\n'),
    `${t('staff.byKind')}:\n${list(mostFirst(data.byKind).map(([k, n]) => `${kind(k)}: ${n}`))}`,
    `${t('staff.byState')}:\n${list(mostFirst(data.byState).map(([k, n]) => `${t(`ticket.state.${k}`)}: ${n}`))}`,
    `Theo tuần (tuần có hồ sơ; ${['concern', 'difficulty', 'question'].map(kind).join(' / ')}):\n` +
      list(data.weeks.filter((w) => w.total > 0).map((w) => `${w.week} (từ ${day(w.monday)}): ${w.total} = ${w.byKind.concern} / ${w.byKind.difficulty} / ${w.byKind.question}`)),
    `${t('staff.byTopic')}:\n${list(data.byTopic.map((r) => `${topic(r.topic)}: ${r.count}`))}`,
    `${t('staff.byCommune')} (${TOP_COMMUNES} nơi nhiều nhất):\n${list(communes)}`,
    [
      `Trả lời lần đầu: ${firstResponse.answered} hồ sơ đã được trả lời, ${firstResponse.notAnswered} chưa`,
      `  thời gian chờ: trung vị ${hours(firstResponse.medianHours)}, 90% trong vòng ${hours(firstResponse.p90Hours)}`,
      `  quá hạn ${serviceLevel.days} ngày làm việc: ${serviceLevel.answeredLate} trả lời muộn, ${serviceLevel.waitingOverdue} đang chờ quá hạn`,
    ].join('\n'),
    `${t('staff.ratings', { count: ratings.count, average: ratings.average ?? '-' })}\n  ${[...ratings.distribution].reverse().map((r) => `${r.stars}⭐: ${r.count}`).join(' · ')}`,
    `Ý kiến về câu trả lời của bot (👍/👎 theo lĩnh vực, từ trước đến nay): 👍 ${feedback.up} · 👎 ${feedback.down}\n` +
      list(feedback.byTopic.map((f) => `${topic(f.topic)}: 👍 ${f.up} · 👎 ${f.down}`)),
    `Câu hỏi bot chưa trả lời được: ${questions.total} lượt, ${questions.distinct} câu khác nhau; hỏi nhiều nhất (số thành viên hỏi):\n` +
      list([...questions.top.map((q) => `${q.count} × ${oneLine(q.text)}`), ...questionsSince]),
  ].join('\n\n');
}
