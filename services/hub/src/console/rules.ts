import { CONSENT_STATUSES, type Language } from '@ponte/contracts';
import type { TokenRejection } from '@ponte/auth';
import type { Action, SubjectType } from '@ponte/policy';

/**
 * The rules the policy and the verbs name (in problem details, in the access log, on withheld
 * categories) in words, in both languages. The code stays the record's; this is what a person
 * reads beside it. Families of rules (`referral.accept_not_allowed`, `User.create`,
 * `list.3_subjects`) are put together from the words for their parts, so a new step, record type
 * or token rejection is one entry in a table the compiler checks for completeness.
 */
type Words = Record<Language, string>;

const FIXED: Record<string, Words> = {
  tenant_isolation: { en: 'another agency’s record', pt: 'registo de outra agência' },
  need_to_know: { en: 'not working on this case (need-to-know)', pt: 'não trabalha neste caso (necessidade de saber)' },
  'need_to_know.assigned': { en: 'assigned to the case', pt: 'atribuído/a ao caso' },
  'need_to_know.team': { en: 'supervises the case’s team', pt: 'supervisiona a equipa do caso' },
  'need_to_know.registered_by_client': { en: 'registered by the agency’s own system', pt: 'registado pelo sistema da própria agência' },
  break_glass: { en: 'emergency access, flagged for review', pt: 'acesso de emergência, assinalado para revisão' },
  'break_glass.granted': { en: 'emergency access granted, flagged for review', pt: 'acesso de emergência concedido, assinalado para revisão' },
  'consent.absent': { en: 'no consent covers it', pt: 'nenhum consentimento a cobre' },
  'consent.withdrawn': { en: 'the consent was withdrawn', pt: 'o consentimento foi retirado' },
  'consent.expired': { en: 'the consent has expired', pt: 'o consentimento expirou' },
  'consent.superseded': { en: 'a newer version of the consent replaced it', pt: 'uma versão mais recente do consentimento substituiu-o' },
  'consent.not_yet_valid': { en: 'the consent is not valid yet', pt: 'o consentimento ainda não é válido' },
  'consent.already_withdrawn': { en: 'the consent was already withdrawn', pt: 'o consentimento já tinha sido retirado' },
  'consent.read': { en: 'consent records of a case one works on', pt: 'registos de consentimento de um caso que acompanha' },
  'consent.record': { en: 'consent recorded', pt: 'consentimento registado' },
  'consent.withdraw': { en: 'consent withdrawn', pt: 'consentimento retirado' },
  'consent.best_interests_needs_child_protection_officer': {
    en: 'only a child protection officer may record a best-interests determination',
    pt: 'só um/a técnico/a de proteção infantil pode registar uma determinação do interesse superior',
  },
  'subject.register': { en: 'subject registered', pt: 'titular registado' },
  'subject.update': { en: 'subject’s record changed', pt: 'registo do titular alterado' },
  'role.no_case_data': { en: 'this role does not see case data', pt: 'esta função não vê dados de casos' },
  'role.read_only': { en: 'this role may read but not change it', pt: 'esta função pode ler mas não alterar' },
  'role.not_privacy_officer': { en: 'only a privacy officer may do this', pt: 'só o/a responsável pela privacidade pode fazer isto' },
  'role.cannot_assign': { en: 'this role may not assign cases', pt: 'esta função não pode atribuir casos' },
  'role.cannot_withdraw': { en: 'this role may not withdraw a consent', pt: 'esta função não pode retirar um consentimento' },
  'role.cannot_register_subjects': { en: 'this role may not register subjects', pt: 'esta função não pode registar titulares' },
  'hub_operator.no_case_data': { en: 'the hub operator never sees case data', pt: 'o operador do hub nunca vê dados de casos' },
  'supervisor.assign': { en: 'a supervisor assigned the case', pt: 'um/a supervisor/a atribuiu o caso' },
  'identity.own_agency': { en: 'one’s own agency only', pt: 'apenas a própria agência' },
  'privacy_officer.review': { en: 'a privacy officer’s review', pt: 'revisão pelo/a responsável pela privacidade' },
  'privacy_officer.subject_report': { en: 'a subject access report', pt: 'um relatório de acessos do titular' },
  'events.feed': { en: 'the agency’s event feed', pt: 'o feed de eventos da agência' },
  'figures.aggregate': { en: 'aggregate figures, no personal data', pt: 'números agregados, sem dados pessoais' },
  'webhook.register': { en: 'webhook registered', pt: 'webhook registado' },
  'webhook.replay': { en: 'deliveries sent again', pt: 'entregas enviadas de novo' },
  'receipt.verified': { en: 'consent receipt verified', pt: 'recibo de consentimento verificado' },
  'referral.sent': { en: 'referral sent', pt: 'encaminhamento enviado' },
  'referral.drafted': { en: 'referral drafted', pt: 'rascunho de encaminhamento guardado' },
  'referral.shared': { en: 'shared by the referral', pt: 'partilhada pelo encaminhamento' },
  'referral.category_not_shared': { en: 'the sender did not share it', pt: 'o remetente não a partilhou' },
  'referral.not_assigned': { en: 'the referral is not assigned to you', pt: 'o encaminhamento não lhe está atribuído' },
  'referral.not_open': { en: 'the referral is closed', pt: 'o encaminhamento está fechado' },
  'referral.consent_inactive': { en: 'the consent no longer holds', pt: 'o consentimento já não está em vigor' },
  'referral.agreement_not_in_force': { en: 'no data-sharing agreement is in force', pt: 'nenhum acordo de partilha de dados está em vigor' },
  'referral.read_subject_in_own_agency': { en: 'one’s own agency’s subject is read as a subject, not as a referral', pt: 'um titular da própria agência lê-se como titular, não como encaminhamento' },
  'referral.duplicate_open': { en: 'an open referral for the same service already exists', pt: 'já existe um encaminhamento aberto para o mesmo serviço' },
  'referral.transition_not_allowed': { en: 'this step is not possible in the referral’s current state', pt: 'este passo não é possível no estado atual do encaminhamento' },
};

