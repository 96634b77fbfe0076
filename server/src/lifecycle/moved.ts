/**
 * The check after a lifecycle move: every row asked for was in a status the event may happen in.
 * A row found elsewhere means the caller decided on something else, a bug: throwing rolls the
 * caller's transaction back, so nothing of it is committed.
 */
export function expectAllMoved(
  table: string,
  event: string,
  ids: readonly string[],
  moved: number,
  from: readonly string[],
): void {
  if (moved !== new Set(ids).size) {
    throw new Error(
      `lifecycle: ${event} moved ${moved} of ${ids.length} ${table}: the others are not in ${from.join(', ')}`,
    );
  }
}
