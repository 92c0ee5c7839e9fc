import type { RuleCode } from './rules';

/** Stable problem codes: the closed set every error the API returns belongs to. */
export const PROBLEMS = {
  invalid_request: { status: 400, en: 'The request is not valid', pt: 'O pedido não é válido' },
  malformed_body: { status: 400, en: 'The request body could not be read', pt: 'Não foi possível ler o corpo do pedido' },
  unsupported_media_type: {
    status: 415,
    en: 'The request body has an unsupported media type',
    pt: 'O corpo do pedido tem um tipo de conteúdo não suportado',
  },
  payload_too_large: { status: 413, en: 'The request body is too large', pt: 'O corpo do pedido é demasiado grande' },
  unauthenticated: { status: 401, en: 'Authentication is required', pt: 'É necessária autenticação' },
  invalid_token: { status: 401, en: 'The access token is not valid', pt: 'O token de acesso não é válido' },
  invalid_client: { status: 401, en: 'Client authentication failed', pt: 'A autenticação do cliente falhou' },
  invalid_grant: { status: 400, en: 'The credentials are not valid', pt: 'As credenciais não são válidas' },
  unsupported_grant_type: {
    status: 400,
    en: 'The grant type is not supported',
    pt: 'O tipo de concessão não é suportado',
  },
  forbidden: { status: 403, en: 'You may not do this', pt: 'Não tem permissão para fazer isto' },
  not_found: { status: 404, en: 'Not found', pt: 'Não encontrado' },
  conflict: { status: 409, en: 'The request conflicts with the current state', pt: 'O pedido entra em conflito com o estado atual' },
  gone: { status: 410, en: 'The resource is gone', pt: 'O recurso deixou de existir' },
  idempotency_in_flight: {
    status: 409,
    en: 'A request with this Idempotency-Key is still in flight',
    pt: 'Um pedido com esta Idempotency-Key ainda está em curso',
  },
  idempotency_key_reused: {
    status: 422,
    en: 'This Idempotency-Key was sent with a different request',
    pt: 'Esta Idempotency-Key foi enviada com um pedido diferente',
  },
  check_failed: {
    status: 422,
    en: 'A check the request must pass failed',
    pt: 'Uma verificação exigida pelo pedido falhou',
  },
  precondition_failed: {
    status: 412,
    en: 'The resource changed since you read it',
    pt: 'O recurso foi alterado desde a sua leitura',
  },
  precondition_required: {
    status: 428,
    en: 'Send If-Match with the ETag you read: this change is made only to the version you saw',
    pt: 'Envie If-Match com o ETag que leu: esta alteração só é feita à versão que viu',
  },
  rate_limited: { status: 429, en: 'Too many requests', pt: 'Demasiados pedidos' },
  internal_error: { status: 500, en: 'Something went wrong on our side', pt: 'Ocorreu um erro do nosso lado' },
  not_ready: { status: 503, en: 'The service is not ready', pt: 'O serviço não está pronto' },
  unavailable: { status: 503, en: 'The service is briefly unavailable; try again', pt: 'O serviço está momentaneamente indisponível; tente de novo' },
  timeout: { status: 503, en: 'The request took too long and was stopped; nothing of it was done', pt: 'O pedido demorou demasiado e foi interrompido; nada dele foi feito' },
  outcome_unknown: {
    status: 503,
    en: 'The connection to the database failed while the change was being saved; it may or may not have been made. Retry with the same Idempotency-Key to learn which',
    pt: 'A ligação à base de dados falhou enquanto a alteração era guardada; pode ou não ter sido feita. Repita com a mesma Idempotency-Key para saber',
  },
} as const satisfies Record<string, { status: number; en: string; pt: string }>;

export type ProblemCode = keyof typeof PROBLEMS;
export const PROBLEM_CODES = Object.keys(PROBLEMS) as [ProblemCode, ...ProblemCode[]];

/** Text a person reads, in both languages of the hub. */
export interface Bilingual {
  en: string;
  pt: string;
}
export type Language = keyof Bilingual;

/** One failed check on one field of the request. */
export interface FieldError {
  /** Where the field is: body, query, path or header. */
  in: 'body' | 'query' | 'path' | 'header';
  /** Dotted path of the field inside that location, e.g. `services.0.province`. */
  field: string;
  /** JSON Pointer to the field (RFC 6901), prefixed with its location. */
  pointer: string;
  /** The check that failed, e.g. `too_small`, `invalid_type`, `unrecognized_keys`, `unique`. */
  check: string;
  message: Bilingual;
}

/** Members a problem document carries beyond RFC 9457's: the rule is one of the hub's `RuleCode`s. */
export type ProblemExtensions = { rule?: RuleCode } & Record<string, unknown>;

/**
 * A domain error: a closed `code`, a human detail in both languages, optional field errors.
 * One error handler turns it into RFC 9457 problem+json.
 */
export class PonteError extends Error {
  readonly status: number;
  constructor(
    readonly code: ProblemCode,
    readonly detail?: Bilingual,
    readonly errors?: FieldError[],
    /** Extension members added to the problem document (never personal data); `rule` names the rule that decided. */
    readonly extensions?: ProblemExtensions,
  ) {
    super(detail?.en ?? PROBLEMS[code].en);
    this.name = 'PonteError';
    this.status = PROBLEMS[code].status;
  }

  /** The rule that decided, the same name the access log records for this refusal. */
  get rule(): RuleCode | undefined {
    return this.extensions?.rule;
  }
}

export function fieldError(
  location: FieldError['in'],
  path: ReadonlyArray<PropertyKey>,
  check: string,
  message: Bilingual,
): FieldError {
  const segments = path.map(String);
  return {
    in: location,
    field: segments.join('.'),
    pointer: `/${location}${segments.map((s) => '/' + s.replaceAll('~', '~0').replaceAll('/', '~1')).join('')}`,
    check,
    message,
  };
}
