import {
  CONSENT_REFUSALS,
  FIXED_RULES,
  isRuleCode,
  POLICY_ACTIONS,
  RECORD_TYPES,
  REFERRAL_CHECKS,
  REFERRAL_STEPS,
  REFERRAL_VIEWS,
  TALLIED,
  TOKEN_REJECTIONS,
  type ConsentRefusal,
  type FixedRule,
  type Language,
  type PolicyAction,
  type RecordType,
  type ReferralCheck,
  type ReferralStep,
  type ReferralView,
  type RuleCode,
  type TokenRejection,
} from '@ponte/contracts';

/**
 * Every `RuleCode` (the closed set in contracts that the policy, the verbs, the API and the access
 * log name rules by) in words, in both languages. The code stays the record's; this is what a
 * person reads beside it. Each table is typed by the closed set it covers, so a missing or
 * misspelled entry is a compile error; families (`referral.accept_not_allowed`, `User.create`) are
 * put together from the words for their parts.
 */
type Words = Record<Language, string>;

const FIXED: Record<FixedRule, Words> = {
  tenant_isolation: { en: 'another agency’s record', pt: 'registo de outra agência' },
  need_to_know: { en: 'not working on this case (need-to-know)', pt: 'não trabalha neste caso (necessidade de saber)' },
  'need_to_know.assigned': { en: 'assigned to the case', pt: 'atribuído/a ao caso' },
  'need_to_know.team': { en: 'supervises the case’s team', pt: 'supervisiona a equipa do caso' },
  'need_to_know.registered_by_client': { en: 'registered by the agency’s own system', pt: 'registado pelo sistema da própria agência' },
  break_glass: { en: 'emergency access, flagged for review', pt: 'acesso de emergência, assinalado para revisão' },
  'break_glass.granted': { en: 'emergency access granted, flagged for review', pt: 'acesso de emergência concedido, assinalado para revisão' },
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
  'retention.schedule': { en: 'the agency’s retention schedule, set by its privacy officer', pt: 'o prazo de conservação da agência, fixado pelo/a responsável pela privacidade' },
  'retention.report': { en: 'the agency’s retention forecast and runs, no personal data', pt: 'a previsão e as execuções de conservação da agência, sem dados pessoais' },
  'retention.due': { en: 'the retention period of a closed case ended (the agency’s schedule)', pt: 'terminou o prazo de conservação de um caso encerrado (prazos da agência)' },
  'retention.below_legal_minimum': { en: 'a retention period below the agency’s legal minimum', pt: 'um prazo de conservação abaixo do mínimo legal da agência' },
  'webhook.register': { en: 'webhook registered', pt: 'webhook registado' },
  'webhook.replay': { en: 'deliveries sent again', pt: 'entregas enviadas de novo' },
  'webhook.update': { en: 'webhook changed', pt: 'webhook alterado' },
  'webhook.pause': { en: 'webhook paused', pt: 'webhook em pausa' },
  'webhook.resume': { en: 'webhook resumed', pt: 'webhook retomado' },
  'webhook.delete': { en: 'webhook deleted', pt: 'webhook eliminado' },
  'webhook.ping': { en: 'test delivery requested', pt: 'entrega de teste pedida' },
  'webhook.rotate_secret': { en: 'webhook signing secret renewed', pt: 'segredo de assinatura do webhook renovado' },
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
  'referral.conversation': { en: 'on the referral’s conversation', pt: 'participa na conversa do encaminhamento' },
  'referral.conversation_closed': { en: 'the referral’s conversation is closed (not sent, or closed)', pt: 'a conversa do encaminhamento está fechada (não enviado, ou encerrado)' },
  'referral.converse_not_allowed': { en: 'not one of the people on the referral’s conversation', pt: 'não faz parte da conversa do encaminhamento' },
  'referral.message_personal_data': { en: 'a message named the subject to an agency not shared their identity, flagged for review', pt: 'uma mensagem identificou o titular a uma agência sem partilha da identidade, assinalada para revisão' },
  'referral.onward': { en: 'may refer the person on from a referral received', pt: 'pode encaminhar a pessoa a partir de um encaminhamento recebido' },
  'referral.onward_sent': { en: 'referred the person on to a third agency', pt: 'encaminhou a pessoa para uma terceira agência' },
  'referral.onward_not_allowed': { en: 'not one of the receiving agency’s people who may refer on', pt: 'não é uma das pessoas da agência recetora que pode reencaminhar' },
  'referral.onward_parent_not_accepted': { en: 'only an accepted referral, or one in progress, may be referred on', pt: 'só um encaminhamento aceite, ou em curso, pode ser reencaminhado' },
  'referral.onward_consent_not_covering': { en: 'the consent does not cover this recipient, purpose or categories', pt: 'o consentimento não cobre este destinatário, finalidade ou categorias' },
  'referral.onward_categories_beyond_parent': { en: 'categories beyond those the parent referral shared', pt: 'categorias além das partilhadas pelo encaminhamento de origem' },
  'document.title_personal_data': { en: 'a document’s title may not name the person or give their date of birth', pt: 'o título de um documento não pode nomear a pessoa nem dar a sua data de nascimento' },
  'referral.onward_to_owner': { en: 'the person cannot be referred on back to the agency that owns the record, or to oneself', pt: 'a pessoa não pode ser reencaminhada para a agência titular do registo, nem para si própria' },
  'receipt.unknown_consent': { en: 'the hub holds no such consent', pt: 'o hub não tem este consentimento' },
  'subject.transferred': { en: 'the case was transferred to another agency: this record is read-only', pt: 'o caso foi transferido para outra agência: este registo é só de leitura' },
  'subject.transfer_requested': { en: 'asked another agency to take the case over', pt: 'pediu a outra agência que assuma o caso' },
  'subject.transfer_accepted': { en: 'the receiving agency took the case over', pt: 'a agência destinatária assumiu o caso' },
  'subject.transfer_declined': { en: 'the receiving agency declined to take the case over', pt: 'a agência destinatária recusou assumir o caso' },
  'subject.transfer_cancelled': { en: 'the sending agency cancelled the transfer', pt: 'a agência de origem cancelou a transferência' },
  'subject.transfer_received': { en: 'the agency’s own record of a case transferred to it', pt: 'o registo próprio da agência de um caso que lhe foi transferido' },
  'transfer.check_failed': { en: 'the consent or the agreement does not cover this transfer', pt: 'o consentimento ou o acordo não cobre esta transferência' },
  'transfer.open_referral_to_recipient': { en: 'the subject has an open referral to that agency: close it first', pt: 'o titular tem um encaminhamento aberto para essa agência: encerre-o primeiro' },
  'subject.erase': { en: "the subject's personal data was erased", pt: 'os dados pessoais do titular foram apagados' },
  'subject.erased': { en: "the subject was erased: only its tombstone remains, and nothing more may be recorded on it", pt: 'o titular foi apagado: só resta o seu registo de apagamento e nada mais pode ser registado nele' },
  'subject.legal_hold': { en: 'the subject is under a legal hold: it may not be erased until the hold is released', pt: 'o titular está sob retenção legal: não pode ser apagado até a retenção ser levantada' },
  'privacy_officer.rights_request': { en: "the agency's privacy officer handles the person's rights requests", pt: 'o encarregado de proteção de dados da agência trata os pedidos de direitos da pessoa' },
  'legal_hold.place': { en: 'legal hold placed', pt: 'retenção legal colocada' },
  'legal_hold.release': { en: 'legal hold released', pt: 'retenção legal levantada' },
  'legal_hold.already_active': { en: 'the subject is already under a legal hold', pt: 'o titular já está sob retenção legal' },
  'legal_hold.not_active': { en: 'this legal hold is not active', pt: 'esta retenção legal não está ativa' },
  'purge.requested': { en: 'the recipient was asked to purge the erased subject\'s data', pt: 'o destinatário foi instado a eliminar os dados do titular apagado' },
  'purge.attest': { en: 'the receiving agency attests the purge', pt: 'a agência destinatária atesta a eliminação' },
  'purge.attested': { en: 'the purge was attested', pt: 'a eliminação foi atestada' },
  'purge.already_attested': { en: 'the purge was already attested', pt: 'a eliminação já foi atestada' },
  'purge.not_requested': { en: 'no purge was requested on this referral', pt: 'não foi pedida a eliminação neste encaminhamento' },
  'purge.unattested': { en: 'a purge was not attested by its deadline', pt: 'uma eliminação não foi atestada dentro do prazo' },
  'transfer.already_pending': { en: 'a transfer of this subject is already pending', pt: 'já existe uma transferência pendente deste titular' },
  'transfer.transition_not_allowed': { en: 'this step is not possible in the transfer’s current state', pt: 'este passo não é possível no estado atual da transferência' },
  'consent.withdrawal_by_recipient': { en: 'recorded the person’s withdrawal from the printed receipt, for the owning agency', pt: 'registou a retirada da pessoa a partir do recibo impresso, pela agência titular' },
  'consent.withdrawal_not_held': { en: 'the agency holds no open referral under this consent', pt: 'a agência não tem nenhum encaminhamento aberto ao abrigo deste consentimento' },
  'role.cannot_record_withdrawal': { en: 'only the people who work the referral may record a withdrawal', pt: 'só as pessoas que trabalham o encaminhamento podem registar uma retirada' },
};

