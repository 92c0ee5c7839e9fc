/** @jsxImportSource hono/jsx */
import type { Language, SubjectFile } from '@ponte/contracts';
import { getSubjectFile } from '@ponte/core';
import { DataView } from '../data-view';
import { consentStatement, label, languageName, type T } from '../i18n';
import { agenciesOf, recordId, render, verbContext, type ConsoleContext, type ConsoleRouter } from '../kit';
import { DataTable, dateTime, RuleWords } from '../ui';
import { ConsentFacts } from './consents';
import { PurgeTable } from './erasure';

type Sections = SubjectFile['sections'];
type Consent = Sections['consents'][number];
type Names = (slug: string | null | undefined, lang?: Language) => string;

/** The console's languages a consent's recorded language tag is one of (`pt-MZ` is Portuguese), if any. */
const consoleLanguageOf = (tag: string): Language | undefined => {
  const primary = tag.toLowerCase().split('-')[0];
  return primary === 'en' || primary === 'pt' ? primary : undefined;
};

/**
 * The person's file as a printable page, in the console's language (its switch as on every page),
 * produced by the one verb the API's `GET /v1/subjects/{id}/file` calls: the same sections, the
 * same refusals, the same access event.
 */
export function registerSubjectFilePage(router: ConsoleRouter) {
  router.get('/subjects/:id/file', async (c) => {
    const t = c.get('t');
    const lang = c.get('lang');
    const file = await getSubjectFile({ ctx: verbContext(c), input: { id: recordId(c), language: lang } });
    const names = await namer(c);
    const { sections } = file;
    return render(
      c,
      `${t('personFile')} · ${file.subjectReference}`,
      <div class="person-file">
        <div class="actions no-print">
          <button type="button" data-print>
            {t('print')}
          </button>
          <a class="button secondary" href={`/console/subjects/${file.subjectId}`}>
            {t('subject')} {file.subjectReference}
          </a>
        </div>
        <p>{t('personFileIntro')}</p>
        <dl class="facts">
          <dt>{t('reference')}</dt>
          <dd>{file.subjectReference}</dd>
          <dt>{t('agency')}</dt>
          <dd>{names(file.agency)}</dd>
          <dt>{t('fileProduced')}</dt>
          <dd>{dateTime(file.producedAt, lang)}</dd>
        </dl>
        <DataSection data={sections.data} t={t} lang={lang} names={names} />
        <ConsentsSection consents={sections.consents} agency={file.agency} t={t} lang={lang} names={names} />
        <ReferralsSection referrals={sections.referrals} t={t} lang={lang} names={names} />
        <TransfersSection transfers={sections.transfers} t={t} lang={lang} names={names} />
        <DocumentsSection documents={sections.documents} t={t} lang={lang} />
        <AccessesSection accesses={sections.accesses} t={t} lang={lang} />
        <ErasureSection erasure={sections.erasure} t={t} lang={lang} names={names} />
      </div>,
    );
  });
}

/** Agency names by slug, in a language (the page's unless told). */
async function namer(c: ConsoleContext): Promise<Names> {
  const agencies = await agenciesOf(c);
  const lang = c.get('lang');
  return (slug, language = lang) => (slug ? (agencies.find((a) => a.slug === slug)?.name[language] ?? slug) : '—');
}

/** Once erased: when and why, and which agencies attested their purge and when. */
function ErasureSection({ erasure, t, lang, names }: { erasure: Sections['erasure']; t: T; lang: Language; names: Names }) {
  if (!erasure) return null;
  return (
    <section aria-labelledby="file-erasure" id="erasure">
      <h2 id="file-erasure">{t('fileErasure')}</h2>
      <dl class="facts">
        <dt>{t('erasedAt')}</dt>
        <dd>{dateTime(erasure.erasedAt, lang)}</dd>
        <dt>{t('erasureReason')}</dt>
        <dd>{label(lang, 'erasureReason', erasure.reason)}</dd>
        <dt>{t('erasureMode')}</dt>
        <dd>{label(lang, 'erasureMode', erasure.mode)}</dd>
      </dl>
      {erasure.purgeRequests.length === 0 ? <None t={t} /> : <PurgeTable id="file-purge-table" requests={erasure.purgeRequests} t={t} lang={lang} agencyName={(slug) => names(slug)} />}
    </section>
  );
}

const None = ({ t }: { t: T }) => <p class="muted">{t('fileNone')}</p>;