/** A referral's steps: what one may not do (`referral.accept_not_allowed`) and what was done (`referral.accept`). */
const STEPS: Record<'send' | 'accept' | 'decline' | 'assign' | 'start' | 'complete' | 'withdraw', { refused: Words; done: Words }> = {
  send: { refused: { en: 'you may not send this referral', pt: 'não pode enviar este encaminhamento' }, done: { en: 'referral sent', pt: 'encaminhamento enviado' } },
  accept: { refused: { en: 'you may not accept this referral', pt: 'não pode aceitar este encaminhamento' }, done: { en: 'referral accepted', pt: 'encaminhamento aceite' } },
  decline: { refused: { en: 'you may not decline this referral', pt: 'não pode recusar este encaminhamento' }, done: { en: 'referral declined', pt: 'encaminhamento recusado' } },
  assign: { refused: { en: 'you may not assign this referral', pt: 'não pode atribuir este encaminhamento' }, done: { en: 'referral assigned', pt: 'encaminhamento atribuído' } },
  start: { refused: { en: 'you may not start work on this referral', pt: 'não pode iniciar o trabalho neste encaminhamento' }, done: { en: 'work started', pt: 'trabalho iniciado' } },
  complete: { refused: { en: 'you may not complete this referral', pt: 'não pode concluir este encaminhamento' }, done: { en: 'referral completed', pt: 'encaminhamento concluído' } },
  withdraw: { refused: { en: 'you may not withdraw this referral', pt: 'não pode retirar este encaminhamento' }, done: { en: 'referral withdrawn', pt: 'encaminhamento retirado' } },
};

/** The views a referral is read in (`referral.view.triage`). */
const VIEWS: Record<'triage' | 'receiver' | 'sender' | 'metadata', Words> = {
  triage: { en: 'read for triage: no personal data', pt: 'lido para triagem: sem dados pessoais' },
  receiver: { en: 'read by the person assigned to it', pt: 'lido pela pessoa a quem está atribuído' },
  sender: { en: 'read by the sending agency', pt: 'lido pela agência remetente' },
  metadata: { en: 'read as metadata only', pt: 'lido apenas como metadados' },
};

