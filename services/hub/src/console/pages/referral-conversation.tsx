/** @jsxImportSource hono/jsx */
import { PonteError, type Language, type Referral, type ReferralMessage } from '@ponte/contracts';
import { listReferralMessages } from '@ponte/core';
import { isConversationOpen } from '@ponte/policy';
import type { T } from '../i18n';
import { verbContext, type ConsoleContext } from '../kit';
import { dateTime, FormErrors, PostForm, TextField, type FormState } from '../ui';

/** The most messages the referral's page shows at once; the rest are a link away. */
const PAGE = 200;

/** The conversation the page may show, or nothing when the principal is not one of its people. */
export interface Conversation {
  messages: ReferralMessage[];
  nextCursor: string | null;
}

/**
 * The referral's conversation as the page shows it: the same verb as the API, so reading it here
 * records the read receipts and the access event as reading it there does. Someone who is not one
 * of the conversation's people sees no panel (the policy's refusal is logged by the verb).
 */
export async function loadConversation(c: ConsoleContext, referralId: string, cursor = c.req.query('messages')): Promise<Conversation | undefined> {
  try {
    const page = await listReferralMessages({ ctx: verbContext(c), input: { id: referralId, limit: PAGE, cursor: cursor && cursor.length <= 200 ? cursor : undefined } });
    return { messages: page.items, nextCursor: page.nextCursor };
  } catch (error) {
    // An address with a cursor that is not one shows the conversation from its start.
    if (cursor && error instanceof PonteError && error.code === 'invalid_request') return loadConversation(c, referralId, '');
    if (error instanceof PonteError && (error.code === 'forbidden' || error.code === 'not_found')) return undefined;
    throw error;
  }
}

/**
 * The messages, oldest first, each with its agency, its time and (for the reader's own side) when
 * the other agency first read it; then the form to write one while the referral is open, which
 * says what a message may not carry.
 */
export function ConversationPanel(props: { referral: Referral; conversation: Conversation; form: FormState; ownAgency: string; agencyName: (slug: string) => string; csrf: string; t: T; lang: Language }) {
  const { referral, conversation, form, ownAgency, agencyName, t, lang } = props;
  return (
    <section class="card stack" aria-labelledby="conversation" id="conversation-panel">
      <h2 id="conversation">{t('conversation')}</h2>
      {conversation.messages.length === 0 ? (
        <p class="muted">{t('noMessages')}</p>
      ) : (
        <ol class="conversation">
          {conversation.messages.map((m) => (
            <li class={m.authorAgency === ownAgency ? 'mine' : 'theirs'} data-message={m.id}>
              <p class="muted">
                {agencyName(m.authorAgency)} · {dateTime(m.createdAt, lang)}
                {m.authorAgency === ownAgency ? <> · {m.readByOtherSideAt ? `${t('readAt')} ${dateTime(m.readByOtherSideAt, lang)}` : t('notReadYet')}</> : null}
              </p>
              <p class="message-body">{m.body}</p>
            </li>
          ))}
        </ol>
      )}
      {conversation.nextCursor ? (
        <p>
          <a href={`/console/referrals/${referral.id}?messages=${encodeURIComponent(conversation.nextCursor)}#conversation-panel`}>{t('laterMessages')}</a>
        </p>
      ) : null}
      {isConversationOpen(referral.status) ? (
        <PostForm action={`/console/referrals/${referral.id}/messages`} csrf={props.csrf} class="stack" novalidate>
          <FormErrors form={form} t={t} labels={{ body: t('message') }} />
          <TextField form={form} name="body" label={t('message')} hint={t('messageHint')} multiline required />
          <button type="submit">{t('sendMessage')}</button>
        </PostForm>
      ) : (
        <p class="muted">{t('conversationClosed')}</p>
      )}
    </section>
  );
}
