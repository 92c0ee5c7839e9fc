import type { ScopedTx } from '../scope';
import type { BreakGlassGrantRow } from '../schema';

export function insertBreakGlassGrant(
  tx: ScopedTx,
  grant: { agency_id: string; subject_id: string; user_id: string; justification: string; granted_at: Date; expires_at: Date },
): Promise<BreakGlassGrantRow> {
  return tx.insertInto('break_glass_grants').values(grant).returningAll().executeTakeFirstOrThrow();
}

/** The subjects a user holds an unexpired emergency grant for. */
export async function activeBreakGlassSubjects(tx: ScopedTx, userId: string, at: Date): Promise<string[]> {
  return (await activeBreakGlassQuery(tx, userId, at).execute()).map((r) => r.subject_id);
}

/** The statement behind {@link activeBreakGlassSubjects}: rows of `subject_id`. */
export function activeBreakGlassQuery(tx: ScopedTx, userId: string, at: Date) {
  return tx.selectFrom('break_glass_grants').select('subject_id').distinct().where('user_id', '=', userId).where('granted_at', '<=', at).where('expires_at', '>', at);
}
