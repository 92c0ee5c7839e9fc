import { createRoute } from '@hono/zod-openapi';
import { SubjectFile, SubjectFileQuery } from '@ponte/contracts';
import { getSubjectFile } from '@ponte/core';
import { AUTH_PROBLEMS, bearer, json, problems } from '../../openapi';
import { languageOf } from '../../problem';
import type { HubApp } from '../../types';
import { IdParam } from '../shared';

const route = createRoute({
  method: 'get',
  operationId: 'getSubjectFile',
  path: '/v1/subjects/{id}/file',
  tags: ['Data subjects'],
  summary: 'The person’s file (right of access): what your agency holds on a subject, its consents, referrals, transfers, documents and who saw the data',
  description:
    'Produces the file a person asks for under their right of access (GDPR art. 15 as the common reference), in sections: `data` (every category: whether your agency holds it, its data where you may read it now, who recorded or changed it and when, from the access log), `consents` (every consent with its versions, language, interpreter, who granted and who recorded it, its withdrawal and the references of the signed receipts), `referrals` (every referral your agency made of the person: to whom, service, purpose, the categories shared, its status history with the corrections carried to the receiver, and where the person was referred on as far as you may know), `transfers`, `documents` (title, category, size and SHA-256; never the content), `accesses` (every access to the person’s data across agencies, allowed or refused: the “who saw my data” report) and `erasure` (once the subject is erased: when, why, how, and every agency asked to purge with its deadline and attestation; `null` while the data is held). Agencies’ names in the language asked for (`lang`, else `Accept-Language`); the console prints it in English or Portuguese. ' +
    'Only your agency’s subject, and only who may read the subject and its consents may produce it: the subject’s caseworker or the team’s supervisor (need-to-know); emergency (break-glass) access does not extend to it. Categories no consent or other basis lets you read now are listed as held, with the rule that withholds them, without their data: a person who withdrew every consent, or whose data was erased, still gets their file. 404 `not_found` for another agency’s subject or one outside your need-to-know (rule `tenant_isolation` or `need_to_know`); 403 `forbidden` when you may know the subject but do not work on it (`need_to_know` under emergency access, `role.no_case_data` for the privacy officer (who sees no case data and produces the access report instead: `GET /v1/subjects/{id}/access-report`). ' +
    'Producing it is written to the access log as an access to the subject (resource `Subject`, action `file`) with the categories shown, the withheld ones as denials; a refusal is logged too.',
  security: bearer,
  request: { params: IdParam, query: SubjectFileQuery },
  responses: { 200: json(SubjectFile, 'The person’s file'), ...problems('invalid_request', 'forbidden', 'not_found', ...AUTH_PROBLEMS) },
});

export function registerGetSubjectFile(app: HubApp) {
  app.openapi(route, async (c) => {
    const language = c.req.valid('query').lang ?? languageOf(c.req.header('accept-language'));
    c.header('content-language', language);
    return c.json((await getSubjectFile({ ctx: c.get('ctx'), input: { id: c.req.valid('param').id, language } })) as never, 200);
  });
}
