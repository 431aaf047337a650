/** The fixed list of policy topics; other tools rely on these names. */
export const TOPICS = [
  'credit',
  'tax',
  'young-labour',
  'training',
  'land',
  'market',
  'technology',
  'infrastructure',
  'insurance',
  'ocop',
  'establishment',
  'dialogue',
  'alliance',
] as const;

export type Topic = (typeof TOPICS)[number];