/** Why no consent covers a category (`consent.withdrawn`). */
const CONSENT_REFUSAL: Record<ConsentRefusal, Words> = {
  absent: { en: 'no consent covers it', pt: 'nenhum consentimento a cobre' },
  withdrawn: { en: 'the consent was withdrawn', pt: 'o consentimento foi retirado' },
  expired: { en: 'the consent has expired', pt: 'o consentimento expirou' },
  superseded: { en: 'a newer version of the consent replaced it', pt: 'uma versão mais recente do consentimento substituiu-o' },
  not_yet_valid: { en: 'the consent is not valid yet', pt: 'o consentimento ainda não é válido' },
};

/** A referral's steps: what one may not do (`referral.accept_not_allowed`) and what was done (`referral.accept`). */
const STEPS: Record<ReferralStep, { refused: Words; done: Words }> = {
  send: { refused: { en: 'you may not send this referral', pt: 'não pode enviar este encaminhamento' }, done: { en: 'referral sent', pt: 'encaminhamento enviado' } },
  accept: { refused: { en: 'you may not accept this referral', pt: 'não pode aceitar este encaminhamento' }, done: { en: 'referral accepted', pt: 'encaminhamento aceite' } },
  decline: { refused: { en: 'you may not decline this referral', pt: 'não pode recusar este encaminhamento' }, done: { en: 'referral declined', pt: 'encaminhamento recusado' } },
  assign: { refused: { en: 'you may not assign this referral', pt: 'não pode atribuir este encaminhamento' }, done: { en: 'referral assigned', pt: 'encaminhamento atribuído' } },
  start: { refused: { en: 'you may not start work on this referral', pt: 'não pode iniciar o trabalho neste encaminhamento' }, done: { en: 'work started', pt: 'trabalho iniciado' } },
  complete: { refused: { en: 'you may not complete this referral', pt: 'não pode concluir este encaminhamento' }, done: { en: 'referral completed', pt: 'encaminhamento concluído' } },
  withdraw: { refused: { en: 'you may not withdraw this referral', pt: 'não pode retirar este encaminhamento' }, done: { en: 'referral withdrawn', pt: 'encaminhamento retirado' } },
};