/** The checks a referral must pass to be sent (`referral.agreement_in_force`). */
const CHECKS: Record<string, Words> = {
  recipient_offers_service: { en: 'the recipient does not offer this service', pt: 'o destinatário não oferece este serviço' },
  agreement_in_force: { en: 'no data-sharing agreement in force covers this purpose', pt: 'nenhum acordo de partilha de dados em vigor cobre esta finalidade' },
  known_consent: { en: 'no such consent of this subject', pt: 'não existe este consentimento do titular' },
  consent_names_recipient: { en: 'the consent does not name this agency', pt: 'o consentimento não indica esta agência' },
  consent_covers_purpose: { en: 'the consent does not cover this purpose', pt: 'o consentimento não cobre esta finalidade' },
  shared_categories_empty: { en: 'no category is allowed by both the consent and the agreement', pt: 'nenhuma categoria é permitida pelo consentimento e pelo acordo' },
};
const CONSENT_STATE: Record<(typeof CONSENT_STATUSES)[number], Words> = {
  active: { en: 'the consent is active', pt: 'o consentimento está ativo' },
  withdrawn: { en: 'the consent was withdrawn', pt: 'o consentimento foi retirado' },
  expired: { en: 'the consent has expired', pt: 'o consentimento expirou' },
  superseded: { en: 'a newer version of the consent replaced it', pt: 'uma versão mais recente do consentimento substituiu-o' },
  not_yet_valid: { en: 'the consent is not valid yet', pt: 'o consentimento ainda não é válido' },
};

/** Why a consent receipt did not verify (`receipt.signature`). */
const RECEIPT: Record<TokenRejection | 'unknown_consent', Words> = {
  malformed: { en: 'the receipt is malformed', pt: 'o recibo está mal formado' },
  algorithm: { en: 'the receipt uses an algorithm the hub does not accept', pt: 'o recibo usa um algoritmo que o hub não aceita' },
  type: { en: 'this is not a consent receipt', pt: 'isto não é um recibo de consentimento' },
  signature: { en: 'the receipt’s signature does not verify', pt: 'a assinatura do recibo não é válida' },
  expired: { en: 'the receipt has expired', pt: 'o recibo expirou' },
  not_yet_valid: { en: 'the receipt is not valid yet', pt: 'o recibo ainda não é válido' },
  issuer: { en: 'the receipt was issued by someone else', pt: 'o recibo foi emitido por outra entidade' },
  audience: { en: 'the receipt is meant for another service', pt: 'o recibo destina-se a outro serviço' },
  claims: { en: 'the receipt lacks what it must state', pt: 'falta ao recibo o que deve declarar' },
  unknown_consent: { en: 'the hub holds no such consent', pt: 'o hub não tem este consentimento' },
};

/** The record types the policy decides on, for `User.create` and the like. */
const TYPES: Record<SubjectType, Words> = {
  Event: { en: 'events', pt: 'eventos' },
  Webhook: { en: 'webhooks', pt: 'webhooks' },
  Figures: { en: 'figures', pt: 'números' },
  Subject: { en: 'subjects', pt: 'titulares' },
  Referral: { en: 'referrals', pt: 'encaminhamentos' },
  ReferredSubject: { en: 'referred people’s data', pt: 'dados de pessoas encaminhadas' },
  Consent: { en: 'consents', pt: 'consentimentos' },
  AccessEvent: { en: 'the access log', pt: 'o registo de acessos' },
  Agency: { en: 'agencies', pt: 'agências' },
  AgencyServices: { en: 'agencies’ services', pt: 'serviços das agências' },
  Agreement: { en: 'data-sharing agreements', pt: 'acordos de partilha de dados' },
  User: { en: 'users', pt: 'utilizadores' },
  ApiClient: { en: 'API clients', pt: 'clientes da API' },
};
const ACTIONS: Record<Action | 'list', Words> = {
  read: { en: 'read', pt: 'ler' },
  list: { en: 'list', pt: 'listar' },
  create: { en: 'create', pt: 'criar' },
  update: { en: 'change', pt: 'alterar' },
  disable: { en: 'disable', pt: 'desativar' },
  revoke: { en: 'revoke', pt: 'revogar' },
  terminate: { en: 'terminate', pt: 'terminar' },
  manage: { en: 'manage', pt: 'gerir' },
  assign: { en: 'assign', pt: 'atribuir' },
  withdraw: { en: 'withdraw', pt: 'retirar' },
  break_glass: { en: 'use emergency access on', pt: 'usar acesso de emergência em' },
  send: { en: 'send', pt: 'enviar' },
  accept: { en: 'accept', pt: 'aceitar' },
  decline: { en: 'decline', pt: 'recusar' },
  start: { en: 'start', pt: 'iniciar' },
  complete: { en: 'complete', pt: 'concluir' },
  know: { en: 'know of', pt: 'saber da existência de' },
};

