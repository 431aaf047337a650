/**
 * Word lists for the Vietnamese normaliser. All keys and values are folded (no diacritics, đ→d).
 */

/** Abbreviations expanded on both sides (index and query), so "HTX" meets "hợp tác xã". */
export const ABBREVIATIONS: Record<string, string> = {
  htx: 'hop tac xa',
  lhhtx: 'lien hiep hop tac xa',
  lmhtx: 'lien minh hop tac xa',
  tht: 'to hop tac',
  nhcsxh: 'ngan hang chinh sach xa hoi',
  nhnn: 'ngan hang nha nuoc',
  bhxh: 'bao hiem xa hoi',
  bhyt: 'bao hiem y te',
  bhtn: 'bao hiem that nghiep',
  tndn: 'thu nhap doanh nghiep',
  tncn: 'thu nhap ca nhan',
  gtgt: 'gia tri gia tang',
  qtdnd: 'quy tin dung nhan dan',
  ubnd: 'uy ban nhan dan',
  hdnd: 'hoi dong nhan dan',
  ktth: 'kinh te tap the',
  kttt: 'kinh te tap the',
  dbkk: 'dac biet kho khan',
  sxkd: 'san xuat kinh doanh',
  ptnt: 'phat trien nong thon',
  tmdt: 'thuong mai dien tu',
  cntt: 'cong nghe thong tin',
  khcn: 'khoa hoc cong nghe',
  nsnn: 'ngan sach nha nuoc',
  cccd: 'can cuoc cong dan',
  cmnd: 'chung minh nhan dan',
  dkkd: 'dang ky kinh doanh',
  gcn: 'giay chung nhan',
  qsdd: 'quyen su dung dat',
  sdd: 'su dung dat',
  dn: 'doanh nghiep',
  sp: 'san pham',
  ldtb: 'lao dong thuong binh',
  lmhtxvn: 'lien minh hop tac xa viet nam',
};

/** Chat spellings, expanded on the query side only. */
export const CHAT_SPELLINGS: Record<string, string> = {
  ko: 'khong',
  k: 'khong',
  kh: 'khong',
  hok: 'khong',
  hem: 'khong',
  khg: 'khong',
  kg: 'khong',
  dc: 'duoc',
  dk: 'dieu kien',
  dkien: 'dieu kien',
  ntn: 'nhu the nao',
  j: 'gi',
  ji: 'gi',
  bn: 'bao nhieu',
  bnhieu: 'bao nhieu',
  vs: 'voi',
  mk: 'minh',
  mik: 'minh',
  mh: 'minh',
  e: 'em',
  a: 'anh',
  c: 'chi',
  cj: 'chi',
  r: 'roi',
  ng: 'nguoi',
  nguoj: 'nguoi',
  bik: 'biet',
  bit: 'biet',
  wa: 'qua',
  trc: 'truoc',
  lm: 'lam',
  tl: 'tra loi',
  cty: 'cong ty',
  hs: 'ho so',
  sdt: 'so dien thoai',
  dki: 'dang ky',
  dky: 'dang ky',
  nt: 'nhu the',
  thik: 'thich',
  ok: 'ok',
  tks: 'cam on',
  thanks: 'cam on',
  oi: 'oi',
  ak: 'a',
  ah: 'a',
  uh: 'u',
  uk: 'u',
  tr: 'trieu',
  ty: 'ty',
  bh: 'bao hiem',
};

/** Words that carry no topic on their own (folded Vietnamese and English). */
export const STOPWORDS = new Set(
  (
    'la co khong duoc gi nao the nhu o dau cho cua va voi thi bao nhieu toi em anh chi minh ' +
    'oi a ah nhe nha ha cac nhung mot de can phai lam sao khi nay do day ay kia roi u ' +
    'xin cho biet giup muon duoc ai bay gio hien len vao sau truoc ben duoi tren ' +
    'ban oi ad admin ak a cam on vui long hay hien nay bi con chua hay ko ' +
    'the a and are as at be by can do does for from how i if in is it me my of on or our ' +
    'please should that the their there this to us we what when where which who why will with would you your'
  ).split(/\s+/),
);
