import { randomUUID } from 'node:crypto';
import type { ScopedTx } from '@ponte/db';

export interface ReferralRowShape {
  agencyId: string;
  recipientAgencyId: string;
  status: string;
  /** Who registered the subject (and sent the referral). */
  createdBy: string;
  assignedUserId?: string | null;
  team?: string | null;
  recipientAssigneeId?: string | null;
  recipientTeam?: string | null;
  at: Date;
}

/**
 * A subject of the sending agency and a referral about it, written as they are stored (no verb, no
 * check), for tests that hold a SQL filter to `can()` on generated records. A subject each: an
 * agency has one open referral per subject, service and recipient.
 */
export async function insertReferredSubject(tx: ScopedTx, shape: ReferralRowShape): Promise<{ subjectId: string; referralId: string }> {
  const subjectId = randomUUID();
  const referralId = randomUUID();
  const { agencyId, createdBy, at } = shape;
  await tx
    .insertInto('subjects')
    .values({ agency_id: agencyId, id: subjectId, reference: `R-${subjectId.slice(0, 8).toUpperCase()}`, identity: '{}', assigned_user_id: shape.assignedUserId ?? null, team: shape.team ?? null, created_by: createdBy, created_at: at, updated_at: at })
    .execute();
  await tx
    .insertInto('referrals')
    .values({
      agency_id: agencyId,
      id: referralId,
      recipient_agency_id: shape.recipientAgencyId,
      subject_id: subjectId,
      consent_id: randomUUID(),
      legal_basis: 'consent',
      service: 'legal_aid',
      purpose: 'protection_assistance',
      urgency: 'routine',
      shared_categories: ['identity'],
      triage: '{}',
      status: shape.status,
      recipient_assignee_id: shape.recipientAssigneeId ?? null,
      recipient_team: shape.recipientTeam ?? null,
      created_by: createdBy,
      created_at: at,
      updated_at: at,
    } as never)
    .execute();
  return { subjectId, referralId };
}