/** The views a referral is read in (`referral.view.triage`). */
const VIEWS: Record<ReferralView, Words> = {
  triage: { en: 'read for triage: no personal data', pt: 'lido para triagem: sem dados pessoais' },
  receiver: { en: 'read by the person assigned to it', pt: 'lido pela pessoa a quem está atribuído' },
  sender: { en: 'read by the sending agency', pt: 'lido pela agência remetente' },
  metadata: { en: 'read as metadata only', pt: 'lido apenas como metadados' },
};

/** The checks a referral must pass to be sent (`referral.agreement_in_force`). */
const CHECKS: Record<ReferralCheck, Words> = {
  recipient_offers_service: { en: 'the recipient does not offer this service', pt: 'o destinatário não oferece este serviço' },
  agreement_in_force: { en: 'no data-sharing agreement in force covers this purpose', pt: 'nenhum acordo de partilha de dados em vigor cobre esta finalidade' },
  known_consent: { en: 'no such consent of this subject', pt: 'não existe este consentimento do titular' },
  consent_names_recipient: { en: 'the consent does not name this agency', pt: 'o consentimento não indica esta agência' },
  consent_covers_purpose: { en: 'the consent does not cover this purpose', pt: 'o consentimento não cobre esta finalidade' },
  shared_categories_empty: { en: 'no category is allowed by both the consent and the agreement', pt: 'nenhuma categoria é permitida pelo consentimento e pelo acordo' },
  consent_withdrawn: CONSENT_REFUSAL.withdrawn,
  consent_expired: CONSENT_REFUSAL.expired,
  consent_superseded: CONSENT_REFUSAL.superseded,
  consent_not_yet_valid: CONSENT_REFUSAL.not_yet_valid,
};