/** What a list or a count read (`list.3_subjects`), with the number in the language's plural form. */
const COUNTED: Record<'list' | 'count', Record<'subjects' | 'referrals', Record<Language, Record<'one' | 'other', string>>>> = {
  list: {
    subjects: { en: { one: '{n} subject listed', other: '{n} subjects listed' }, pt: { one: '{n} titular listado', other: '{n} titulares listados' } },
    referrals: { en: { one: '{n} referral listed', other: '{n} referrals listed' }, pt: { one: '{n} encaminhamento listado', other: '{n} encaminhamentos listados' } },
  },
  count: {
    subjects: { en: { one: '{n} subject counted', other: '{n} subjects counted' }, pt: { one: '{n} titular contado', other: '{n} titulares contados' } },
    referrals: { en: { one: '{n} referral counted', other: '{n} referrals counted' }, pt: { one: '{n} encaminhamento contado', other: '{n} encaminhamentos contados' } },
  },
};

/** The plural rules of each language: European Portuguese (0 is plural), as written in Mozambique. */
export const PLURALS: Record<Language, Intl.PluralRules> = { en: new Intl.PluralRules('en'), pt: new Intl.PluralRules('pt-PT') };
export const pluralForm = (lang: Language, n: number): 'one' | 'other' => (PLURALS[lang].select(n) === 'one' ? 'one' : 'other');

/** The entry of a table, if the key names one. */
const entry = <V>(table: Record<string, V>, key: string | undefined): V | undefined => (key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined);

/** The rule in words, or undefined when it is none the hub names. */
export function describeRule(lang: Language, rule: string): string | undefined {
  const fixed = entry(FIXED, rule);
  if (fixed) return fixed[lang];
  const step = /^referral\.([a-z_]+?)(_not_allowed)?$/.exec(rule);
  const stepWords = entry(STEPS, step?.[1]);
  if (stepWords) return (step?.[2] ? stepWords.refused : stepWords.done)[lang];
  const view = entry(VIEWS, /^referral\.view\.([a-z]+)$/.exec(rule)?.[1]);
  if (view) return view[lang];
  const consent = entry(CONSENT_STATE, /^referral\.consent_([a-z_]+)$/.exec(rule)?.[1]);
  if (consent) return consent[lang];
  const check = entry(CHECKS, /^referral\.([a-z_]+)$/.exec(rule)?.[1]);
  if (check) return check[lang];
  const receipt = entry(RECEIPT, /^receipt\.([a-z_]+)$/.exec(rule)?.[1]);
  if (receipt) return receipt[lang];
  const tally = /^(list|count)\.(\d+)_(subjects|referrals)$/.exec(rule);
  if (tally) {
    const n = Number(tally[2]);
    return COUNTED[tally[1] as 'list' | 'count'][tally[3] as 'subjects' | 'referrals'][lang][pluralForm(lang, n)].replace('{n}', n.toLocaleString(lang === 'pt' ? 'pt-MZ' : 'en-GB'));
  }
  const permission = /^([A-Za-z]+)\.([a-z_]+)$/.exec(rule);
  const type = entry(TYPES, permission?.[1]);
  const action = entry(ACTIONS, permission?.[2]);
  if (type && action) return lang === 'en' ? `your role may not ${action.en} ${type.en}` : `a sua função não permite ${action.pt} ${type.pt}`;
  return undefined;
}

/** The rule in words; a rule the hub does not name (an older record's, say) shows as its code. */
export const ruleText = (lang: Language, rule: string): string => describeRule(lang, rule) ?? rule;
