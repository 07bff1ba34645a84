/**
 * `gloss review`: today's review set, as the app's Review screen shows it
 * (the same call, so the same cards on the same day): what is left, with
 * each highlight's source and place, and the day's progress and streak.
 */
import type { LibraryApi } from '../api/library-api';
import type { Io } from './commands';

function oneLine(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export async function showReview(api: LibraryApi, json: boolean, io: Io): Promise<number> {
  const session = await api.call('getReviewSession', {});
  if (json) {
    io.out(JSON.stringify(session, null, 2));
    return 0;
  }
  if (session.highlightCount === 0) {
    io.out('No highlights yet: highlight passages as you read, and a few come back here each day.');
    return 0;
  }
  const streak = session.streak > 0 ? ` · ${session.streak}-day streak` : '';
  io.out(`${session.done} of ${session.total} today${streak}`);
  if (session.cards.length === 0) io.out('All done for today.');
  for (const card of session.cards) {
    const where = [card.location.page !== undefined ? `p. ${card.location.page}` : '', card.location.chapter ?? ''].filter(Boolean).join(', ');
    io.out('');
    io.out(`${card.highlight.id}  ${card.status === 'new' ? 'new' : 'due'}  ${card.highlight.color}  ${card.article.title}${where ? ` (${where})` : ''}`);
    io.out(`  “${oneLine(card.highlight.quote.exact)}”`);
    if (card.highlight.note) io.out(`  note: ${oneLine(card.highlight.note)}`);
  }
  return 0;
}
