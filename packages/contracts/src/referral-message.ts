import { z } from 'zod';
import { Page, Slug, Timestamp, Uuid } from './common';
import { pagingParams } from './paging';

/** The longest message a referral's conversation takes (the database holds the same limit). */
export const MESSAGE_MAX_LENGTH = 4000;

export const PostReferralMessage = z
  .strictObject({
    body: z
      .string()
      .trim()
      .min(1)
      .max(MESSAGE_MAX_LENGTH)
      .meta({
        description:
          'The message, for the people of the other agency working on the referral. Write no personal data beyond the categories this referral shares: a message that names the subject, or gives their date of birth, when the receiving agency was not shared `identity` is kept but flagged for your privacy officers to review.',
      }),
  })
  .meta({ id: 'PostReferralMessage' });
export type PostReferralMessage = z.infer<typeof PostReferralMessage>;

export const ReferralMessage = z
  .object({
    id: Uuid,
    referralId: Uuid,
    authorAgency: Slug,
    authorId: Uuid.meta({ description: 'The user (or API client) who wrote it' }),
    body: z.string(),
    createdAt: Timestamp,
    readByOtherSideAt: Timestamp.nullable().meta({ description: 'When someone of the agency that did not write it first read it (its read receipt); null while nobody has' }),
  })
  .meta({ id: 'ReferralMessage' });
export type ReferralMessage = z.infer<typeof ReferralMessage>;

export const ReferralMessagePage = Page(ReferralMessage).meta({ id: 'ReferralMessagePage' });
export type ReferralMessagePage = z.infer<typeof ReferralMessagePage>;

export const ReferralMessageListQuery = z.strictObject(pagingParams({ defaultLimit: 50, maxLimit: 200, cursorMaxLength: 200 }));
export type ReferralMessageListQuery = z.infer<typeof ReferralMessageListQuery>;
