import type { ReferralMessage } from '@ponte/contracts';
import type { ReferralMessageRow } from '@ponte/db';
import { iso, isoOrNull } from '../util';

/** A message as either party reads it, with its read receipt (when the other side first read it). */
export function viewReferralMessage(row: ReferralMessageRow & { read_by_other_side_at?: Date | string | null }, authorAgencySlug: string): ReferralMessage {
  return {
    id: row.id,
    referralId: row.referral_id,
    authorAgency: authorAgencySlug,
    authorId: row.author_id,
    body: row.body,
    createdAt: iso(row.created_at),
    readByOtherSideAt: isoOrNull(row.read_by_other_side_at ?? null),
  };
}