function DataSection({ data, t, lang, names }: { data: Sections['data']; t: T; lang: Language; names: Names }) {
  return (
    <section aria-labelledby="file-data" id="data">
      <h2 id="file-data">{t('fileData')}</h2>
      {data.categories.map((entry) => (
        <section class="card" aria-labelledby={`file-cat-${entry.category}`}>
          <h3 id={`file-cat-${entry.category}`}>{label(lang, 'category', entry.category)}</h3>
          {!entry.held ? (
            <p class="muted">{t('fileNotHeld')}</p>
          ) : entry.readable ? (
            <DataView value={entry.value} lang={lang} />
          ) : (
            <p>
              {t('fileHeldWithheld')} <RuleWords rule={entry.withheldBy ?? 'need_to_know'} lang={lang} />
            </p>
          )}
          {entry.changes.length > 0 ? (
            <p class="muted">
              {t('fileChanges')}:{' '}
              {entry.changes.map((change, i) => (
                <>
                  {i > 0 ? '; ' : ''}
                  {label(lang, 'accessAction', change.action)} · {names(change.agency)} · {dateTime(change.at, lang)}
                </>
              ))}
            </p>
          ) : null}
        </section>
      ))}
    </section>
  );
}

function ConsentsSection({ consents, agency, t, lang, names }: { consents: Sections['consents']; agency: string; t: T; lang: Language; names: Names }) {
  return (
    <section aria-labelledby="file-consents" id="consents">
      <h2 id="file-consents">{t('consents')}</h2>
      {consents.length === 0 ? <None t={t} /> : consents.map((consent) => <ConsentEntry consent={consent} agency={agency} t={t} lang={lang} names={names} />)}
    </section>
  );
}

function ConsentEntry({ consent, agency, t, lang, names }: { consent: Consent; agency: string; t: T; lang: Language; names: Names }) {
  const recorded = consoleLanguageOf(consent.language);
  const statement = (language: Language) => consentStatement(language, consent, { controller: names(agency, language), recipients: consent.recipients.map((r) => names(r, language)) });
  return (
    <section class="card consent-entry" aria-label={`${t('consents')} ${label(lang, 'consentStatus', consent.status)}`} data-consent={consent.id}>
      <ConsentFacts consent={consent} t={t} lang={lang} agencyName={(slug) => names(slug)} />
      <h3>{t('fileConsentText')}</h3>
      <blockquote lang={lang}>{statement(lang)}</blockquote>
      {recorded && recorded !== lang ? (
        <>
          <p class="muted">{t('fileConsentTextRecorded')} ({languageName(lang, consent.language)}):</p>
          <blockquote lang={recorded} class="consent-recorded-language">
            {statement(recorded)}
          </blockquote>
        </>
      ) : null}
      {recorded ? null : (
        <p class="muted">
          {t('fileNoConsentText')} {languageName(lang, consent.language)}
        </p>
      )}
      <p>
        {t('fileReceipts')}: <code>{consent.receiptReference}</code>
        {consent.withdrawalReceiptReference ? (
          <>
            {' · '}
            <code>{consent.withdrawalReceiptReference}</code>
          </>
        ) : null}
      </p>
      {consent.withdrawal ? (
        <p>
          {t('withdrawn')}: {dateTime(consent.withdrawal.withdrawnAt, lang)} · {label(lang, 'requestedBy', consent.withdrawal.requestedBy)} · {label(lang, 'method', consent.withdrawal.method)} — {consent.withdrawal.reason}
        </p>
      ) : null}
      {consent.versions.length > 1 ? (
        <p class="muted">
          {t('fileVersions')}:{' '}
          {consent.versions.map((v, i) => (
            <>
              {i > 0 ? '; ' : ''}v{v.version} · {dateTime(v.recordedAt, lang)}
            </>
          ))}
        </p>
      ) : null}
    </section>
  );
}

