import { loadKnowledge } from './src/knowledge/load-knowledge.js';
import { KnowledgeBase } from './src/knowledge/knowledge-base.js';
import { syllables, termsOf } from './src/knowledge/normalize.js';
import { STOPWORDS } from './src/knowledge/vietnamese-lexicon.js';
import { loadDevset } from './test/bench/devset.js';
const kb = new KnowledgeBase(loadKnowledge('flows/knowledge'));
const s: any = kb.searcher;
const unknown = new Map<string, number>(); const unknownOos = new Map<string, number>();
for (const d of loadDevset()) {
  const w = syllables(d.q, {chat:true, vocabulary: s.vocabulary});
  const r = kb.searcher.rank(d.q);
  for (const x of w) if (!STOPWORDS.has(x) && !s.vocabulary.has(x)) (d.topic ? unknown : unknownOos).set(x, ((d.topic ? unknown : unknownOos).get(x) ?? 0) + 1);
  if (process.argv[2]==='cov') console.log(d.topic ?? 'NONE', r.coverage.toFixed(2), r.margin.toFixed(2), r.hits[0]?.entry.topic, '|', d.q);
}
if (process.argv[2]!=='cov') { console.log([...unknown].sort((a,b)=>b[1]-a[1]).slice(0,80).map(([w,c])=>w+':'+c).join(' ')); console.log('OOS', [...unknownOos].sort((a,b)=>b[1]-a[1]).slice(0,60).map(([w,c])=>w+':'+c).join(' ')); }