/** Why a consent receipt did not verify (`receipt.signature`). */
const RECEIPT: Record<TokenRejection, Words> = {
  malformed: { en: 'the receipt is malformed', pt: 'o recibo está mal formado' },
  algorithm: { en: 'the receipt uses an algorithm the hub does not accept', pt: 'o recibo usa um algoritmo que o hub não aceita' },
  type: { en: 'this is not a consent receipt', pt: 'isto não é um recibo de consentimento' },
  signature: { en: 'the receipt’s signature does not verify', pt: 'a assinatura do recibo não é válida' },
  expired: { en: 'the receipt has expired', pt: 'o recibo expirou' },
  not_yet_valid: { en: 'the receipt is not valid yet', pt: 'o recibo ainda não é válido' },
  issuer: { en: 'the receipt was issued by someone else', pt: 'o recibo foi emitido por outra entidade' },
  audience: { en: 'the receipt is meant for another service', pt: 'o recibo destina-se a outro serviço' },
  claims: { en: 'the receipt lacks what it must state', pt: 'falta ao recibo o que deve declarar' },
};

/** The record types the policy decides on, for `User.create` and the like. */
const TYPES: Record<RecordType, Words> = {
  Event: { en: 'events', pt: 'eventos' },
  Webhook: { en: 'webhooks', pt: 'webhooks' },
  Figures: { en: 'figures', pt: 'números' },
  Subject: { en: 'subjects', pt: 'titulares' },
  Referral: { en: 'referrals', pt: 'encaminhamentos' },
  ReferredSubject: { en: 'referred people’s data', pt: 'dados de pessoas encaminhadas' },
  Document: { en: 'subjects’ documents', pt: 'documentos de titulares' },
  ReferredDocument: { en: 'referred people’s documents', pt: 'documentos de pessoas encaminhadas' },
  Consent: { en: 'consents', pt: 'consentimentos' },
  AccessEvent: { en: 'the access log', pt: 'o registo de acessos' },
  Agency: { en: 'agencies', pt: 'agências' },
  AgencyServices: { en: 'agencies’ services', pt: 'serviços das agências' },
  Agreement: { en: 'data-sharing agreements', pt: 'acordos de partilha de dados' },
  User: { en: 'users', pt: 'utilizadores' },
  ApiClient: { en: 'API clients', pt: 'clientes da API' },
  LogWitness: { en: 'the agency’s witnesses of the access log', pt: 'as testemunhas do registo de acessos da agência' },
  Account: { en: 'a person’s account', pt: 'a conta de uma pessoa' },
  Transfer: { en: 'transfers of responsibility', pt: 'transferências de responsabilidade' },
  Retention: { en: 'retention schedules and runs', pt: 'prazos de conservação e execuções' },
};
const ACTIONS: Record<PolicyAction | 'list', Words> = {
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
  cosign: { en: 'cosign the log’s checkpoints as one of', pt: 'cossinar os pontos de controlo do registo como uma de' },
  activate: { en: 'activate', pt: 'ativar' },
  change_password: { en: 'change the password of', pt: 'alterar a palavra-passe de' },
  reset: { en: 'reset', pt: 'repor' },
  enrol_second_factor: { en: 'enrol a second factor for', pt: 'registar um segundo fator para' },
  lock: { en: 'lock', pt: 'bloquear' },
  rotate_secret: { en: 'rotate the secret of', pt: 'renovar o segredo de' },
  delete: { en: 'delete', pt: 'eliminar' },
  converse: { en: 'converse on', pt: 'conversar sobre' },
  download: { en: 'download', pt: 'descarregar' },
  transfer: { en: 'transfer to another agency', pt: 'transferir para outra agência' },
  cancel: { en: 'cancel', pt: 'cancelar' },
  refer_onward: { en: 'refer on from', pt: 'reencaminhar a partir de' },
  record_withdrawal: { en: 'record the person’s withdrawal of consent on', pt: 'registar a retirada do consentimento da pessoa em' },
  erase: { en: 'erase', pt: 'apagar' },
  hold: { en: 'place or release a legal hold on', pt: 'colocar ou levantar uma retenção legal sobre' },
  attest_purge: { en: 'attest the purge of', pt: 'atestar a eliminação de' },
};