function ReferralsSection({ referrals, t, lang, names }: { referrals: Sections['referrals']; t: T; lang: Language; names: Names }) {
  return (
    <section aria-labelledby="file-referrals" id="referrals">
      <h2 id="file-referrals">{t('fileReferrals')}</h2>
      {referrals.sent.length === 0 ? <None t={t} /> : null}
      {referrals.sent.map((r) => (
        <section class="card" aria-label={`${t('to')} ${names(r.to)}`} data-referral={r.id}>
          <dl class="facts">
            <dt>{t('to')}</dt>
            <dd>{names(r.to)}</dd>
            <dt>{t('service')}</dt>
            <dd>{label(lang, 'service', r.service)}</dd>
            <dt>{t('purpose')}</dt>
            <dd>{label(lang, 'purpose', r.purpose)}</dd>
            <dt>{t('status')}</dt>
            <dd>{label(lang, 'referralStatus', r.status)}</dd>
            <dt>{t('fileSharedCategories')}</dt>
            <dd>{r.sharedCategories.map((c) => label(lang, 'category', c)).join(', ')}</dd>
          </dl>
          <ol class="timeline">
            {r.history.map((step) => (
              <li>
                <strong>{label(lang, 'referralStep', step.step)}</strong>
                {step.categories ? ` ${step.categories.map((c) => label(lang, 'category', c)).join(', ')}` : null} · {names(step.actorAgency)} · {dateTime(step.at, lang)}
              </li>
            ))}
          </ol>
        </section>
      ))}
      {referrals.onward.length > 0 ? (
        <>
          <h3>{t('fileOnward')}</h3>
          <ul>
            {referrals.onward.map((o) => (
              <li>
                {names(o.from)} → {o.to ? names(o.to) : t('fileOnwardUnnamed')} · {label(lang, 'referralStatus', o.status)} · {dateTime(o.sentAt, lang)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function TransfersSection({ transfers, t, lang, names }: { transfers: Sections['transfers']; t: T; lang: Language; names: Names }) {
  return (
    <section aria-labelledby="file-transfers" id="transfers">
      <h2 id="file-transfers">{t('transfers')}</h2>
      {transfers.length === 0 ? (
        <None t={t} />
      ) : (
        <DataTable id="file-transfer-table" caption={t('transfers')} columns={[t('to'), t('status'), t('purpose'), t('categories'), t('when')]}>
          {transfers.map((x) => (
            <tr>
              <td>{names(x.to)}</td>
              <td>{label(lang, 'transferStatus', x.status)}</td>
              <td>{label(lang, 'purpose', x.purpose)}</td>
              <td>{x.categories.map((c) => label(lang, 'category', c)).join(', ')}</td>
              <td>{dateTime(x.requestedAt, lang)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}

function DocumentsSection({ documents, t, lang }: { documents: Sections['documents']; t: T; lang: Language }) {
  return (
    <section aria-labelledby="file-documents" id="documents">
      <h2 id="file-documents">{t('documents')}</h2>
      <p class="muted">{t('fileDocumentsNote')}</p>
      {documents.length === 0 ? (
        <None t={t} />
      ) : (
        <DataTable id="file-document-table" caption={t('documents')} columns={[t('documentTitle'), t('categories'), t('fileDocumentSize'), t('fileDocumentHash'), t('recordedAt')]}>
          {documents.map((d) => (
            <tr>
              <td>{d.title}</td>
              <td>{label(lang, 'category', d.category)}</td>
              <td>{d.size}</td>
              <td>
                <code class="hash">{d.sha256}</code>
              </td>
              <td>{dateTime(d.createdAt, lang)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}

function AccessesSection({ accesses, t, lang }: { accesses: Sections['accesses']; t: T; lang: Language }) {
  return (
    <section aria-labelledby="file-accesses" id="accesses">
      <h2 id="file-accesses">{t('fileAccesses')}</h2>
      {accesses.length === 0 ? (
        <None t={t} />
      ) : (
        <DataTable id="file-access-table" caption={t('fileAccesses')} columns={[t('when'), t('agency'), t('who'), t('action'), t('categories'), t('rule'), t('decision')]}>
          {accesses.map((a) => (
            <tr>
              <td>{dateTime(a.at, lang)}</td>
              <td>{a.agency.name}</td>
              <td>
                {a.actor.kind === 'client' ? t('fileClient') : t('fileUser')} <code>{a.actor.id.slice(0, 8)}</code>
              </td>
              <td>
                {label(lang, 'resource', a.resource)}: {label(lang, 'accessAction', a.action)}
              </td>
              <td>{a.categories.map((c) => label(lang, 'category', c)).join(', ')}</td>
              <td>
                <RuleWords rule={a.rule} lang={lang} />
              </td>
              <td>{a.decision === 'allow' ? t('fileAllowed') : <strong>{t('fileRefused')}</strong>}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
