import { describe, expect, it } from 'vitest';
import { fold } from '../../src/knowledge/normalize.js';
import type { Topic } from '../../src/knowledge/topics.js';
import { realKnowledge } from '../support/fixtures.js';

const kb = realKnowledge();

/** One question per topic, as a member would type it; each is also tried with its diacritics removed. */
const perTopic: Array<[Topic, string]> = [
  ['credit', 'Hợp tác xã muốn vay vốn quỹ hỗ trợ phát triển thì cần điều kiện gì'],
  ['tax', 'HTX có phải nộp thuế thu nhập doanh nghiệp không'],
  ['young-labour', 'Tuyển kỹ sư trẻ về làm việc ở HTX thì nhà nước hỗ trợ tiền lương bao nhiêu'],
  ['training', 'Cán bộ quản lý HTX đi học lớp bồi dưỡng có được hỗ trợ học phí không'],
  ['land', 'HTX thuê đất làm nhà xưởng có được giảm tiền thuê đất không'],
  ['market', 'HTX muốn đưa nông sản lên sàn thương mại điện tử thì được hỗ trợ gì'],
  ['technology', 'Hỗ trợ chuyển đổi số, mua phần mềm quản lý cho HTX'],
  ['infrastructure', 'HTX xây kho lạnh bảo quản nông sản có được nhà nước hỗ trợ không'],
  ['insurance', 'Thành viên HTX đóng bảo hiểm xã hội tự nguyện được nhà nước hỗ trợ bao nhiêu'],
  ['ocop', 'Sản phẩm đạt OCOP 4 sao được thưởng bao nhiêu tiền'],
  ['establishment', 'Muốn thành lập hợp tác xã mới cần bao nhiêu thành viên'],
  ['dialogue', 'Hội nghị đối thoại giữa tỉnh và hợp tác xã tổ chức khi nào'],
  ['alliance', 'Số điện thoại liên hệ Liên minh HTX tỉnh'],
];

describe('policy search on the real knowledge base', () => {
  it.each(perTopic)('reaches %s with diacritics', (topic, question) => {
    const out = kb.search(question);
    expect(out.kind).not.toBe('none');
    expect(out.hits[0]!.entry.topic).toBe(topic);
  });

  it.each(perTopic)('reaches %s without diacritics', (topic, question) => {
    const out = kb.search(fold(question));
    expect(out.kind).not.toBe('none');
    expect(out.hits[0]!.entry.topic).toBe(topic);
  });

  it.each([
    'thời tiết ngày mai ở Bắc Ninh có mưa không',
    'giá vàng SJC hôm nay bao nhiêu',
    'tối nay đội tuyển Việt Nam đá mấy giờ',
    'làm lại căn cước công dân bị mất ở đâu',
    'bi dau dau uong thuoc gi',
    'xổ số miền bắc hôm nay ra con gì',
    'what is the weather like tomorrow',
  ])('rejects an out-of-scope question: %s', (question) => {
    expect(kb.search(question).kind).toBe('none');
  });

  it('answers the newcomer\'s question outright with a credit entry', () => {
    const out = kb.search('htx vay von uu dai o dau');
    expect(out.kind).toBe('confident');
    expect(out.hits[0]!.entry.topic).toBe('credit');
  });

  it('understands abbreviations and chat spellings as the full words', () => {
    expect(kb.search('htx co dc mien thue tndn ko').hits[0]!.entry.topic).toBe('tax');
    expect(kb.search('xa vien dong bhxh tu nguyen dc ho tro bn').hits[0]!.entry.topic).toBe('insurance');
  });

  it('tells land rent (thuê đất) from taxes (thuế) after folding', () => {
    expect(kb.search('giam tien thue dat cho htx').hits[0]!.entry.topic).toBe('land');
    expect(kb.search('thue gia tri gia tang phan bon').hits[0]!.entry.topic).toBe('tax');
  });

  it('repairs a telex remnant into a known word', () => {
    expect(kb.search('htx vay voons quyx ho tro').hits[0]!.entry.topic).toBe('credit');
  });

  it('answers English questions', () => {
    expect(kb.search('Does a cooperative pay corporate income tax?').hits[0]!.entry.topic).toBe('tax');
    expect(kb.search('salary support for young graduates working at a cooperative').hits[0]!.entry.topic).toBe('young-labour');
  });

  it('ranks the same with old and new tone placement', () => {
    expect(kb.search('hoà nhập thị trường, hỗ trợ xúc tiến thương mại').hits.map((h) => h.entry.id)).toEqual(
      kb.search('hòa nhập thị trường, hỗ trợ xúc tiến thương mại').hits.map((h) => h.entry.id),
    );
  });
});