/** What a list or a count read (`list.subjects`). */
const TALLY: Record<'list' | 'count', Record<(typeof TALLIED)[number], Words>> = {
  list: { subjects: { en: 'subjects listed', pt: 'titulares listados' }, referrals: { en: 'referrals listed', pt: 'encaminhamentos listados' } },
  count: { subjects: { en: 'subjects counted', pt: 'titulares contados' }, referrals: { en: 'referrals counted', pt: 'encaminhamentos contados' } },
};

/** The plural rules of each language: European Portuguese (0 is plural), as written in Mozambique. */
export const PLURALS: Record<Language, Intl.PluralRules> = { en: new Intl.PluralRules('en'), pt: new Intl.PluralRules('pt-PT') };
export const pluralForm = (lang: Language, n: number): 'one' | 'other' => (PLURALS[lang].select(n) === 'one' ? 'one' : 'other');

const refusedTo = (type: RecordType, action: PolicyAction | 'list'): Words => ({
  en: `your role may not ${ACTIONS[action].en} ${TYPES[type].en}`,
  pt: `a sua função não permite ${ACTIONS[action].pt} ${TYPES[type].pt}`,
});

/** The words of every rule the hub names, put together from the tables above. */
export const RULE_WORDS = Object.fromEntries([
  ...FIXED_RULES.map((rule) => [rule, FIXED[rule]] as const),
  ...REFERRAL_STEPS.flatMap((step) => [[`referral.${step}`, STEPS[step].done] as const, [`referral.${step}_not_allowed`, STEPS[step].refused] as const]),
  ...REFERRAL_VIEWS.map((view) => [`referral.view.${view}`, VIEWS[view]] as const),
  ...REFERRAL_CHECKS.map((check) => [`referral.${check}`, CHECKS[check]] as const),
  ...TOKEN_REJECTIONS.map((reason) => [`receipt.${reason}`, RECEIPT[reason]] as const),
  ...CONSENT_REFUSALS.map((state) => [`consent.${state}`, CONSENT_REFUSAL[state]] as const),
  ...(['list', 'count'] as const).flatMap((read) => TALLIED.map((what) => [`${read}.${what}`, TALLY[read][what]] as const)),
  ...RECORD_TYPES.flatMap((type) => [...POLICY_ACTIONS, 'list' as const].map((action) => [`${type}.${action}`, refusedTo(type, action)] as const)),
]) as Record<RuleCode, Words>;

/** The rule in words, or undefined when it is none the hub names (an older record's, say). */
export function describeRule(lang: Language, rule: string): string | undefined {
  return isRuleCode(rule) ? RULE_WORDS[rule][lang] : undefined;
}

/** The rule in words; a rule the hub does not name (an older record's, say) shows as its code. */
export const ruleText = (lang: Language, rule: string): string => describeRule(lang, rule) ?? rule;
