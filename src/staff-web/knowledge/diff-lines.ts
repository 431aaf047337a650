/** One line of a diff between two revisions, as the page colours it. */
export interface DiffLine {
  kind: 'added' | 'removed' | 'same' | 'hunk';
  text: string;
}

/**
 * The lines of a unified diff (ContentService.diff) from its first hunk on: the file headers
 * ("--- a", "+++ b") and "\ No newline" notes left out, each line's +/- marker kept in its text.
 */
export function diffLines(patch: string): DiffLine[] {
  const out: DiffLine[] = [];
  let inHunk = false;
  for (const line of patch.split('\n')) {
    if (line.startsWith('@@')) {
      inHunk = true;
      out.push({ kind: 'hunk', text: line });
    } else if (!inHunk || line.startsWith('\\')) {
      continue;
    } else if (line.startsWith('+')) {
      out.push({ kind: 'added', text: line });
    } else if (line.startsWith('-')) {
      out.push({ kind: 'removed', text: line });
    } else if (line !== '') {
      out.push({ kind: 'same', text: line });
    }
  }
  return out;
}
