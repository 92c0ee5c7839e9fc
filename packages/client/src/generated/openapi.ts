/**
 * GENERATED from the Ponte hub's OpenAPI document (GET /openapi.json) by openapi-typescript.
 * Do not edit by hand: run `pnpm client:generate` to regenerate it after a change to the API.
 * `if-match` and `idempotency-key` are optional here: the SDK sends them (see client.ts).
 * The test test/api/client-contract.test.ts fails while this file differs from the live document.
 */

export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness: the process answers
         * @description Answers 200 `{"status":"ok"}` while the process runs, whatever its database: for a container’s liveness probe. Public, no token, not counted against a rate limit and never written to the access log. Use `GET /readyz` to know whether the hub can serve requests.
         */
        get: operations["getLiveness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness: the database answers, the access log is being sealed, and the hub is not shutting down
         * @description Fails (503 `not_ready`) while the hub starts or shuts down, when the database does not answer, and when the oldest access event has waited longer than `PONTE_READY_MAX_SEAL_LAG_SECONDS` to be sealed (the sealer is stopped or behind: accesses are then not yet provable).
         */
        get: operations["getReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prometheus metrics (with the metrics token)
         * @description The hub’s metrics in Prometheus’ text format: requests, latency, the database pool, policy decisions, the access log’s sealing and verification, the outbox, tokens and rate limits, the process. Answered only when the hub has a `PONTE_METRICS_TOKEN` and the request carries it as a bearer token; `PONTE_METRICS_PORT` serves them on a port of their own instead. No label carries a personal value or a record’s id.
         */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/.well-known/jwks.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The hub's public signing keys (RFC 7517), to verify its tokens and signatures
         * @description Every key the hub signs with or has signed with, newest first: a key made by a rotation is listed from the moment it is made, before it signs; the key it replaces stays listed, verification-only, so receipts, tree heads, checkpoints and webhooks signed with it still verify. Pick the key by the `kid` a signature names (`ponte-key-id` on a webhook).
         */
        get: operations["getJwks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/.well-known/oauth-authorization-server": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What the hub says of itself as an OAuth 2.0 authorization server (RFC 8414)
         * @description The issuer of the tokens (the hub's public URL), its token endpoint and its keys. `client_credentials` is the grant for an integrating system; `password` is listed because the endpoint accepts it, for the hub's own console and the demo only (RFC 9700 forbids it to third parties). There is no authorization endpoint, hence no `response_types_supported`: RFC 8414 §3.2 says a member with no values is omitted (erratum 7793 makes it required only where the authorization endpoint is used).
         */
        get: operations["getAuthorizationServerMetadata"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/problems/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What a problem type means: the `type` URI of a problem document, dereferenced
         * @description Every problem document’s `type` is `/problems/<code>`; this answers what that code means: its HTTP status and its title in English and Portuguese. Public, no token, not counted against a rate limit. The codes are a closed set (the `code` enum of the `Problem` schema); any other is 404 `not_found`. Branch on `code` in the problem document itself: this is for people reading one.
         */
        get: operations["getProblemType"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/fhir/CodeSystem/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One of the hub’s HL7 FHIR R5 CodeSystems, at its canonical URL
         * @description Public, no token: the codes the hub writes in its FHIR resources (data categories in `Consent.provision.securityLabel` and `Task.input`, purposes, legal bases, services), each with its English display and Portuguese designation. The canonical URL of each is `<PONTE_PUBLIC_URL>/fhir/CodeSystem/<id>`.
         */
        get: operations["getCodeSystem"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Get an access token
         * @description OAuth 2.0 token endpoint (RFC 6749; metadata at `/.well-known/oauth-authorization-server`, RFC 8414). API clients use `client_credentials` (credentials in HTTP Basic or the body). The `password` grant (with the agency's slug; hub operators omit it) is kept for the hub's own console and the demo only: RFC 9700 forbids it to third parties, and an integrating system uses client credentials. Form-encoded or JSON bodies are accepted.
         *
         *     Every refusal answers as RFC 6749 §5.2 says, `application/json` (never problem+json): `{"error", "error_description", "errors"?}` with `Cache-Control: no-store`. `error` is `invalid_request` (a missing or repeated parameter, an unreadable body), `invalid_client` (401 with a Basic challenge), `invalid_grant` (wrong, locked or disabled account, a missing or wrong second factor) or `unsupported_grant_type`; the hub uses no scopes (`scope` is accepted and ignored, so `invalid_scope` is never sent) and lets any client use `client_credentials` (so `unauthorized_client` is never sent). `error_description` is English, or Portuguese by `Accept-Language` (without accents, as §5.2 allows only ASCII there); `errors` names each failed parameter. Past the sign-in limit: 429 with `Retry-After`, `RateLimit` and `error: "invalid_request"`; the server's own failures: 503 `temporarily_unavailable` (with `Retry-After`) or 500 `server_error`.
         */
        post: operations["issueToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/account/activate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Set your password with a one-time code
         * @description A new account (made by an administrator or the hub operator) or a reset one is activated with the one-time code its administrator gave: the person sets their own password. The code works once and expires. Rate limited per address and per account, like the token endpoint.
         */
        post: operations["activateAccount"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/account/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change your password
         * @description With the current password (and a code, if the account has a second factor). A password that is common, contains the account’s name or is the current one is refused.
         */
        post: operations["changePassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/account/second-factor": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start enrolling a second factor (TOTP)
         * @description With the password: returns a new secret (and its otpauth URI, for a QR code) and a ticket; confirm with the first code from the app within ten minutes. Agencies require it of the roles they name (by default administrators and privacy officers), who cannot get a token before enrolling.
         */
        post: operations["beginSecondFactor"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/account/second-factor/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Confirm a second factor with its first code
         * @description The first code from the app turns the enrolment on. The ten recovery codes in the answer are shown once; each signs in once in place of a code.
         */
        post: operations["confirmSecondFactor"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Who the token belongs to
         * @description Who the access token stands for: a user or an API client of an agency (with its roles), or a hub operator. Any valid token may call it; it reads nothing of case data and writes nothing to the access log. A useful first call for an integration: 401 `invalid_token` means the token expired (they live 15 minutes; get another from `POST /oauth/token`) or its client was revoked.
         */
        get: operations["getMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agencies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The network's agencies and the services they offer
         * @description Every agency of the network with its kind and the services it offers by province, in slug order. Any authenticated caller may read it: it is the network’s public directory and holds no case data, so nothing is written to the access log. Paged: `limit` (1 to 200, default 50) and `cursor` (the `nextCursor` of the page before; null on the last page).
         */
        get: operations["listAgencies"];
        put?: never;
        /**
         * Add an agency to the network (hub operator)
         * @description Adds an agency (a UN agency, a government body or a civil-society organisation) with its slug, names in English and Portuguese and the services it offers. Only a hub operator may call it (403 `forbidden` otherwise); the slug is the agency’s name in every URL, token and referral and cannot change (409 `conflict` when taken). The new agency has no users: make its first administrator with `POST /v1/agencies/{slug}/administrators`. Send `Idempotency-Key` to make retries safe.
         */
        post: operations["createAgency"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agencies/{slug}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One agency
         * @description One agency by its slug: its kind, names, status and the services it offers by province. Any authenticated caller may read it (no case data; nothing is written to the access log); 404 `not_found` when no agency has the slug.
         */
        get: operations["getAgency"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Rename or suspend an agency, or set its legal minimum retention (hub operator)
         * @description Changes an agency’s names, or suspends or reinstates it, or sets the roles that need a second factor, or its legal minimum retention (`retentionMinimumDays`: no rule of the agency’s retention schedule may be shorter; a rule already shorter is lengthened to it by the daily job); the fields left out stay as they are. Only a hub operator may call it (403 `forbidden`); 404 `not_found` for an unknown slug. A suspended agency’s users and clients can no longer get tokens, and its retention job does not run; its records stay.
         */
        patch: operations["updateAgency"];
        trace?: never;
    };
    "/v1/agencies/{slug}/administrators": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Make an agency's administrator (hub operator)
         * @description The account is pending until the person sets their own password with the one-time code in the answer (`POST /account/activate`, or the console page at `activationUrl`); the code is shown once and expires in 72 hours. The operator never knows the password.
         */
        post: operations["createAgencyAdministrator"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agencies/{slug}/services": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set the services an agency offers, by province (hub operator)
         * @description Replaces the whole list of services the agency offers, each with the provinces it offers it in; what the directory (`GET /v1/directory`) and the referral checks see changes at once. Only a hub operator may call it (403 `forbidden`); 404 `not_found` for an unknown slug. Referrals already sent are not touched.
         */
        put: operations["replaceAgencyServices"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/directory": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Find the agencies that offer a service in a province, to route a referral
         * @description The agencies that offer `service` in `province` (both optional filters), to choose where to send a referral. Any authenticated caller may read it: it holds no case data and writes nothing to the access log. A referral to an agency that does not offer the service is refused at `POST /v1/referrals` with 422 `check_failed`.
         */
        get: operations["findProviders"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agreements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Data-sharing agreements: all of them for the hub operator, those it is party to for an agency
         * @description The data-sharing agreements a referral may rest on: a hub operator sees all of them, an agency those it is party to (as sender or recipient). Filter by `agency` and by `inForce`. Paged: `limit` (1 to 200, default 50) and `cursor` (the `nextCursor` of the page before; null on the last page). No case data; nothing is written to the access log.
         */
        get: operations["listAgreements"];
        put?: never;
        /**
         * Record a data-sharing agreement from one agency to another (hub operator)
         * @description Records that one agency may share data with another: for which purposes, which data categories, and between which dates. Only a hub operator may call it (403 `forbidden`). A referral is sent only while an agreement in force covers its purpose (422 `check_failed` naming `agreement_in_force` otherwise). Send `Idempotency-Key` to make retries safe.
         */
        post: operations["createAgreement"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agreements/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One agreement
         * @description One data-sharing agreement: its parties, purposes, categories, term and whether it is in force now. A hub operator may read any; an agency only one it is party to, and any other answers 404 `not_found` (another agency’s agreements are not told to exist).
         */
        get: operations["getAgreement"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agreements/{id}/terminate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * End an agreement before its term (hub operator)
         * @description Ends an agreement at once, with a reason: no referral can be sent under it from then on, and the referrals already sent keep the legal basis they were sent with. Only a hub operator may call it (403 `forbidden`); 409 `conflict` when it is already terminated; 404 `not_found` for an unknown id.
         */
        post: operations["terminateAgreement"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/assignable-users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The people of your agency a received referral may be assigned to (intake focal point, supervisor)
         * @description Active users who work on cases: id, display name, team and roles, nothing more. Use an `id` as `assigneeId` when accepting or assigning a referral.
         */
        get: operations["listAssignableUsers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your agency's users (agency administrator)
         * @description Every account of your agency, pending, active or disabled, with its roles and whether it has a second factor. Only your agency’s administrator may call it (403 `forbidden`). Paged: `limit` (1 to 200, default 50) and `cursor` (the `nextCursor` of the page before; null on the last page). Passwords and codes are never shown.
         */
        get: operations["listUsers"];
        put?: never;
        /**
         * Add a user to your agency (agency administrator)
         * @description Adds a person to your agency with their roles. Without a password the account is pending and the answer carries a one-time code (shown once, valid 72 hours) for the person to set their own at `POST /account/activate`. Only your agency’s administrator may call it (403 `forbidden`); 409 `conflict` when the username is taken in the agency. Written to the access log as an account event. Send `Idempotency-Key` to make retries safe.
         */
        post: operations["createUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One user of your agency
         * @description One account of your agency. Your agency’s administrator may read any of its accounts; anyone else only their own (403 `forbidden`). An account of another agency answers 404 `not_found`.
         */
        get: operations["getUser"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{id}/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Disable a user; their tokens stop working at once (agency administrator)
         * @description Disables an account: its tokens stop working at once (the next request answers 401) and it cannot sign in again; its records and the access log entries that name it stay. Only your agency’s administrator may call it (403 `forbidden`); 409 `conflict` for your own account. Written to the access log as an account event.
         */
        post: operations["disableUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{id}/reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reset a user's password (agency administrator)
         * @description The password stops working at once; the person sets a new one with the one-time code in the answer (shown once, valid 72 hours). With `removeSecondFactor` the second factor goes too (a lost phone), and the person enrols again.
         */
        post: operations["resetUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-clients": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your agency's API clients (agency administrator)
         * @description Your agency’s API clients (machine identities for its systems), active or revoked, with their roles; never their secrets. Only your agency’s administrator may call it (403 `forbidden`). Paged: `limit` (1 to 200, default 50) and `cursor` (the `nextCursor` of the page before; null on the last page).
         */
        get: operations["listApiClients"];
        put?: never;
        /**
         * Register a machine identity for your agency's systems; the secret is shown once (agency administrator)
         * @description Registers a machine identity for one of your agency’s systems, with the roles it acts with. The answer carries its `client_id` and secret, shown this once: the system gets tokens with them at `POST /oauth/token` (`grant_type=client_credentials`). Only your agency’s administrator may call it (403 `forbidden`). Send `Idempotency-Key` to make retries safe.
         */
        post: operations["createApiClient"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-clients/{id}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revoke an API client; its tokens stop working at once (agency administrator)
         * @description Revokes an API client: its secret stops working and the tokens it holds are refused from the next request (401). Only your agency’s administrator may call it (403 `forbidden`); a client of another agency answers 404 `not_found`.
         */
        post: operations["revokeApiClient"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-clients/{id}/secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate an API client's secret (agency administrator)
         * @description A new secret, shown once; the old one keeps working for `overlapHours` (default 24, at most 168; 0 stops it at once), so the agency’s systems change over without an outage.
         */
        post: operations["rotateApiClientSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subjects": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The subjects you may work on (need-to-know), newest first
         * @description The subjects you may work on: assigned to you, to your team (a supervisor), or opened to you by break-glass; newest first. Each shows only the categories you may read now. The read of each subject is written to the access log, and so is each category withheld, with the rule that withheld it. Paged: `limit` (1 to 200, default 50) and `cursor` (the `nextCursor` of the page before; null on the last page). 403 for a role that works on no cases.
         */
        get: operations["listSubjects"];
        put?: never;
        /**
         * Register a data subject in your agency
         * @description Registers a person your agency works with: identity is required, the other categories (contact, location, family, protection, health, legal) optional. The answer shows only what you may read back now: personal data is readable once a consent (or another legal basis) covers its category. Caseworkers, supervisors and intake focal points of an agency may call it (403 `forbidden` otherwise); an `assignedUserId` that is no active caseworker of the agency is 400 naming it. Written to the access log. Send `Idempotency-Key` to make retries safe.
         */
        post: operations["registerSubject"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subjects/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read a subject: only the categories you may read now
         * @description One subject with only the categories you may read now (a consent or another legal basis must cover each), and in `access` which are withheld and by which rule. The answer’s `ETag` is the subject’s version: send it in `If-Match` to change it. Written to the access log, withheld categories as denials; once the subject’s case was transferred to another agency and the grace period is over, reads are logged with the purpose `historical`. 404 `not_found` when the subject is not yours to know (another agency’s, or outside need-to-know); 403 when you may know it but read none of it; 410 `gone` (rule `subject.erased`) once it was erased: its tombstone is at `GET /v1/subjects/{id}/erasure`.
         */
        get: operations["getSubject"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Replace categories of personal data (`If-Match` with the ETag you read is required)
         * @description Replaces whole categories of a subject’s data (send `null` to clear a category but identity); the others stay as they are. `If-Match` with the ETag of your last read is required: 428 `precondition_required` without it, 412 `precondition_failed` when the subject changed since (read it again and redo the change). Only who may work on the subject may call it (404 or 403 otherwise). Once the subject’s case was transferred to another agency and the grace period is over, 409 `conflict` (rule `subject.transferred`, with `readOnlyFrom`): the record is read-only. Written to the access log with the categories changed; the answer carries the new `ETag`.
         */
        patch: operations["updateSubject"];
        trace?: never;
    };
    "/v1/subjects/{id}/file": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The person’s file (right of access): what your agency holds on a subject, its consents, referrals, transfers, documents and who saw the data
         * @description Produces the file a person asks for under their right of access (GDPR art. 15 as the common reference), in sections: `data` (every category: whether your agency holds it, its data where you may read it now, who recorded or changed it and when, from the access log), `consents` (every consent with its versions, language, interpreter, who granted and who recorded it, its withdrawal and the references of the signed receipts), `referrals` (every referral your agency made of the person: to whom, service, purpose, the categories shared, its status history with the corrections carried to the receiver, and where the person was referred on as far as you may know), `transfers`, `documents` (title, category, size and SHA-256; never the content), `accesses` (every access to the person’s data across agencies, allowed or refused: the “who saw my data” report) and `erasure` (once the subject is erased: when, why, how, and every agency asked to purge with its deadline and attestation; `null` while the data is held). Agencies’ names in the language asked for (`lang`, else `Accept-Language`); the console prints it in English or Portuguese. Only your agency’s subject, and only who may read the subject and its consents may produce it: the subject’s caseworker or the team’s supervisor (need-to-know); emergency (break-glass) access does not extend to it. Categories no consent or other basis lets you read now are listed as held, with the rule that withholds them, without their data: a person who withdrew every consent, or whose data was erased, still gets their file. 404 `not_found` for another agency’s subject or one outside your need-to-know (rule `tenant_isolation` or `need_to_know`); 403 `forbidden` when you may know the subject but do not work on it (`need_to_know` under emergency access, `role.no_case_data` for the privacy officer (who sees no case data and produces the access report instead: `GET /v1/subjects/{id}/access-report`). Producing it is written to the access log as an access to the subject (resource `Subject`, action `file`) with the categories shown, the withheld ones as denials; a refusal is logged too.
         */
        get: operations["getSubjectFile"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subjects/{id}/assignment": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reassign a subject (supervisor); the history is kept
         * @description Moves a subject to another caseworker or team, with a reason; the history of assignments is kept. A supervisor may reassign the subjects of their team, or those assigned to them (403 `forbidden` otherwise). Once the subject’s case was transferred to another agency and the grace period is over, 409 `conflict` (rule `subject.transferred`, with `readOnlyFrom`): the record is read-only. `If-Match` with the ETag of your last read is required (428 without it, 412 when stale). Written to the access log; the answer carries the new `ETag`.
         */
        post: operations["assignSubject"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subjects/{id}/break-glass": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Emergency access to a subject of your agency outside need-to-know (time-limited, reviewed)
         * @description Opens a subject of your agency to you outside need-to-know, in an emergency, with a justification of at least 20 characters: the grant lasts a set time (the deployment’s `PONTE_BREAK_GLASS_MINUTES`), is written to the access log as break-glass and flagged for a privacy officer’s review (`GET /v1/access-flags`). Only a user who works on cases may ask (403 `forbidden`; API clients never may); 404 for a subject not of your agency.
         */
        post: operations["requestBreakGlass"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subjects/{id}/documents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A subject's documents (metadata): only of the categories you may read now
         * @description The documents of one of your agency's subjects, newest first (at most 200), and only those of the categories you may read of the subject now: need-to-know (or break-glass) and a consent or another legal basis covering the category, as for the subject's data. Their content is downloaded at `/v1/subjects/{id}/documents/{documentId}/content`. 404 `not_found` when the subject is not yours to know; 403 when you may know it but read none of its categories. Written to the access log, with the categories you could read.
         */
        get: operations["listSubjectDocuments"];
        put?: never;
        /**
         * Add a document (PDF, JPEG or PNG) to a subject, under one data category
         * @description Adds a file to one of your agency's subjects under one data category (`?category=health` for a medical report, `identity` for a travel document): it is then read, and shared on a referral, exactly as that category of the subject is. Send the file's bytes as the body (not multipart), its type in `Content-Type` and its title in the `Ponte-Document-Title` header (percent-encoded UTF-8), so nothing personal is ever in the URL; the title need not name the person. Whoever may record the subject's data (need-to-know) may add one. The file's kind is decided by its first bytes, never by its name: PDF (`%PDF-`), JPEG (`FF D8 FF`) or PNG only, and `Content-Type` must agree (415 `unsupported_media_type`, check `magic_bytes` or `declared_type_matches`); a file that is also a ZIP archive (a polyglot) is refused (415, check `single_format`), an empty one (400, check `not_empty`), one past the size limit (`PONTE_DOCUMENT_MAX_BYTES`, 10 MiB by default) with 413 `payload_too_large` (check `max_size`), the body abandoned there. A subject you may not know of answers 404; one you may know but not add documents to, 403 (rule `Document.create`). Nothing is stored when any check fails. The answer carries the SHA-256 the hub computed as it read the file. Written to the access log. Send `Idempotency-Key` to make retries safe (the same key with the same file and title answers the first upload).
         */
        post: operations["uploadDocument"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subjects/{id}/documents/{documentId}/content": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download a document of your agency's subject, as an attachment
         * @description The document's content, streamed piece by piece, always as an attachment (`Content-Disposition: attachment`, never inline), with `X-Content-Type-Options: nosniff`, the type found at upload, its length, and its SHA-256 as `ETag` and `Repr-Digest`. Allowed exactly when you may read its category of the subject now (need-to-know or break-glass, and a consent or another legal basis covering it). Every download, allowed or refused, is written to the access log as a `download` of the `Document` with its category. 404 `not_found` when the subject or the document is not yours to know; 403 naming the rule (a consent withdrawn or expired, say) when you may know it but not read it.
         */
        get: operations["downloadSubjectDocument"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subjects/{id}/erasure": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An erased subject's tombstone: the erasure, and which agencies attested their purge and when
         * @description What remains of an erased subject of your agency: no personal data; when, why (`request`, `retention`) and how (`erase`, `anonymise`) it was erased and by whom, and every purge request with its deadline and attestation (who purged, how, when, the statement and the receipt the hub signed). For whoever may know the subject (who works on it, the agency's privacy officer); 404 otherwise, and for a subject that was not erased. Written to the access log.
         */
        get: operations["getSubjectErasure"];
        put?: never;
        /**
         * Erase a subject's personal data (the person's request, or the end of its retention), and ask every recipient to purge
         * @description Deletes every personal category and the birth date of a subject of your agency, and what its data left elsewhere in the hub (consents' grantors and witnesses, withdrawal reasons, referral notes and outcomes, messages, documents' titles and content, break-glass justifications, assignment and transfer reasons, saved answers to idempotent requests), in one transaction; the subject stays as a tombstone (`GET /v1/subjects/{id}/erasure`) with ids, dates and, with `mode: anonymise`, age band, sex and province. Its consents still in force end (withdrawn, reason `subject_erased`: a receipt verified later says so), its open referrals, down every chain, are withdrawn (`referral.withdrawn`, reason `subject_erased`), a pending transfer is cancelled, and every agency a referral of the subject was sent to is asked to purge what it received: a purge request due in the deployment's `PONTE_PURGE_ATTESTATION_DAYS` (30 by default) and a `referral.purge_requested` event with ids only, to attest with `POST /v1/referrals/{id}/purge-attestation`. Who may: the subject's supervisor (need-to-know) or your agency's privacy officer, who handles the person's rights requests; a caseworker who works on the subject gets 403 (rule `Subject.erase`), anyone else 404. 409 `conflict` when the subject is under a legal hold (rule `subject.legal_hold`) or already erased (rule `subject.erased`); `If-Match` is optional (412 when stale). Nothing changes when refused. Written to the access log (which holds no personal values and still verifies). Send `Idempotency-Key` to make retries safe.
         */
        post: operations["eraseSubject"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subjects/{id}/legal-holds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A subject's legal holds, active and released, newest first
         * @description The legal holds of a subject of your agency, newest first. For whoever may know the subject (who works on it, the agency's privacy officer); 404 otherwise. Written to the access log.
         */
        get: operations["listLegalHolds"];
        put?: never;
        /**
         * Place a legal hold on a subject: it may not be erased until released
         * @description Stops every erasure of a subject of your agency, by request or by retention, until the hold is released (a court order, an investigation); the reason stays in your agency. The subject's supervisor (need-to-know) or your agency's privacy officer may; a caseworker who works on the subject gets 403 (rule `Subject.hold`), anyone else 404. 409 `conflict` when a hold is already active (rule `legal_hold.already_active`) or the subject was erased (rule `subject.erased`). Written to the access log. Send `Idempotency-Key` to make retries safe.
         */
        post: operations["placeLegalHold"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subjects/{id}/legal-holds/{holdId}/release": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Release a subject's legal hold, with a reason
         * @description Ends an active legal hold: the subject may be erased again. The subject's supervisor (need-to-know) or your agency's privacy officer may; a caseworker who works on the subject gets 403 (rule `Subject.hold`), anyone else 404, as does a hold not of this subject. 409 `conflict` when the hold was already released (rule `legal_hold.not_active`). Written to the access log. Send `Idempotency-Key` to make retries safe.
         */
        post: operations["releaseLegalHold"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subjects/{id}/consents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A subject's consents, with their status now
         * @description Every consent recorded for a subject, each in its latest version, with its status now (`active`, `withdrawn`, `expired`, `superseded` or `not_yet_valid`). Who may work on the subject, or a privacy officer of its agency, may read them; anyone else gets 404 `not_found`. Written to the access log.
         */
        get: operations["listSubjectConsents"];
        put?: never;
        /**
         * Record a subject's consent (or a guardian's, or a best-interests determination), or a new version of one
         * @description Records a subject’s consent (or a guardian’s, or a best-interests determination for a child) to share named data categories with named agencies for named purposes, valid until a date. With `supersedes` it is a new version of an earlier consent, which stops counting. The answer carries a receipt, a JWS signed by the hub, to give the subject; anyone may check it at `POST /v1/consent-receipts/verify`. Only who may work on the subject may record it (404 or 403 otherwise); a best-interests determination only a child protection officer. Once the subject’s case was transferred to another agency and the grace period is over, 409 `conflict` (rule `subject.transferred`, with `readOnlyFrom`): the record is read-only. Written to the access log. Send `Idempotency-Key` to make retries safe.
         */
        post: operations["recordConsent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/consents/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One consent (its latest version) with its status now
         * @description One consent in its latest version, with its status now and, if withdrawn, who asked, how and when. Who may work on its subject, or a privacy officer of its agency, may read it; anyone else gets 404 `not_found`. Written to the access log.
         */
        get: operations["getConsent"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/consents/{id}/withdraw": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Withdraw a consent; it stops counting at once
         * @description Withdraws a consent at once: referrals built on it stop showing the data they shared (reads check the consent), and the sending and receiving agencies of each open referral get a `referral.purge_requested` event. The answer carries a signed receipt of the withdrawal. Only who may work on the subject may call it (404 or 403 otherwise); 409 `conflict` (rule `consent.already_withdrawn`) when already withdrawn. Written to the access log. Send `Idempotency-Key` to make retries safe.
         */
        post: operations["withdrawConsent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/consents/{id}/fhir": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The consent as an HL7 FHIR R5 Consent resource
         * @description The consent’s latest version as an HL7 FHIR R5 `Consent` resource (`application/fhir+json`): categories as security labels, purposes and recipients in `provision`, with codes from the hub’s CodeSystems at `/fhir/CodeSystem/{id}`. Read as `GET /v1/consents/{id}` is, by the same people (404 `not_found` otherwise), and written to the access log.
         */
        get: operations["exportConsentFhir"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/consent-receipts/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Verify a consent receipt: the hub's signature, and whether the consent still counts
         * @description Checks a consent receipt: that the hub signed it (with a key of `/.well-known/jwks.json`, even one since rotated) and whether the consent it names still counts now (active, or withdrawn, expired or superseded since). Any authenticated caller may verify one, for any agency’s consent: the answer says nothing but the receipt’s own facts. A receipt that does not verify is still a 200, with `valid: false` and the `reason` (a bad signature, an unknown key, an unknown consent, ...). Written to the access log. A verification changes nothing, so a retry under the same `Idempotency-Key` is checked again.
         */
        post: operations["verifyConsentReceipt"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/consent-receipts/withdrawal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record the person’s withdrawal of a consent from its printed receipt, at an agency holding a referral under it
         * @description The person shows the printed consent receipt at an agency that received a referral under that consent and says they withdraw it; a caseworker there records it on the spot. Send what the receipt’s QR code holds (the hub-signed receipt reference) or the full signed receipt, with who asked, how and why (as `POST /v1/consents/{id}/withdraw`).
         *
         *     The withdrawal is written in the owning agency’s records, noting your agency and the person who recorded it (the consent’s `withdrawal.recordedByAgency`), and takes effect at once: every referral under the consent, whoever received it, stops showing the data it shared, and both agencies of each open referral get `referral.purge_requested`. The owning agency gets `consent.withdrawn` (ids only). No personal data is returned.
         *
         *     Who may call: a person (not an API client) of an agency holding an open referral (sent, accepted or in progress) under the consent, directly or onward down a chain the consent began, who works it: its intake focal point or supervisors, or its assigned caseworker. The owning agency’s own people are taken through its own withdrawal, with its checks (who works on the subject).
         *
         *     Refusals, with nothing written: 422 `check_failed` naming `/body/receipt` when the hub did not sign it or it was altered (rule `receipt.signature`, `receipt.malformed`, `receipt.type`, `receipt.claims`, ...); 404 `not_found` when your agency holds no open referral under the consent (rule `consent.withdrawal_not_held`) or you may not see any of them (rule `need_to_know`); 403 `forbidden` when you may see the referral but not work it (rule `role.cannot_record_withdrawal`, e.g. a privacy officer); 409 `conflict` when the consent is already withdrawn (rule `consent.already_withdrawn`). A receipt of an earlier version of the consent is taken: a withdrawal ends every version.
         *
         *     Written to the access log, allowed or refused, naming the owning agency (its privacy officers see it too). Send `Idempotency-Key` to make retries safe.
         */
        post: operations["withdrawConsentFromReceipt"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/log/heads": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Signed tree heads of the access log, oldest first: keep them as witness copies
         * @description Every tree head the hub has signed over the access log, smallest tree first, each a compact JWS verifiable with the hub’s JWKS. Keep them: a head you hold lets you (or `POST /v1/log/verify` with `witness`) prove later that the log only grew. Paging: start without `cursor`, then pass the `nextCursor` of each answer as `cursor`. Heads keep coming as the log is sealed, so, as on the event feed, `nextCursor` is never null: a page shorter than `limit` means you have every head so far, and an empty page gives back a cursor to poll with again later. `afterSize` (a tree size) is the name the position had before; it is accepted, deprecated, until the next API version (0.2.0), and sending both `afterSize` and `cursor` is refused. Any signed-in user or API client may read them, the hub operator included. A cursor this list did not give is 400 `invalid_request` naming the field.
         */
        get: operations["listLogHeads"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/log/checkpoint": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The latest signed head as a C2SP checkpoint (a signed note), for transparency-log tools and witnesses
         * @description The body is a C2SP `tlog-checkpoint` in a C2SP `signed-note`: the origin (the hub’s public URL without its scheme), the tree size, the root hash in base64, a blank line and one Ed25519 signature line by the key named after the origin. The `Ponte-Checkpoint-Key` header carries the note verifier key (`<name>+<key id>+<base64(0x01 ‖ public key)>`, as Go’s `sumdb/note` reads it); the same head is also served as a JWS at `/v1/log/heads`. Any authenticated caller may read it: the log’s heads and tiles are hashes, and disclose nothing of any agency’s events; reading them is not written to the access log.
         */
        get: operations["getLogCheckpoint"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/log/tile/{tilePath}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A tile of the log’s Merkle tree (C2SP tlog-tiles), for proofs and witnesses
         * @description The tile at `<L>/<N>[.p/<W>]` as C2SP `tlog-tiles` names it: level L (0 holds leaf hashes, level L+1 the roots of the full tiles of level L), index N in groups of three digits with `x` before all but the last (`x001/x234/067`), and for the right edge a partial tile of width W. The body is the tile’s hashes, 32 bytes each. Tiles never change once they exist, so they may be cached for good. Entry bundles (`tile/entries/...`) are not served: an entry says who read whose record, and stays with privacy officers. Any authenticated caller may read it: the log’s heads and tiles are hashes, and disclose nothing of any agency’s events; reading them is not written to the access log.
         */
        get: operations["getLogTile"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/log/witness-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every agency’s witness keys in use, to check the cosignatures the checkpoint carries
         * @description With `revoked=include`, the revoked keys too (with `revokedAt`): the cosignatures they made before stay, and checking an older checkpoint needs them.
         */
        get: operations["listWitnessKeys"];
        put?: never;
        /**
         * Register a key of a witness your agency runs over the log (agency administrator)
         * @description The witness (`ponte witness`, or any C2SP tlog-cosignature witness) prints its verifier key, `<name>+<key id>+<base64(0x04 ‖ Ed25519 public key)>`. Once registered, the agency’s systems may post its cosignatures to `POST /v1/log/cosignatures`. A key, and its name, are one agency’s (`409`, checks `unique` and `witness_name_taken`); the hub’s own name is not a witness’s (`witness_key_name`).
         */
        post: operations["registerWitnessKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/log/witness-keys/{id}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revoke a witness key of your agency: its cosignatures stay, it cosigns no more (agency administrator)
         * @description Revokes a witness key of your agency: it cosigns no more checkpoints, and the cosignatures it made stay (they were true when made; `GET /v1/log/witness-keys?revoked=include` still lists it, with `revokedAt`). Only your agency’s administrator may call it (403 `forbidden`); another agency’s key answers 404 `not_found`. Written to the access log.
         */
        post: operations["revokeWitnessKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/log/cosignatures": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Post a witness’s cosignature of a checkpoint (C2SP tlog-cosignature)
         * @description The body carries the checkpoint as `GET /v1/log/checkpoint` served it, with the witness’s cosignature line added. The hub keeps it only if the note is its own checkpoint of a head it has (else `invalid_request`, or `conflict` for another root at that size), the line is by a witness key your agency registered and verifies, and the witness has not cosigned a larger tree (`conflict`, check `no_rollback`). Every line by one of your agency’s keys counts (the note may carry other witnesses’ lines); its time may be neither before the checkpoint’s head nor ahead of now (`cosignature_time`). A size a key cosigned before keeps its first cosignature: posting again answers `200` and stores nothing new.
         */
        post: operations["postCosignature"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/log/events/{id}/proof": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Inclusion proof (RFC 6962 audit path) of an access event against the latest head
         * @description Proves that an access event is in the log: its RFC 6962 audit path against the latest signed head, so a privacy officer (or an auditor they hand it to) can recompute the root and check the head’s signature against `/.well-known/jwks.json`, trusting the hub for nothing. Only a privacy officer may call it, for an event of their agency or about its subjects; anyone else gets 404 `not_found` (an event is not told to exist). 409 `conflict` while the event is not sealed yet: try again in a few seconds. Written to the access log.
         */
        get: operations["getAccessEventProof"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/log/consistency": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Consistency proof between two sizes of the log (RFC 6962)
         * @description Proves that the log of `from` events is a prefix of the log of `to` events (RFC 6962 §2.1.2): with two signed heads you kept, it shows the hub rewrote nothing between them. `from` ≤ `to` ≤ the latest head’s size, else 400 naming `to`. Only a privacy officer may call it (403 `forbidden`). Written to the access log.
         */
        get: operations["getLogConsistency"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/log/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a verification of the log: every event recomputed, every signed head checked; with `witness`, that the log still extends a head you kept
         * @description The verification runs in the background: the answer is `202` with the verification and its `Location`; poll `GET /v1/log/verifications/{id}` until its `status` is `done` (the `report` says whether the log verifies) or `failed`. A retry under the same `Idempotency-Key` gets the same verification. Only a privacy officer may start one (403 `forbidden`, rule `role.not_privacy_officer`); starting it is written to the access log.
         */
        post: operations["verifyAccessLog"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/log/verifications/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Where a verification of the log stands, and its report once done
         * @description A verification started with `POST /v1/log/verify`: `queued` or `running`, then `done` with its report (whether every event recomputes to the sealed leaves and every signed head verifies, and the first that does not) or `failed`. Poll it every few seconds. Only a privacy officer of the agency that started it may read it; anyone else gets 404 `not_found`.
         */
        get: operations["getLogVerification"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/access-flags": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Flags over the access log: break-glass, repeated denials, unusual volume, out of hours, reads without assignment
         * @description Patterns in the access log a privacy officer should look at, computed over a window (`from`, `to`; default the last 7 days, at most 366): break-glass access, repeated denials within an hour, a day’s reads far above the actor’s usual, access outside working hours, and reads of a subject not assigned to the reader. Each flag has a stable id for `POST /v1/access-reviews`, with the reviews it has had. Flags come by start, kind and id, a page of at most `limit` (default 200, at most 1000); pass `nextCursor` as `cursor`, with the same window, until it is null. Only a privacy officer may call it (403 `forbidden`); an empty or too wide window is 400 naming `from` or `to`. Written to the access log.
         */
        get: operations["listAccessFlags"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/access-reviews": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mark an event or a flag reviewed, with a note, or escalate it (privacy officer)
         * @description Records a privacy officer’s review of an access event or a flag, with a note: `reviewed`, or `escalated` (also logged as a warning for the hub’s operators). Reviews are kept, never changed; the flag shows them. Only a privacy officer may call it (403 `forbidden`); an event they may not see is 404 `not_found`, and a `targetId` that is no id of its kind is 400 naming it. Written to the access log. Send `Idempotency-Key` to make retries safe.
         */
        post: operations["reviewAccess"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subjects/{id}/access-report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * “Who saw my data”: every access to a subject’s data across agencies, as JSON, CSV or printable HTML, in English or Portuguese
         * @description The “who saw my data” report for a data subject of your agency: every access to their data across all agencies (when, which agency, user or client, what, which categories, for what purpose, on what legal basis, allowed or denied), as JSON, CSV (`format=csv`, an attachment) or printable HTML (`format=html`), in English or Portuguese (`lang`, else `Accept-Language`). Only the owning agency’s privacy officer may produce it: anyone else gets 403 (rule `role.not_privacy_officer`) or 404. Producing it is written to the access log.
         */
        get: operations["getSubjectAccessReport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/access-events/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The access log for a time range as HL7 FHIR R5 AuditEvents (a paged `searchset` Bundle, or NDJSON) or CSV
         * @description Every access event your agency may see (its own users’ and clients’ accesses, and every access to the subjects it holds) that occurred in `[from, to)`, oldest first, for your records or your SIEM. Only a privacy officer of the agency may export (403 `forbidden` otherwise, and the refusal is logged); each export request is itself recorded in the access log before anything is sent. Formats: `fhir` (default) answers a FHIR R5 `searchset` Bundle of AuditEvents (IHE BALP), at most `limit` (default and most 1000) a page: when more follow, the Bundle has a `next` link, the same query with a `cursor`; follow it until there is none. `total` is given only when the Bundle holds every match. `ndjson` (`application/fhir+ndjson`) and `csv` (`text/csv`, RFC 4180, a header line, CRLF line ends, a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return prefixed with an apostrophe) stream the whole range in one answer, read from the log a page at a time, so any range can be exported; they take no `cursor` or `limit` (400). Each page is read in a short transaction of its own: an event is never given twice; an event written while the export runs is included when it falls after the point reached and before `to`, so export a range that has ended for a fixed result. A failure after the answer has started cannot become a problem: the hub then breaks the connection, so the transfer ends without its last chunk (an incomplete chunked body) and your client reports an error; never take a broken transfer for a short export. Bad input (a missing or reversed range, a cursor from elsewhere or another agency) is 400 `invalid_request` naming the field.
         */
        get: operations["exportAccessEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/access-events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The access log: your agency's accesses and every access to its subjects (privacy officer)
         * @description Search the access log as a privacy officer: the accesses made by your agency’s users and API clients, and every access (by any agency) to the data subjects your agency holds, allowed or denied, oldest first. Each event names what was accessed (resource, fields as category names, purpose, legal basis, decision and the rule that decided), never the values. Filter by actor, subject, acting agency, resource, action, decision, break-glass, purpose and time range (`from` inclusive, `to` exclusive). Paging: start without `cursor`, then pass the `nextCursor` of each answer as `cursor` (with the same filters) until it is null. A cursor belongs to the agency it was given to. The search may read the log as it was a few seconds ago (a read replica); your search is itself recorded in the access log. Only a privacy officer of the agency may search (403 `forbidden` otherwise, and the refusal is logged). Bad input (an unknown agency slug, a reversed range, a cursor from elsewhere) is 400 `invalid_request` naming the field.
         */
        get: operations["listAccessEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/referrals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your agency's inbox (received) or outbox (sent)
         * @description Your agency’s inbox (`box=inbox`, referrals received; the default) or outbox (`box=outbox`, sent and drafts), newest first, optionally of one `status`, and with `overdue=true` only those now past a deadline (still `sent` after their response deadline `respondBy`, or accepted or in progress after the sender’s `dueDate`; `overdue=false`: only those that are not). Each referral is in the view you may have of it: the receiving agency sees triage only, no identity, until it accepts. Paged: `limit` (1 to 200, default 50) and `cursor` (the `nextCursor` of the page before; null on the last page). The listing is written to the access log.
         */
        get: operations["listReferrals"];
        put?: never;
        /**
         * Send (or draft) a referral to another agency
         * @description Refused with 422 `check_failed`, naming each failed check, unless the recipient offers the service, an agreement in force covers the purpose, and the consent is active, names the recipient and covers the purpose. Send `Idempotency-Key` to make retries safe.
         */
        post: operations["sendReferral"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/referral-figures": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your agency's referral figures; counts under 5 are suppressed
         * @description How many referrals your agency sent and received, by status and by service, the acceptance rate, the hours to accept and to complete (median and 90th percentile) and the share that missed their response deadline (`respondBy`), overall, by service (`timingByService`) and by partner agency (`byPartner`). Counts from 1 to 4 are shown as `"<5"` (and one more when a single one would be hidden), and a rate, share, median or percentile built on fewer than 5 referrals is null, so no small group can be singled out. Agency administrators, supervisors, privacy officers and intake focal points may call it (403 `forbidden` otherwise). The figures may be a few seconds old (read on a replica); the read is written to the access log.
         */
        get: operations["getReferralFigures"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/referrals/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A referral: the sender’s view, the triage view before acceptance, the receiver’s view, or metadata after closure
         * @description A referral in the view you may have of it (`view`): the sender sees everything; the receiving agency’s triage view (before acceptance) shows the service, purpose, urgency and an age band, sex, province and languages, never identity; the receiving caseworker’s view after acceptance; metadata only once it is closed. The answer’s `ETag` is its version, for `If-Match` on a transition. A referral your agency is no party to, or may not see, answers 404 `not_found`. Written to the access log.
         */
        get: operations["getReferral"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/referrals/{id}/subject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The referred subject, as the receiving agency may read it now
         * @description The referred person’s data, as the receiving agency may read it now: only the categories the referral shared and the consent (or other basis) still covers, only while the referral is open (accepted or in progress), and only to the assigned caseworker or their team’s supervisor. `access.withheld` names each category not shown and the rule that withheld it. 403 `forbidden` (naming the rule) when nothing may be read now; 404 for a referral you may not see. Written to the access log with the categories read.
         */
        get: operations["readReferredSubject"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/referrals/{id}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A referral's conversation, oldest first; reading it records your read receipts
         * @description The messages on a referral, oldest first, for the people on its conversation (the same who may write; it stays readable to them after the referral closes). Reading is the read receipt: the other agency's messages on the page are recorded as read by you, and each message says when the agency that did not write it first read it (`readByOtherSideAt`). A referral you may not know of answers 404 `not_found`; one you see but are not on the conversation of, 403 `forbidden` (rule `referral.converse_not_allowed`). Paged: `limit` (1 to 200, default 50) and `cursor` (the `nextCursor` of the page before; null on the last page). Written to the access log.
         */
        get: operations["listReferralMessages"];
        put?: never;
        /**
         * Write on a referral's conversation, to the other agency's people on it
         * @description A message between the two agencies on a referral: the sending agency's people who work on the subject, and the receiving agency's intake focal point, supervisors and assigned caseworker. Write no personal data beyond the categories the referral shares: a message from the sending side that names the subject or gives their date of birth, when the receiving agency was not shared `identity`, is kept but flagged for your privacy officers (flag `message_personal_data`). Both agencies get a `referral.message` event with ids only, never the text. A referral you may not know of answers 404 `not_found`; one you see but are not on the conversation of, 403 `forbidden` (rule `referral.converse_not_allowed`); a referral not sent yet or closed (declined, completed, withdrawn), 409 `conflict` (rule `referral.conversation_closed`, with `currentStatus`); nothing is stored then. Written to the access log. Send `Idempotency-Key` to make retries safe.
         */
        post: operations["postReferralMessage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/referrals/{id}/onward": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Refer the person of a referral you received on to a third agency
         * @description The receiving agency's intake focal point, supervisors and assigned caseworker refer the person on, while the referral is accepted or in progress. The onward referral is your agency's, names its parent (`parentReferralId`) and goes to a third agency: neither yours nor the one that owns the record.
         *
         *     It rests either on the parent's consent, which must name the third agency and cover the purpose and the categories, or on a new consent you record with the person now (`consent`: your agency's, naming the third agency only, for the purpose and the categories). The parent's consent must still be in force either way; when the consent the chain began under is withdrawn, every onward referral down the chain stops sharing and each agency on it is asked to purge (`referral.purge_requested`).
         *
         *     An agreement from your agency to the third must be in force for the purpose, and the third agency must offer the service. You may pass on only categories the parent shared with you; the hub keeps those the consent and the agreement also allow. The third agency's intake sees the parent's triage; once it accepts, its assignee reads the shared categories under the same rules as any referral.
         *
         *     Refusals, with nothing stored: a referral you may not know of, 404 `not_found`; your own referral, or a role that may not refer on, 403 `forbidden` (rule `referral.onward_not_allowed`); a parent not accepted or in progress, 409 `conflict` (rule `referral.onward_parent_not_accepted`); the third agency yours or the owner's, 400 (rule `referral.onward_to_owner`); categories beyond the parent's, 400 (rule `referral.onward_categories_beyond_parent`); a new consent that does not cover the recipient, purpose or categories, 400, or the parent's consent that does not, 422 `check_failed` (rule `referral.onward_consent_not_covering`); the parent's consent no longer in force, 422 (rule `referral.consent_inactive`); no agreement in force or the service not offered, 422 naming the check. Written to the access log, as are the third agency's reads. Send `Idempotency-Key` to make retries safe.
         */
        post: operations["referOnward"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/referrals/{id}/documents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The referred subject's documents (metadata), for the receiving agency: only of the categories it may read now
         * @description For the receiving agency: the referred subject's documents, newest first (at most 200), only of the categories it may read of the subject now, decided as for `GET /v1/referrals/{id}/subject` — shared by the referral, still allowed by an active consent and an agreement in force, the referral accepted or in progress, and you its assignee (or the team's supervisor). A referral you may not know of answers 404; the sending agency reads its subject's documents at `/v1/subjects/{id}/documents` (403, rule `referral.read_subject_in_own_agency`); 403 naming the rule when none may be read now (`referral.not_open`, `referral.consent_inactive`, `referral.not_assigned`, ...). Written to the access log for both agencies.
         */
        get: operations["listReferralDocuments"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/referrals/{id}/documents/{documentId}/content": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download a document of the referred subject, as the receiving agency, as an attachment
         * @description For the receiving agency: the content of one of the referred subject's documents, only while its category may be read of the subject (see `GET /v1/referrals/{id}/documents`), streamed piece by piece as an attachment (`Content-Disposition: attachment`, never inline), with `X-Content-Type-Options: nosniff`, the type found at upload, its length, and its SHA-256 as `ETag` and `Repr-Digest`. A referral not accepted yet, or closed, answers 403 naming the rule (`referral.not_open`, or `referral.not_assigned` for whoever is not its assignee); a document of a category the referral does not share, 404 `not_found`; one it shares that you may not read now, 403 naming the rule (`referral.consent_inactive` once the consent is withdrawn, `referral.not_assigned`, ...). Every download, allowed or refused, is written to the access log as a `download` of the `ReferredDocument` with its category, which both agencies' privacy officers see.
         */
        get: operations["downloadReferralDocument"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subjects/{id}/transfers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ask another agency to take a subject’s case over for good (a transfer of responsibility)
         * @description Distinct from a referral: your agency hands the case over, and once the other agency accepts it keeps its own record of the subject holding the categories transferred, and yours becomes read-only after a grace period (the deployment’s `PONTE_TRANSFER_GRACE_DAYS`, 14 days by default). Whoever works on the subject may ask (its caseworker, the team’s supervisor; 404 or 403 `forbidden` otherwise, rule `Subject.transfer`). It rests on a consent recorded with the subject (the subject’s, a guardian’s or, for a child, a best-interests determination) whose latest version is active, names the receiving agency and covers the purpose and every category; and on a data-sharing agreement in force from your agency to it covering the purpose and every category: otherwise 422 `check_failed` naming each failed check on its field (`consentId`, `to`, `purpose`, `categories`). 400 for an unknown agency or your own; 409 `conflict` when a transfer of the subject is pending (rule `transfer.already_pending`) or was accepted (rule `subject.transferred`), or the subject has an open referral to that agency (rule `transfer.open_referral_to_recipient`: withdraw or close it first). Nothing is stored when refused. Both agencies get a `subject.transfer_requested` event with ids only. Written to the access log, on the subject. Send `Idempotency-Key` to make retries safe.
         */
        post: operations["requestTransfer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/transfers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Transfers of responsibility to your agency (inbox) or from it (outbox), newest first
         * @description The transfers you may see, newest first: `box=inbox` (the default) those to your agency, for its intake focal point, supervisors and privacy officers; `box=outbox` those from it, for its people who work on each subject and its privacy officers; `status` keeps one status. Paged: `limit` (1 to 200, default 50) and `cursor` (the `nextCursor` of the page before; null on the last page); a page may hold fewer than `limit` when some transfers on it are not yours to see. Written to the access log.
         */
        get: operations["listTransfers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/transfers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One transfer of responsibility, to either agency
         * @description A transfer your agency sent or received, as your side sees it: the sending agency its subject’s and consent’s ids, the receiving agency the id of its own record once it accepted. For the sending agency’s people who work on the subject, the receiving agency’s intake focal point and supervisors, and either side’s privacy officers; 404 `not_found` for anyone else. No personal data but the names of the categories transferred. Written to the access log. The answer’s `ETag` is its version.
         */
        get: operations["getTransfer"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/transfers/{id}/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Take a case over (intake focal point or supervisor of the receiving agency)
         * @description Your agency takes the case over: it gets its own subject record (`receivedSubjectId`), assigned to `assigneeId` (a caseworker of yours; you, when you work on cases yourself, and then it may be left out: 400 otherwise), holding the transferred categories copied from the sending agency’s record and no other, with the transfer’s basis (the consent or best-interests determination, cut to those categories) recorded as your own. The sending agency’s record becomes read-only for its people from `readOnlyFrom`. The intake focal point or a supervisor of the receiving agency may accept (404 for anyone who may not know of the transfer; 403 `forbidden`, rule `Transfer.accept`, for who may see it but not accept). 409 `conflict` (rule `transfer.transition_not_allowed`, with `currentStatus`) when it is no longer pending; 422 `check_failed` when the consent or agreement it rests on no longer holds; nothing is stored then. Both agencies get a `subject.transfer_accepted` event with ids only. Written to the access log, on both records. `If-Match` is optional: when sent, a stale tag is 412. Send `Idempotency-Key` to make retries safe.
         */
        post: operations["acceptTransfer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/transfers/{id}/decline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Decline to take a case over (intake focal point or supervisor of the receiving agency)
         * @description Your agency does not take the case over; the sending agency keeps its record as it was and reads your `reason` (write no personal data in it). The intake focal point or a supervisor of the receiving agency may decline (404 for anyone who may not know of the transfer; 403 `forbidden`, rule `Transfer.decline`, otherwise). 409 `conflict` (rule `transfer.transition_not_allowed`) when it is no longer pending. Both agencies get a `subject.transfer_declined` event with ids only. Written to the access log. `If-Match` is optional: when sent, a stale tag is 412. Send `Idempotency-Key` to make retries safe.
         */
        post: operations["declineTransfer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/transfers/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a transfer before the receiving agency decides (the sending agency)
         * @description Your agency keeps the case: the transfer is cancelled while still pending. Whoever works on the subject may cancel (404 for anyone who may not know of the transfer; 403 `forbidden`, rule `Transfer.cancel`, for who may see it but not cancel, such as the privacy officer). 409 `conflict` (rule `transfer.transition_not_allowed`, with `currentStatus`) once accepted, declined or cancelled. Both agencies get a `subject.transfer_cancelled` event with ids only. Written to the access log. No body. `If-Match` is optional: when sent, a stale tag is 412. Send `Idempotency-Key` to make retries safe.
         */
        post: operations["cancelTransfer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/retention-schedule": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your agency’s retention schedule: how long closed cases keep personal data
         * @description Your agency’s retention schedule: per service of a case’s last referral (or a default), how many days a closed case keeps its personal data and whether the daily job then erases or anonymises it, with the legal minimum the hub operator set for your agency (`legalMinimumDays`). A case is closed when its subject has no referral still open (draft, sent, accepted, in progress) and no pending transfer; it is due that many days after the latest change of it, its referrals and its transfers. For your agency’s privacy officer and administrator; anyone else of the agency, an API client or the hub operator: 403 `forbidden` (rule `Retention.list`). No personal data; not an access event. Version 0 and no rules: never set. The answer’s `ETag` is its version, for `If-Match` on `PUT`.
         */
        get: operations["getRetentionSchedule"];
        /**
         * Set your agency’s retention schedule (privacy officer; `If-Match` required)
         * @description Replaces your agency’s retention schedule whole: one rule per service (a case falls under the rule for the service of its last referral) and at most one default (`service: null`, for every other case), each a period in days and an action, `erase` or `anonymise`, which the worker’s daily job applies once a closed case is due. Only your agency’s privacy officer may set it: its administrator reads it (403 `forbidden`, rule `Retention.update`); anyone else of the agency, an API client or the hub operator: 403 (rule `Retention.list`). A period below your agency’s legal minimum (`legalMinimumDays`, set by the hub operator) is 422 `check_failed` (rule `retention.below_legal_minimum`), naming each such `rules.N.periodDays` with the check `legal_minimum`; two rules for one service, 400 `invalid_request` (check `unique`); nothing is changed then. `If-Match` with the ETag of your last read is required (`"0"` before the first schedule, or `*`): 428 without it, 412 when it changed since. The answer carries the new `ETag`. No personal data.
         */
        put: operations["replaceRetentionSchedule"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/retention/forecast": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What the daily retention job will do in the next days (a dry run)
         * @description A dry run of the worker’s daily retention job over the next `days` (default 7): your agency’s closed cases due by then under its schedule (those overdue already included), soonest first, each with its due date, the rule (service, or null for the default), the period applied (never below the legal minimum) and the action, and `held: true` for a subject under a legal hold, which the job will skip. Nothing is changed. Subject ids and case references only, no personal data. For your agency’s privacy officer and administrator; anyone else of the agency, an API client: 403 `forbidden` (rule `Retention.list`); the hub operator: 403 (rule `hub_operator.no_case_data`). Written to the access log (rule `retention.report`), a refusal too. `days` outside 0 to 90 is 400 naming it.
         */
        get: operations["forecastRetention"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/retention/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What the daily retention job did: your agency’s runs, newest first
         * @description The worker’s daily retention runs for your agency, newest first (one per day at most), each with its report: when it started and finished, how many subjects it erased, anonymised, skipped under a legal hold (held) and failed to erase (then due again the next day), and each subject’s id, case reference, rule and outcome. No personal data. For your agency’s privacy officer and administrator; anyone else of the agency, an API client: 403 `forbidden` (rule `Retention.list`); the hub operator: 403. Written to the access log (rule `retention.report`). Paged with `limit` and `cursor`.
         */
        get: operations["listRetentionRuns"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/retention/runs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One retention run of your agency, with its report
         * @description One of the worker’s daily retention runs for your agency, with its report (counts, and each subject’s id, case reference, rule and outcome: erased, anonymised, held or failed). No personal data. For your agency’s privacy officer and administrator; anyone else, and another agency’s run: 404 `not_found` (rule `Retention.read`); the hub operator: 403. Written to the access log (rule `retention.report`), a refusal too.
         */
        get: operations["getRetentionRun"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/referrals/{id}/purge-attestation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Attest that your agency purged an erased subject's data it received on this referral
         * @description Your agency received this referral and was asked to purge it (`referral.purge_requested`, reason `subject_erased`): say who purged, when, how and from which systems, with your statement. The hub signs the attestation (a JWS of type `purge-attestation+jwt`, with its signing key: verify it against `/.well-known/jwks.json`) and answers it in `attestation.receipt`; the owner's privacy officer sees it on the subject's tombstone and gets `referral.purge_attested` (ids only). Your agency's intake focal point, supervisors, privacy officer or API clients may; others of it, and the sending agency's people who know the referral, 403 (rule `Referral.attest_purge`); 404 for anyone else; 409 `conflict` when no purge was asked on it (rule `purge.not_requested`) or it was attested already (rule `purge.already_attested`); 400 for a purge dated in the future. Nothing changes when refused. Past its deadline and not attested, both agencies' privacy officers see a `purge_unattested` flag. Written to the access log. Send `Idempotency-Key` to make retries safe.
         */
        post: operations["attestPurge"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/purge-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Purge requests your agency was asked, awaiting attestation by default
         * @description The requests to purge an erased subject's data that your agency was asked as the recipient of a referral, newest first, with their deadlines and attestations: attest each with `POST /v1/referrals/{referralId}/purge-attestation`. For your agency's intake focal point, supervisors, privacy officer and API clients (403 `forbidden`, rule `Referral.attest_purge`, otherwise). Written to the access log.
         */
        get: operations["listPurgeRequests"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/referrals/{id}/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Accept a referral (intake focal point or supervisor of the receiving agency)
         * @description The receiving agency takes the referral: its status goes from `sent` to `accepted`, the sender is told (`referral.accepted` event), and with `assigneeId` a caseworker of your agency takes the case. An intake focal point or a supervisor of the receiving agency may accept (403 `forbidden`, naming the rule, otherwise); 409 `conflict` (rule `referral.transition_not_allowed`, with `currentStatus`) when it is not `sent`; 422 `check_failed` when the consent or agreement it rests on no longer holds. `If-Match` is optional: when sent, a stale tag is 412. Written to the access log. Send `Idempotency-Key` to make retries safe.
         */
        post: operations["acceptReferral"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/referrals/{id}/decline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Decline a referral, with a reason
         * @description The receiving agency refuses the referral, with a reason the sender reads; its status goes from `sent` to `declined` and both agencies get a `referral.declined` event. The body is `reasonCode`, from the closed list `DeclineReasonCode` (`no_capacity`, `outside_mandate`, `person_unreachable`, `duplicate_referral`, `consent_insufficient`, `other`), and `reason`, free text, optional except with `other`. The code is required: a body with the text alone (the shape before codes) is refused with 400 naming `reasonCode`, as is a code not in the list, and nothing changes. The event carries the code, never the text. An intake focal point or a supervisor of the receiving agency may decline (403 otherwise); 409 `conflict` when it is not `sent`. `If-Match` is optional (412 when stale). Written to the access log. Send `Idempotency-Key` to make retries safe.
         */
        post: operations["declineReferral"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/referrals/{id}/assign": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Assign an accepted referral to a caseworker of the receiving agency
         * @description Gives an accepted referral to a caseworker (and team) of the receiving agency; the status stays as it was and both agencies get a `referral.assigned` event. Take ids from `GET /v1/assignable-users`. An intake focal point or a supervisor of the receiving agency may assign (403 otherwise); 409 `conflict` when the referral is not accepted or in progress; an `assigneeId` that is no active caseworker of your agency is 400 naming it. `If-Match` is required: 428 without it, 412 when stale. Written to the access log. Send `Idempotency-Key` to make retries safe.
         */
        post: operations["assignReferral"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/referrals/{id}/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start delivering the service (assigned caseworker)
         * @description The receiving agency starts delivering the service: `accepted` becomes `in_progress`, and both agencies get a `referral.started` event. Only the assigned caseworker, or a supervisor of the assigned team, may start it (403 otherwise); 409 `conflict` when it is not `accepted`. `If-Match` is optional (412 when stale). Written to the access log. Send `Idempotency-Key` to make retries safe.
         */
        post: operations["startReferral"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/referrals/{id}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Complete a referral, with an outcome
         * @description Closes the referral with its outcome (for the sender to read): `accepted` or `in_progress` becomes `completed`; the shared data is no longer readable, and both agencies get a `referral.completed` event. The body is `outcomeCode`, from the closed list `OutcomeCode` (`service_provided`, `partly_provided`, `not_provided_person_unreachable`, `not_provided_person_declined`, `not_provided_no_capacity`, `not_provided_other`), and `outcome`, free text, optional except with `not_provided_other`. The code is required: a body with the text alone (the shape before codes) is refused with 400 naming `outcomeCode`, as is a code not in the list, and nothing changes. The event carries the code, never the text. Only the assigned caseworker, or a supervisor of the assigned team, may complete it (403 otherwise); 409 `conflict` from any other status. `If-Match` is optional (412 when stale). Written to the access log. Send `Idempotency-Key` to make retries safe.
         */
        post: operations["completeReferral"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/referrals/{id}/send": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a draft (sender), once every check passes now
         * @description Sends a draft made with `draft: true`: every check of `POST /v1/referrals` is made again now (the recipient offers the service, an agreement in force covers the purpose, the consent is active, names the recipient and covers the purpose), else 422 `check_failed` naming each. Its status goes from `draft` to `sent` and both agencies get a `referral.sent` event. Only who may work on the subject in the sending agency may send it (403 otherwise); 409 `conflict` when it is no draft. `If-Match` is optional (412 when stale). Written to the access log.
         */
        post: operations["sendDraftReferral"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/referrals/{id}/withdraw": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Withdraw a referral (sender), with a reason
         * @description The sender takes the referral back, with a reason: from `draft`, `sent`, `accepted` or `in_progress` to `withdrawn`. The receiving agency can no longer read the shared data and gets a `referral.withdrawn` event. Only who may work on the subject in the sending agency may withdraw (403 otherwise); 409 `conflict` once it is closed. `If-Match` is optional (412 when stale). Written to the access log. Send `Idempotency-Key` to make retries safe.
         */
        post: operations["withdrawReferral"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/fhir/{resourceType}/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A referral as an HL7 FHIR R5 ServiceRequest or Task (the FHIR read interaction)
         * @description Read-only, the referral pattern of HL7 and IHE: `ServiceRequest/{id}` is what the sender asks for (the service, the purpose, the sender as requester, the recipient as performer), `Task/{id}` the work that tracks it (`focus` the ServiceRequest, `requester` the sender, `owner` the recipient). `Task.status` from the referral's: draft→draft, sent→requested, accepted→accepted, declined→rejected, in_progress→in-progress, completed→completed, withdrawn→cancelled. The same check, view and access event as `GET /v1/referrals/{id}`: the subject only where that view names it (masked otherwise), the consent for the sender only.
         */
        get: operations["readReferralFhir"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your agency's events, in order (poll with the last `nextCursor`)
         * @description The events of your agency (referrals sent to or by it changing state, purge requests, pings), oldest first: the same events its webhooks deliver, for a system that polls instead. Each event carries identifiers and states only, never personal data; read the referral itself for more. Paging: start without `cursor`, then pass the `nextCursor` of each answer as `cursor`. The feed has no end, so `nextCursor` is never null: a page shorter than `limit` means you are up to date, and an empty page gives back the cursor you sent, to poll with again later. Keep the last `nextCursor` you processed and you will see every event once, in order. `after` is the name this parameter had before; it is accepted, deprecated, until the next API version (0.2.0), and sending both `after` and `cursor` is refused. Any user or API client of an agency may read its feed; the hub operator may not (403). A cursor that is not one this feed gave is 400 `invalid_request` naming the field.
         */
        get: operations["listEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your agency's webhook endpoints
         * @description Your agency’s webhook endpoints: address, event types, status (`active`, `paused` or `disabled`) and when their signing secret was made; never the secret. Only your agency’s administrator may call it (403 `forbidden`). Not paged: an agency has few endpoints.
         */
        get: operations["listWebhookEndpoints"];
        put?: never;
        /**
         * Register a webhook endpoint (agency administrator); its signing secret is answered once
         * @description Registers an address of your agency’s to receive its events (those of `eventTypes`; none listed: every event), as the `webhooks` of this description show them. Only your agency’s administrator may call it (403 `forbidden`); the address must be public `http(s)` (unless the deployment allows private targets), else 400 naming `url`. Written to the access log; the answer carries the endpoint’s `ETag` and `Location`. Deliveries follow [Standard Webhooks](https://www.standardwebhooks.com/): headers `webhook-id` (the event id, stable across retries), `webhook-timestamp` (Unix seconds) and `webhook-signature`, a space-separated list: `v1,<base64 HMAC-SHA256 under the endpoint’s secret>` (two during a rotation’s overlap) and `v1a,<base64 Ed25519 signature under the hub’s key>`, both over `<webhook-id>.<webhook-timestamp>.<body>`; `ponte-key-id` names the hub key (its `kid` in `/.well-known/jwks.json`). The `standardwebhooks` libraries verify `v1` as they are: `new Webhook(secret).verify(body, headers)`.
         */
        post: operations["createWebhookEndpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Webhook deliveries and their state (pending, delivered, dead, or cancelled: its endpoint was deleted)
         * @description The deliveries of your agency’s events to its endpoints, newest first, optionally of one `status`: `pending` (with its next attempt), `delivered`, `dead` (every attempt failed; replay it) or `cancelled` (its endpoint was deleted). A page holds at most `limit` (1 to 500, default 100); pass its `nextCursor` as `cursor` for the next, until it is null. Each names the event (the `webhook-id` the receiver saw), the attempts and the last error or HTTP status. Only your agency’s administrator may call it (403 `forbidden`).
         */
        get: operations["listWebhookDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-deliveries/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Deliver again: dead-lettered deliveries, or those of given events
         * @description Puts deliveries back in the queue, as if new: every dead-lettered one (`dead: true`) or those of given events (`eventIds`, at most 500), whatever their state. Receivers get them again with the same `webhook-id`, so they deduplicate as for a retry. The answer says how many were queued. Only your agency’s administrator may call it (403 `forbidden`); a body with neither is 400 naming it. Written to the access log. Send `Idempotency-Key` to make retries safe.
         */
        post: operations["replayWebhookDeliveries"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One webhook endpoint, with its ETag (agency administrator)
         * @description One of your agency’s webhook endpoints, without its secret. The answer’s `ETag` is its version: send it in `If-Match` to change it (`PATCH`). Only your agency’s administrator may call it (403 `forbidden`); another agency’s endpoint answers 404 `not_found`.
         */
        get: operations["getWebhookEndpoint"];
        put?: never;
        post?: never;
        /**
         * Delete an endpoint: it gets nothing more, its secrets are erased, and its pending deliveries end `cancelled`
         * @description Deletes an endpoint: nothing more is posted to it, its signing secrets are erased, and its pending deliveries end `cancelled` (the answer says how many). Only your agency’s administrator may call it (403 `forbidden`); another agency’s endpoint answers 404 `not_found`. Written to the access log.
         */
        delete: operations["deleteWebhookEndpoint"];
        options?: never;
        head?: never;
        /**
         * Change an endpoint’s address, description or event types (`If-Match` with the ETag you read is required)
         * @description Changes an endpoint’s address, description or event types (an empty list: every event); deliveries already queued go to the new address. `If-Match` with the ETag of your last read is required: 428 without it, 412 when it changed since. Only your agency’s administrator may call it (403 `forbidden`); another agency’s endpoint answers 404. An address that is not http(s), or (unless the deployment allows it) resolves to a private network, is 400 naming `url`.
         */
        patch: operations["updateWebhookEndpoint"];
        trace?: never;
    };
    "/v1/webhook-endpoints/{id}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pause an endpoint: nothing is posted to it, and its deliveries (those pending and those of new events) wait until it resumes
         * @description Pauses an endpoint, say while its receiver is down for maintenance: nothing is posted to it, and its deliveries, those pending and those of new events, wait without using up their attempts; resume it with `POST /v1/webhook-endpoints/{id}/resume`. Pausing a paused endpoint changes nothing. Only your agency’s administrator may call it (403 `forbidden`); 409 `conflict` when the endpoint changed at that very moment (read it and retry). Takes no `If-Match`: it overwrites nothing you read. The answer carries the new `ETag`.
         */
        post: operations["pauseWebhookEndpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints/{id}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resume a paused endpoint: what waited goes out
         * @description Resumes a paused endpoint: what waited goes out, in no set order, and new events are delivered again. Resuming an active endpoint changes nothing. Only your agency’s administrator may call it (403 `forbidden`); 409 `conflict` when the endpoint changed at that very moment (read it and retry). Takes no `If-Match`: it overwrites nothing you read. The answer carries the new `ETag`.
         */
        post: operations["resumeWebhookEndpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints/{id}/ping": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A test delivery: a `ponte.ping` event (data: `{ endpointId }`) delivered to this endpoint alone, by the normal path and signed as every delivery is
         * @description Queues a test delivery to this endpoint alone: a `ponte.ping` event (data: `{ endpointId }`), delivered by the normal path and signed as every delivery is, so the receiver can check its signature verification end to end. The answer is 202; to a paused endpoint it waits until the endpoint resumes. Follow it in `GET /v1/webhook-deliveries`. Only your agency’s administrator may call it (403 `forbidden`); another agency’s endpoint answers 404.
         */
        post: operations["pingWebhookEndpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints/{id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A new signing secret for an endpoint, shown once (agency administrator)
         * @description For `overlapHours` (default 24, at most 168; 0 stops the old one at once) deliveries carry a `v1` signature under each secret, so the receiver changes over without refusing any. An endpoint made before endpoints had secrets gets its first this way.
         */
        post: operations["rotateWebhookSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface webhooks {
    "referral.sent": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A referral was sent: to the sending and the receiving agency
         * @description POSTed to every endpoint that subscribes to `referral.sent` (an empty `eventTypes`: every event) of each agency the event is for: a referral’s events go to its sending and its receiving agency alike. Delivery is at least once and in no set order: deduplicate on `webhook-id`, and read the referral for its state now. Verify `webhook-signature` before trusting the body. Any 2xx within 10 seconds is delivered; anything else (another status, a timeout, a refused connection) is retried with exponential backoff from one second, doubling up to an hour, eight attempts in all, then dead-lettered (the deployment may change both: `PONTE_WEBHOOK_BACKOFF_BASE_MS`, `PONTE_WEBHOOK_MAX_ATTEMPTS`; see `GET /v1/webhook-deliveries` and `POST /v1/webhook-deliveries/replay`). A paused endpoint gets nothing until it resumes. The body carries ids and states only, never personal data.
         */
        post: operations["receiveReferralSent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "referral.accepted": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The receiving agency accepted a referral
         * @description POSTed to every endpoint that subscribes to `referral.accepted` (an empty `eventTypes`: every event) of each agency the event is for: a referral’s events go to its sending and its receiving agency alike. Delivery is at least once and in no set order: deduplicate on `webhook-id`, and read the referral for its state now. Verify `webhook-signature` before trusting the body. Any 2xx within 10 seconds is delivered; anything else (another status, a timeout, a refused connection) is retried with exponential backoff from one second, doubling up to an hour, eight attempts in all, then dead-lettered (the deployment may change both: `PONTE_WEBHOOK_BACKOFF_BASE_MS`, `PONTE_WEBHOOK_MAX_ATTEMPTS`; see `GET /v1/webhook-deliveries` and `POST /v1/webhook-deliveries/replay`). A paused endpoint gets nothing until it resumes. The body carries ids and states only, never personal data.
         */
        post: operations["receiveReferralAccepted"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "referral.declined": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The receiving agency declined a referral (its reason is read on the referral)
         * @description POSTed to every endpoint that subscribes to `referral.declined` (an empty `eventTypes`: every event) of each agency the event is for: a referral’s events go to its sending and its receiving agency alike. Delivery is at least once and in no set order: deduplicate on `webhook-id`, and read the referral for its state now. Verify `webhook-signature` before trusting the body. Any 2xx within 10 seconds is delivered; anything else (another status, a timeout, a refused connection) is retried with exponential backoff from one second, doubling up to an hour, eight attempts in all, then dead-lettered (the deployment may change both: `PONTE_WEBHOOK_BACKOFF_BASE_MS`, `PONTE_WEBHOOK_MAX_ATTEMPTS`; see `GET /v1/webhook-deliveries` and `POST /v1/webhook-deliveries/replay`). A paused endpoint gets nothing until it resumes. The body carries ids and states only, never personal data.
         */
        post: operations["receiveReferralDeclined"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "referral.assigned": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A received referral was assigned to a caseworker (the status stays as it was)
         * @description POSTed to every endpoint that subscribes to `referral.assigned` (an empty `eventTypes`: every event) of each agency the event is for: a referral’s events go to its sending and its receiving agency alike. Delivery is at least once and in no set order: deduplicate on `webhook-id`, and read the referral for its state now. Verify `webhook-signature` before trusting the body. Any 2xx within 10 seconds is delivered; anything else (another status, a timeout, a refused connection) is retried with exponential backoff from one second, doubling up to an hour, eight attempts in all, then dead-lettered (the deployment may change both: `PONTE_WEBHOOK_BACKOFF_BASE_MS`, `PONTE_WEBHOOK_MAX_ATTEMPTS`; see `GET /v1/webhook-deliveries` and `POST /v1/webhook-deliveries/replay`). A paused endpoint gets nothing until it resumes. The body carries ids and states only, never personal data.
         */
        post: operations["receiveReferralAssigned"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "referral.started": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The receiving agency started delivering the service
         * @description POSTed to every endpoint that subscribes to `referral.started` (an empty `eventTypes`: every event) of each agency the event is for: a referral’s events go to its sending and its receiving agency alike. Delivery is at least once and in no set order: deduplicate on `webhook-id`, and read the referral for its state now. Verify `webhook-signature` before trusting the body. Any 2xx within 10 seconds is delivered; anything else (another status, a timeout, a refused connection) is retried with exponential backoff from one second, doubling up to an hour, eight attempts in all, then dead-lettered (the deployment may change both: `PONTE_WEBHOOK_BACKOFF_BASE_MS`, `PONTE_WEBHOOK_MAX_ATTEMPTS`; see `GET /v1/webhook-deliveries` and `POST /v1/webhook-deliveries/replay`). A paused endpoint gets nothing until it resumes. The body carries ids and states only, never personal data.
         */
        post: operations["receiveReferralStarted"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "referral.completed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The receiving agency completed a referral (its outcome is read on the referral)
         * @description POSTed to every endpoint that subscribes to `referral.completed` (an empty `eventTypes`: every event) of each agency the event is for: a referral’s events go to its sending and its receiving agency alike. Delivery is at least once and in no set order: deduplicate on `webhook-id`, and read the referral for its state now. Verify `webhook-signature` before trusting the body. Any 2xx within 10 seconds is delivered; anything else (another status, a timeout, a refused connection) is retried with exponential backoff from one second, doubling up to an hour, eight attempts in all, then dead-lettered (the deployment may change both: `PONTE_WEBHOOK_BACKOFF_BASE_MS`, `PONTE_WEBHOOK_MAX_ATTEMPTS`; see `GET /v1/webhook-deliveries` and `POST /v1/webhook-deliveries/replay`). A paused endpoint gets nothing until it resumes. The body carries ids and states only, never personal data.
         */
        post: operations["receiveReferralCompleted"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "referral.withdrawn": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The sender withdrew a referral
         * @description POSTed to every endpoint that subscribes to `referral.withdrawn` (an empty `eventTypes`: every event) of each agency the event is for: a referral’s events go to its sending and its receiving agency alike. Delivery is at least once and in no set order: deduplicate on `webhook-id`, and read the referral for its state now. Verify `webhook-signature` before trusting the body. Any 2xx within 10 seconds is delivered; anything else (another status, a timeout, a refused connection) is retried with exponential backoff from one second, doubling up to an hour, eight attempts in all, then dead-lettered (the deployment may change both: `PONTE_WEBHOOK_BACKOFF_BASE_MS`, `PONTE_WEBHOOK_MAX_ATTEMPTS`; see `GET /v1/webhook-deliveries` and `POST /v1/webhook-deliveries/replay`). A paused endpoint gets nothing until it resumes. The body carries ids and states only, never personal data.
         */
        post: operations["receiveReferralWithdrawn"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "referral.purge_requested": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The consent a referral rested on was withdrawn, or the subject was erased: its data is no longer to be kept (on an erasure, attest the purge)
         * @description POSTed to every endpoint that subscribes to `referral.purge_requested` (an empty `eventTypes`: every event) of each agency the event is for: a referral’s events go to its sending and its receiving agency alike. Delivery is at least once and in no set order: deduplicate on `webhook-id`, and read the referral for its state now. Verify `webhook-signature` before trusting the body. Any 2xx within 10 seconds is delivered; anything else (another status, a timeout, a refused connection) is retried with exponential backoff from one second, doubling up to an hour, eight attempts in all, then dead-lettered (the deployment may change both: `PONTE_WEBHOOK_BACKOFF_BASE_MS`, `PONTE_WEBHOOK_MAX_ATTEMPTS`; see `GET /v1/webhook-deliveries` and `POST /v1/webhook-deliveries/replay`). A paused endpoint gets nothing until it resumes. The body carries ids and states only, never personal data.
         */
        post: operations["receiveReferralPurgeRequested"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "referral.purge_attested": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The receiving agency attested that it purged an erased subject's data: to the owner, the referral's sender and the recipient, ids only (read the attestation on the subject's tombstone)
         * @description POSTed to every endpoint that subscribes to `referral.purge_attested` (an empty `eventTypes`: every event) of each agency the event is for: a referral’s events go to its sending and its receiving agency alike. Delivery is at least once and in no set order: deduplicate on `webhook-id`, and read the referral for its state now. Verify `webhook-signature` before trusting the body. Any 2xx within 10 seconds is delivered; anything else (another status, a timeout, a refused connection) is retried with exponential backoff from one second, doubling up to an hour, eight attempts in all, then dead-lettered (the deployment may change both: `PONTE_WEBHOOK_BACKOFF_BASE_MS`, `PONTE_WEBHOOK_MAX_ATTEMPTS`; see `GET /v1/webhook-deliveries` and `POST /v1/webhook-deliveries/replay`). A paused endpoint gets nothing until it resumes. The body carries ids and states only, never personal data.
         */
        post: operations["receiveReferralPurgeAttested"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "referral.purge_overdue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A purge asked on an erasure was not attested by its deadline: to the owner and the recipient, once, ids only
         * @description POSTed to every endpoint that subscribes to `referral.purge_overdue` (an empty `eventTypes`: every event) of each agency the event is for: a referral’s events go to its sending and its receiving agency alike. Delivery is at least once and in no set order: deduplicate on `webhook-id`, and read the referral for its state now. Verify `webhook-signature` before trusting the body. Any 2xx within 10 seconds is delivered; anything else (another status, a timeout, a refused connection) is retried with exponential backoff from one second, doubling up to an hour, eight attempts in all, then dead-lettered (the deployment may change both: `PONTE_WEBHOOK_BACKOFF_BASE_MS`, `PONTE_WEBHOOK_MAX_ATTEMPTS`; see `GET /v1/webhook-deliveries` and `POST /v1/webhook-deliveries/replay`). A paused endpoint gets nothing until it resumes. The body carries ids and states only, never personal data.
         */
        post: operations["receiveReferralPurgeOverdue"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "referral.message": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A message was written on a referral’s conversation: to both agencies, with ids only (the text is read on the conversation)
         * @description POSTed to every endpoint that subscribes to `referral.message` (an empty `eventTypes`: every event) of each agency the event is for: a referral’s events go to its sending and its receiving agency alike. Delivery is at least once and in no set order: deduplicate on `webhook-id`, and read the referral for its state now. Verify `webhook-signature` before trusting the body. Any 2xx within 10 seconds is delivered; anything else (another status, a timeout, a refused connection) is retried with exponential backoff from one second, doubling up to an hour, eight attempts in all, then dead-lettered (the deployment may change both: `PONTE_WEBHOOK_BACKOFF_BASE_MS`, `PONTE_WEBHOOK_MAX_ATTEMPTS`; see `GET /v1/webhook-deliveries` and `POST /v1/webhook-deliveries/replay`). A paused endpoint gets nothing until it resumes. The body carries ids and states only, never personal data.
         */
        post: operations["receiveReferralMessage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "referral.overdue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A referral passed a deadline: still not accepted or declined by its response deadline, or not completed by its due date. To both agencies, once per referral and deadline, ids only
         * @description POSTed to every endpoint that subscribes to `referral.overdue` (an empty `eventTypes`: every event) of each agency the event is for: a referral’s events go to its sending and its receiving agency alike. Delivery is at least once and in no set order: deduplicate on `webhook-id`, and read the referral for its state now. Verify `webhook-signature` before trusting the body. Any 2xx within 10 seconds is delivered; anything else (another status, a timeout, a refused connection) is retried with exponential backoff from one second, doubling up to an hour, eight attempts in all, then dead-lettered (the deployment may change both: `PONTE_WEBHOOK_BACKOFF_BASE_MS`, `PONTE_WEBHOOK_MAX_ATTEMPTS`; see `GET /v1/webhook-deliveries` and `POST /v1/webhook-deliveries/replay`). A paused endpoint gets nothing until it resumes. The body carries ids and states only, never personal data.
         */
        post: operations["receiveReferralOverdue"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "subject.transfer_requested": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * An agency asked another to take a case over for good (a transfer of responsibility): to both agencies
         * @description POSTed to every endpoint that subscribes to `subject.transfer_requested` (an empty `eventTypes`: every event) of each agency the event is for: a referral’s events go to its sending and its receiving agency alike. Delivery is at least once and in no set order: deduplicate on `webhook-id`, and read the referral for its state now. Verify `webhook-signature` before trusting the body. Any 2xx within 10 seconds is delivered; anything else (another status, a timeout, a refused connection) is retried with exponential backoff from one second, doubling up to an hour, eight attempts in all, then dead-lettered (the deployment may change both: `PONTE_WEBHOOK_BACKOFF_BASE_MS`, `PONTE_WEBHOOK_MAX_ATTEMPTS`; see `GET /v1/webhook-deliveries` and `POST /v1/webhook-deliveries/replay`). A paused endpoint gets nothing until it resumes. The body carries ids and states only, never personal data.
         */
        post: operations["receiveSubjectTransferRequested"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "subject.transfer_accepted": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The receiving agency took the case over and has its own record of it; the sender’s record becomes read-only after the grace period: to both agencies
         * @description POSTed to every endpoint that subscribes to `subject.transfer_accepted` (an empty `eventTypes`: every event) of each agency the event is for: a referral’s events go to its sending and its receiving agency alike. Delivery is at least once and in no set order: deduplicate on `webhook-id`, and read the referral for its state now. Verify `webhook-signature` before trusting the body. Any 2xx within 10 seconds is delivered; anything else (another status, a timeout, a refused connection) is retried with exponential backoff from one second, doubling up to an hour, eight attempts in all, then dead-lettered (the deployment may change both: `PONTE_WEBHOOK_BACKOFF_BASE_MS`, `PONTE_WEBHOOK_MAX_ATTEMPTS`; see `GET /v1/webhook-deliveries` and `POST /v1/webhook-deliveries/replay`). A paused endpoint gets nothing until it resumes. The body carries ids and states only, never personal data.
         */
        post: operations["receiveSubjectTransferAccepted"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "subject.transfer_declined": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The receiving agency declined to take the case over (its reason is read on the transfer): to both agencies
         * @description POSTed to every endpoint that subscribes to `subject.transfer_declined` (an empty `eventTypes`: every event) of each agency the event is for: a referral’s events go to its sending and its receiving agency alike. Delivery is at least once and in no set order: deduplicate on `webhook-id`, and read the referral for its state now. Verify `webhook-signature` before trusting the body. Any 2xx within 10 seconds is delivered; anything else (another status, a timeout, a refused connection) is retried with exponential backoff from one second, doubling up to an hour, eight attempts in all, then dead-lettered (the deployment may change both: `PONTE_WEBHOOK_BACKOFF_BASE_MS`, `PONTE_WEBHOOK_MAX_ATTEMPTS`; see `GET /v1/webhook-deliveries` and `POST /v1/webhook-deliveries/replay`). A paused endpoint gets nothing until it resumes. The body carries ids and states only, never personal data.
         */
        post: operations["receiveSubjectTransferDeclined"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "subject.transfer_cancelled": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The sending agency cancelled a transfer before a decision: to both agencies
         * @description POSTed to every endpoint that subscribes to `subject.transfer_cancelled` (an empty `eventTypes`: every event) of each agency the event is for: a referral’s events go to its sending and its receiving agency alike. Delivery is at least once and in no set order: deduplicate on `webhook-id`, and read the referral for its state now. Verify `webhook-signature` before trusting the body. Any 2xx within 10 seconds is delivered; anything else (another status, a timeout, a refused connection) is retried with exponential backoff from one second, doubling up to an hour, eight attempts in all, then dead-lettered (the deployment may change both: `PONTE_WEBHOOK_BACKOFF_BASE_MS`, `PONTE_WEBHOOK_MAX_ATTEMPTS`; see `GET /v1/webhook-deliveries` and `POST /v1/webhook-deliveries/replay`). A paused endpoint gets nothing until it resumes. The body carries ids and states only, never personal data.
         */
        post: operations["receiveSubjectTransferCancelled"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "subject.rectified": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The agency that owns a subject corrected categories an open referral shares (sent, accepted or in progress, down an onward chain too): to each agency that received those categories on such a referral, one event per referral, ids and category names only; re-read the subject through the referral
         * @description POSTed to every endpoint that subscribes to `subject.rectified` (an empty `eventTypes`: every event) of each agency the event is for: only the receiving agency of each open referral that shared a corrected category. Delivery is at least once and in no set order: deduplicate on `webhook-id`, and read the referral for its state now. Verify `webhook-signature` before trusting the body. Any 2xx within 10 seconds is delivered; anything else (another status, a timeout, a refused connection) is retried with exponential backoff from one second, doubling up to an hour, eight attempts in all, then dead-lettered (the deployment may change both: `PONTE_WEBHOOK_BACKOFF_BASE_MS`, `PONTE_WEBHOOK_MAX_ATTEMPTS`; see `GET /v1/webhook-deliveries` and `POST /v1/webhook-deliveries/replay`). A paused endpoint gets nothing until it resumes. The body carries ids and states only, never personal data.
         */
        post: operations["receiveSubjectRectified"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "consent.withdrawn": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * An agency holding a referral under your agency’s consent recorded the person’s withdrawal of it from the printed receipt, in your records: to the owning agency, ids only
         * @description POSTed to every endpoint that subscribes to `consent.withdrawn` (an empty `eventTypes`: every event) of each agency the event is for: a referral’s events go to its sending and its receiving agency alike. Delivery is at least once and in no set order: deduplicate on `webhook-id`, and read the referral for its state now. Verify `webhook-signature` before trusting the body. Any 2xx within 10 seconds is delivered; anything else (another status, a timeout, a refused connection) is retried with exponential backoff from one second, doubling up to an hour, eight attempts in all, then dead-lettered (the deployment may change both: `PONTE_WEBHOOK_BACKOFF_BASE_MS`, `PONTE_WEBHOOK_MAX_ATTEMPTS`; see `GET /v1/webhook-deliveries` and `POST /v1/webhook-deliveries/replay`). A paused endpoint gets nothing until it resumes. The body carries ids and states only, never personal data.
         */
        post: operations["receiveConsentWithdrawn"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "ponte.ping": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A test delivery an administrator asked for (`POST /v1/webhook-endpoints/{id}/ping`), to that endpoint alone
         * @description POSTed to the one endpoint the ping was asked for, whatever its `eventTypes`. Delivery is at least once and in no set order: deduplicate on `webhook-id`, and read the referral for its state now. Verify `webhook-signature` before trusting the body. Any 2xx within 10 seconds is delivered; anything else (another status, a timeout, a refused connection) is retried with exponential backoff from one second, doubling up to an hour, eight attempts in all, then dead-lettered (the deployment may change both: `PONTE_WEBHOOK_BACKOFF_BASE_MS`, `PONTE_WEBHOOK_MAX_ATTEMPTS`; see `GET /v1/webhook-deliveries` and `POST /v1/webhook-deliveries/replay`). A paused endpoint gets nothing until it resumes. The body carries ids and states only, never personal data.
         */
        post: operations["receivePontePing"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: {
        ReferralSentEvent: {
            /**
             * Format: uuid
             * @description The event’s id, also in `webhook-id`
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            id: string;
            /** @enum {string} */
            type: "referral.sent";
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            createdAt: string;
            data: components["schemas"]["ReferralEventData"];
        };
        ReferralEventData: {
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            referralId: string;
            /**
             * @description The referral’s status after the step
             * @enum {string}
             */
            status: "draft" | "sent" | "accepted" | "declined" | "in_progress" | "completed" | "withdrawn";
            /** @description The referral’s version after the step (its ETag, quoted) */
            version: number;
            service: components["schemas"]["ServiceCode"];
            /** @enum {string} */
            urgency: "routine" | "priority" | "emergency";
        };
        /** @enum {string} */
        ServiceCode: "shelter" | "medical_care" | "resettlement_medical_exam" | "psychosocial_support" | "legal_aid" | "family_tracing" | "best_interests_determination" | "child_protection_case_management" | "avrr_travel" | "reintegration_economic" | "reintegration_social" | "reintegration_psychosocial" | "documentation" | "prosecution_support";
        ReferralAcceptedEvent: {
            /**
             * Format: uuid
             * @description The event’s id, also in `webhook-id`
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            id: string;
            /** @enum {string} */
            type: "referral.accepted";
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            createdAt: string;
            data: components["schemas"]["ReferralEventData"];
        };
        ReferralDeclinedEvent: {
            /**
             * Format: uuid
             * @description The event’s id, also in `webhook-id`
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            id: string;
            /** @enum {string} */
            type: "referral.declined";
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            createdAt: string;
            data: components["schemas"]["ReferralEventData"];
        };
        ReferralAssignedEvent: {
            /**
             * Format: uuid
             * @description The event’s id, also in `webhook-id`
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            id: string;
            /** @enum {string} */
            type: "referral.assigned";
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            createdAt: string;
            data: components["schemas"]["ReferralEventData"];
        };
        ReferralStartedEvent: {
            /**
             * Format: uuid
             * @description The event’s id, also in `webhook-id`
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            id: string;
            /** @enum {string} */
            type: "referral.started";
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            createdAt: string;
            data: components["schemas"]["ReferralEventData"];
        };
        ReferralCompletedEvent: {
            /**
             * Format: uuid
             * @description The event’s id, also in `webhook-id`
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            id: string;
            /** @enum {string} */
            type: "referral.completed";
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            createdAt: string;
            data: components["schemas"]["ReferralEventData"];
        };
        ReferralWithdrawnEvent: {
            /**
             * Format: uuid
             * @description The event’s id, also in `webhook-id`
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            id: string;
            /** @enum {string} */
            type: "referral.withdrawn";
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            createdAt: string;
            data: components["schemas"]["ReferralEventData"];
        };
        ReferralPurgeRequestedEvent: {
            /**
             * Format: uuid
             * @description The event’s id, also in `webhook-id`
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            id: string;
            /** @enum {string} */
            type: "referral.purge_requested";
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            createdAt: string;
            data: components["schemas"]["PurgeRequestedData"];
        };
        PurgeRequestedData: {
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            referralId: string;
            /**
             * @description Why: the consent the referral rested on was withdrawn (`consent_withdrawn`), or the subject's owner erased the subject (`subject_erased`: attest the purge with `POST /v1/referrals/{id}/purge-attestation` by `dueAt`)
             * @enum {string}
             */
            reason: "consent_withdrawn" | "subject_erased";
            /** @description The categories the referral shared: erase what you copied of them */
            categories: components["schemas"]["DataCategory"][];
            /** @enum {string} */
            status: "draft" | "sent" | "accepted" | "declined" | "in_progress" | "completed" | "withdrawn";
            /**
             * Format: uuid
             * @description On an erasure: the purge request to attest
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            purgeRequestId?: string;
            /**
             * Format: date-time
             * @description On an erasure: by when to attest the purge
             * @example 2026-11-27T09:30:00Z
             */
            dueAt?: string;
        };
        /** @enum {string} */
        DataCategory: "identity" | "contact" | "location" | "family" | "protection" | "health" | "legal";
        ReferralPurgeAttestedEvent: {
            /**
             * Format: uuid
             * @description The event’s id, also in `webhook-id`
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            id: string;
            /** @enum {string} */
            type: "referral.purge_attested";
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            createdAt: string;
            data: components["schemas"]["PurgeAttestationData"];
        };
        PurgeAttestationData: {
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            referralId: string;
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            purgeRequestId: string;
            /**
             * Format: date-time
             * @description When the recipient attested (on `referral.purge_attested`)
             * @example 2026-11-27T09:30:00Z
             */
            attestedAt?: string;
            /**
             * Format: date-time
             * @description The deadline passed (on `referral.purge_overdue`)
             * @example 2026-11-27T09:30:00Z
             */
            dueAt?: string;
        };
        ReferralPurgeOverdueEvent: {
            /**
             * Format: uuid
             * @description The event’s id, also in `webhook-id`
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            id: string;
            /** @enum {string} */
            type: "referral.purge_overdue";
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            createdAt: string;
            data: components["schemas"]["PurgeAttestationData"];
        };
        ReferralMessageEvent: {
            /**
             * Format: uuid
             * @description The event’s id, also in `webhook-id`
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            id: string;
            /** @enum {string} */
            type: "referral.message";
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            createdAt: string;
            data: components["schemas"]["ReferralMessageData"];
        };
        ReferralMessageData: {
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            referralId: string;
            /**
             * Format: uuid
             * @description Read it on `GET /v1/referrals/{id}/messages`, under the conversation’s rules (which records your read receipt)
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            messageId: string;
            authorAgency: components["schemas"]["AgencySlug"];
        };
        /** @example iom */
        AgencySlug: string;
        ReferralOverdueEvent: {
            /**
             * Format: uuid
             * @description The event’s id, also in `webhook-id`
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            id: string;
            /** @enum {string} */
            type: "referral.overdue";
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            createdAt: string;
            data: components["schemas"]["ReferralOverdueData"];
        };
        ReferralOverdueData: {
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            referralId: string;
            /**
             * @description The referral’s status when it was found overdue
             * @enum {string}
             */
            status: "draft" | "sent" | "accepted" | "declined" | "in_progress" | "completed" | "withdrawn";
            version: number;
            service: components["schemas"]["ServiceCode"];
            /** @enum {string} */
            urgency: "routine" | "priority" | "emergency";
            /**
             * @description `response`: not accepted or declined by `respondBy`; `completion`: accepted, not completed by `dueDate`
             * @enum {string}
             */
            kind: "response" | "completion";
            /** @description The deadline passed: `respondBy` (a timestamp) or `dueDate` (a date) */
            deadline: string;
        };
        SubjectTransferRequestedEvent: {
            /**
             * Format: uuid
             * @description The event’s id, also in `webhook-id`
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            id: string;
            /** @enum {string} */
            type: "subject.transfer_requested";
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            createdAt: string;
            data: components["schemas"]["TransferEventData"];
        };
        TransferEventData: {
            /**
             * Format: uuid
             * @description Read it on `GET /v1/transfers/{id}`
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            transferId: string;
            /**
             * @description The transfer’s status after the step
             * @enum {string}
             */
            status: "pending" | "accepted" | "declined" | "cancelled";
            /** @description The transfer’s version after the step (its ETag, quoted) */
            version: number;
            fromAgency: components["schemas"]["AgencySlug"];
            toAgency: components["schemas"]["AgencySlug"];
        };
        SubjectTransferAcceptedEvent: {
            /**
             * Format: uuid
             * @description The event’s id, also in `webhook-id`
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            id: string;
            /** @enum {string} */
            type: "subject.transfer_accepted";
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            createdAt: string;
            data: components["schemas"]["TransferEventData"];
        };
        SubjectTransferDeclinedEvent: {
            /**
             * Format: uuid
             * @description The event’s id, also in `webhook-id`
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            id: string;
            /** @enum {string} */
            type: "subject.transfer_declined";
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            createdAt: string;
            data: components["schemas"]["TransferEventData"];
        };
        SubjectTransferCancelledEvent: {
            /**
             * Format: uuid
             * @description The event’s id, also in `webhook-id`
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            id: string;
            /** @enum {string} */
            type: "subject.transfer_cancelled";
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            createdAt: string;
            data: components["schemas"]["TransferEventData"];
        };
        SubjectRectifiedEvent: {
            /**
             * Format: uuid
             * @description The event’s id, also in `webhook-id`
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            id: string;
            /** @enum {string} */
            type: "subject.rectified";
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            createdAt: string;
            data: components["schemas"]["SubjectRectifiedData"];
        };
        SubjectRectifiedData: {
            /**
             * Format: uuid
             * @description The open referral on which your agency received the categories corrected
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            referralId: string;
            /** @description The categories corrected that this referral shares (names only): read the subject again through the referral (`GET /v1/referrals/{id}/subject`), under the policy, for what they hold now */
            categories: components["schemas"]["DataCategory"][];
            /**
             * Format: date-time
             * @description When the agency that owns the subject corrected them
             * @example 2026-11-27T09:30:00Z
             */
            rectifiedAt: string;
        };
        ConsentWithdrawnEvent: {
            /**
             * Format: uuid
             * @description The event’s id, also in `webhook-id`
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            id: string;
            /** @enum {string} */
            type: "consent.withdrawn";
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            createdAt: string;
            data: components["schemas"]["ConsentWithdrawnData"];
        };
        ConsentWithdrawnData: {
            /**
             * Format: uuid
             * @description Your agency’s consent, now withdrawn: read it on `GET /v1/consents/{id}` (its `withdrawal` says who recorded it)
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            consentId: string;
            /**
             * Format: uuid
             * @description The referral of the agency that recorded it, under the consent
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            referralId: string;
            /**
             * @description The agency that recorded the withdrawal from the printed receipt
             * @example iom
             */
            recordedByAgency: string;
        };
        PontePingEvent: {
            /**
             * Format: uuid
             * @description The event’s id, also in `webhook-id`
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            id: string;
            /** @enum {string} */
            type: "ponte.ping";
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            createdAt: string;
            data: components["schemas"]["PingData"];
        };
        PingData: {
            /**
             * Format: uuid
             * @description The endpoint the test was asked for
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            endpointId: string;
        };
        Health: {
            /** @enum {string} */
            status: "ok";
        };
        Readiness: {
            /** @enum {string} */
            status: "ready";
            /** @enum {string} */
            storage: "postgres" | "pglite";
        };
        /** @description RFC 9457 problem details, as `application/problem+json`, in English or Portuguese by `Accept-Language` */
        Problem: {
            /**
             * @description A URI reference naming the problem type: `/problems/<code>`, which answers with the code’s meaning in both languages
             * @example /problems/precondition_failed
             */
            type: string;
            /**
             * @description A short summary of the problem type, the same for every occurrence of `code`; English or Portuguese by `Accept-Language`
             * @example The resource changed since you read it
             */
            title: string;
            /**
             * @description The HTTP status code of this answer
             * @example 412
             */
            status: number;
            /**
             * @description What went wrong in this occurrence, for a person; never personal data
             * @example The referral changed since you read it
             */
            detail?: string;
            /**
             * @description The request’s path
             * @example /v1/referrals/0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90/accept
             */
            instance?: string;
            /**
             * @description The problem’s stable code, one of a closed set: branch on this, not on `title` or `detail`
             * @enum {string}
             */
            code: "invalid_request" | "malformed_body" | "unsupported_media_type" | "payload_too_large" | "unauthenticated" | "invalid_token" | "invalid_client" | "invalid_grant" | "unsupported_grant_type" | "forbidden" | "not_found" | "conflict" | "gone" | "idempotency_in_flight" | "idempotency_key_reused" | "check_failed" | "precondition_failed" | "precondition_required" | "rate_limited" | "internal_error" | "not_ready" | "unavailable" | "timeout" | "outcome_unknown";
            /** @description The request’s id, as in the `X-Request-Id` header and the hub’s logs: quote it when asking the hub’s operators */
            requestId: string;
            /** @description One entry per failed check of the request, when the refusal is about fields of it (400, 412, 422, 428) */
            errors?: {
                /**
                 * @description Where the field is
                 * @enum {string}
                 */
                in: "body" | "query" | "path" | "header";
                /**
                 * @description The field’s dotted path in that place (`services.0.province`); empty for the whole body
                 * @example categories.0
                 */
                field: string;
                /**
                 * @description A JSON Pointer (RFC 6901) to the field, its place first
                 * @example /body/categories/0
                 */
                pointer: string;
                /**
                 * @description The check that failed, a stable name: a zod issue code (`too_small`, `invalid_type`, `unrecognized_keys`), or one of the hub’s (`required`, `unique`, `etag`, `consent_names_recipient`, ...)
                 * @example invalid_value
                 */
                check: string;
                /** @description The failure, for a person, in the answer’s language */
                message: string;
            }[];
            /**
             * @description When a rule of the hub decided the refusal: its name, the same the access log records for it (`need_to_know`, `referral.accept_not_allowed`, `referral.transition_not_allowed`, ...)
             * @example referral.transition_not_allowed
             * @enum {string}
             */
            rule?: "tenant_isolation" | "need_to_know" | "need_to_know.assigned" | "need_to_know.team" | "need_to_know.registered_by_client" | "break_glass" | "break_glass.granted" | "consent.already_withdrawn" | "consent.read" | "consent.record" | "consent.withdraw" | "consent.best_interests_needs_child_protection_officer" | "subject.register" | "subject.update" | "role.no_case_data" | "role.read_only" | "role.not_privacy_officer" | "role.cannot_assign" | "role.cannot_withdraw" | "role.cannot_register_subjects" | "hub_operator.no_case_data" | "supervisor.assign" | "identity.own_agency" | "privacy_officer.review" | "privacy_officer.subject_report" | "events.feed" | "figures.aggregate" | "retention.schedule" | "retention.report" | "retention.below_legal_minimum" | "retention.due" | "webhook.register" | "webhook.replay" | "webhook.update" | "webhook.pause" | "webhook.resume" | "webhook.delete" | "webhook.ping" | "webhook.rotate_secret" | "receipt.verified" | "receipt.unknown_consent" | "referral.sent" | "referral.drafted" | "referral.shared" | "referral.category_not_shared" | "referral.not_assigned" | "referral.not_open" | "referral.consent_inactive" | "referral.agreement_not_in_force" | "referral.read_subject_in_own_agency" | "referral.duplicate_open" | "referral.transition_not_allowed" | "referral.conversation" | "referral.conversation_closed" | "referral.converse_not_allowed" | "referral.message_personal_data" | "subject.transferred" | "subject.transfer_requested" | "subject.transfer_accepted" | "subject.transfer_declined" | "subject.transfer_cancelled" | "subject.transfer_received" | "transfer.check_failed" | "transfer.open_referral_to_recipient" | "transfer.already_pending" | "transfer.transition_not_allowed" | "referral.onward" | "referral.onward_sent" | "referral.onward_not_allowed" | "referral.onward_parent_not_accepted" | "referral.onward_consent_not_covering" | "referral.onward_categories_beyond_parent" | "referral.onward_to_owner" | "document.title_personal_data" | "consent.withdrawal_by_recipient" | "consent.withdrawal_not_held" | "role.cannot_record_withdrawal" | "subject.erase" | "subject.erased" | "subject.legal_hold" | "privacy_officer.rights_request" | "legal_hold.place" | "legal_hold.release" | "legal_hold.already_active" | "legal_hold.not_active" | "purge.requested" | "purge.attest" | "purge.attested" | "purge.already_attested" | "purge.not_requested" | "purge.unattested" | "referral.send" | "referral.accept" | "referral.decline" | "referral.assign" | "referral.start" | "referral.complete" | "referral.withdraw" | "referral.send_not_allowed" | "referral.accept_not_allowed" | "referral.decline_not_allowed" | "referral.assign_not_allowed" | "referral.start_not_allowed" | "referral.complete_not_allowed" | "referral.withdraw_not_allowed" | "referral.view.sender" | "referral.view.triage" | "referral.view.receiver" | "referral.view.metadata" | "referral.recipient_offers_service" | "referral.agreement_in_force" | "referral.known_consent" | "referral.consent_names_recipient" | "referral.consent_covers_purpose" | "referral.shared_categories_empty" | "referral.consent_withdrawn" | "referral.consent_expired" | "referral.consent_superseded" | "referral.consent_not_yet_valid" | "receipt.malformed" | "receipt.algorithm" | "receipt.type" | "receipt.signature" | "receipt.expired" | "receipt.not_yet_valid" | "receipt.issuer" | "receipt.audience" | "receipt.claims" | "consent.absent" | "consent.withdrawn" | "consent.expired" | "consent.superseded" | "consent.not_yet_valid" | "list.subjects" | "list.referrals" | "count.subjects" | "count.referrals" | "Event.read" | "Event.create" | "Event.update" | "Event.disable" | "Event.revoke" | "Event.terminate" | "Event.manage" | "Event.assign" | "Event.withdraw" | "Event.break_glass" | "Event.send" | "Event.accept" | "Event.decline" | "Event.start" | "Event.complete" | "Event.know" | "Event.cosign" | "Event.activate" | "Event.change_password" | "Event.reset" | "Event.enrol_second_factor" | "Event.lock" | "Event.rotate_secret" | "Event.delete" | "Event.converse" | "Event.download" | "Event.transfer" | "Event.cancel" | "Event.refer_onward" | "Event.record_withdrawal" | "Event.erase" | "Event.hold" | "Event.attest_purge" | "Event.list" | "Webhook.read" | "Webhook.create" | "Webhook.update" | "Webhook.disable" | "Webhook.revoke" | "Webhook.terminate" | "Webhook.manage" | "Webhook.assign" | "Webhook.withdraw" | "Webhook.break_glass" | "Webhook.send" | "Webhook.accept" | "Webhook.decline" | "Webhook.start" | "Webhook.complete" | "Webhook.know" | "Webhook.cosign" | "Webhook.activate" | "Webhook.change_password" | "Webhook.reset" | "Webhook.enrol_second_factor" | "Webhook.lock" | "Webhook.rotate_secret" | "Webhook.delete" | "Webhook.converse" | "Webhook.download" | "Webhook.transfer" | "Webhook.cancel" | "Webhook.refer_onward" | "Webhook.record_withdrawal" | "Webhook.erase" | "Webhook.hold" | "Webhook.attest_purge" | "Webhook.list" | "Figures.read" | "Figures.create" | "Figures.update" | "Figures.disable" | "Figures.revoke" | "Figures.terminate" | "Figures.manage" | "Figures.assign" | "Figures.withdraw" | "Figures.break_glass" | "Figures.send" | "Figures.accept" | "Figures.decline" | "Figures.start" | "Figures.complete" | "Figures.know" | "Figures.cosign" | "Figures.activate" | "Figures.change_password" | "Figures.reset" | "Figures.enrol_second_factor" | "Figures.lock" | "Figures.rotate_secret" | "Figures.delete" | "Figures.converse" | "Figures.download" | "Figures.transfer" | "Figures.cancel" | "Figures.refer_onward" | "Figures.record_withdrawal" | "Figures.erase" | "Figures.hold" | "Figures.attest_purge" | "Figures.list" | "Subject.read" | "Subject.create" | "Subject.update" | "Subject.disable" | "Subject.revoke" | "Subject.terminate" | "Subject.manage" | "Subject.assign" | "Subject.withdraw" | "Subject.break_glass" | "Subject.send" | "Subject.accept" | "Subject.decline" | "Subject.start" | "Subject.complete" | "Subject.know" | "Subject.cosign" | "Subject.activate" | "Subject.change_password" | "Subject.reset" | "Subject.enrol_second_factor" | "Subject.lock" | "Subject.rotate_secret" | "Subject.delete" | "Subject.converse" | "Subject.download" | "Subject.transfer" | "Subject.cancel" | "Subject.refer_onward" | "Subject.record_withdrawal" | "Subject.erase" | "Subject.hold" | "Subject.attest_purge" | "Subject.list" | "Referral.read" | "Referral.create" | "Referral.update" | "Referral.disable" | "Referral.revoke" | "Referral.terminate" | "Referral.manage" | "Referral.assign" | "Referral.withdraw" | "Referral.break_glass" | "Referral.send" | "Referral.accept" | "Referral.decline" | "Referral.start" | "Referral.complete" | "Referral.know" | "Referral.cosign" | "Referral.activate" | "Referral.change_password" | "Referral.reset" | "Referral.enrol_second_factor" | "Referral.lock" | "Referral.rotate_secret" | "Referral.delete" | "Referral.converse" | "Referral.download" | "Referral.transfer" | "Referral.cancel" | "Referral.refer_onward" | "Referral.record_withdrawal" | "Referral.erase" | "Referral.hold" | "Referral.attest_purge" | "Referral.list" | "ReferredSubject.read" | "ReferredSubject.create" | "ReferredSubject.update" | "ReferredSubject.disable" | "ReferredSubject.revoke" | "ReferredSubject.terminate" | "ReferredSubject.manage" | "ReferredSubject.assign" | "ReferredSubject.withdraw" | "ReferredSubject.break_glass" | "ReferredSubject.send" | "ReferredSubject.accept" | "ReferredSubject.decline" | "ReferredSubject.start" | "ReferredSubject.complete" | "ReferredSubject.know" | "ReferredSubject.cosign" | "ReferredSubject.activate" | "ReferredSubject.change_password" | "ReferredSubject.reset" | "ReferredSubject.enrol_second_factor" | "ReferredSubject.lock" | "ReferredSubject.rotate_secret" | "ReferredSubject.delete" | "ReferredSubject.converse" | "ReferredSubject.download" | "ReferredSubject.transfer" | "ReferredSubject.cancel" | "ReferredSubject.refer_onward" | "ReferredSubject.record_withdrawal" | "ReferredSubject.erase" | "ReferredSubject.hold" | "ReferredSubject.attest_purge" | "ReferredSubject.list" | "Document.read" | "Document.create" | "Document.update" | "Document.disable" | "Document.revoke" | "Document.terminate" | "Document.manage" | "Document.assign" | "Document.withdraw" | "Document.break_glass" | "Document.send" | "Document.accept" | "Document.decline" | "Document.start" | "Document.complete" | "Document.know" | "Document.cosign" | "Document.activate" | "Document.change_password" | "Document.reset" | "Document.enrol_second_factor" | "Document.lock" | "Document.rotate_secret" | "Document.delete" | "Document.converse" | "Document.download" | "Document.transfer" | "Document.cancel" | "Document.refer_onward" | "Document.record_withdrawal" | "Document.erase" | "Document.hold" | "Document.attest_purge" | "Document.list" | "ReferredDocument.read" | "ReferredDocument.create" | "ReferredDocument.update" | "ReferredDocument.disable" | "ReferredDocument.revoke" | "ReferredDocument.terminate" | "ReferredDocument.manage" | "ReferredDocument.assign" | "ReferredDocument.withdraw" | "ReferredDocument.break_glass" | "ReferredDocument.send" | "ReferredDocument.accept" | "ReferredDocument.decline" | "ReferredDocument.start" | "ReferredDocument.complete" | "ReferredDocument.know" | "ReferredDocument.cosign" | "ReferredDocument.activate" | "ReferredDocument.change_password" | "ReferredDocument.reset" | "ReferredDocument.enrol_second_factor" | "ReferredDocument.lock" | "ReferredDocument.rotate_secret" | "ReferredDocument.delete" | "ReferredDocument.converse" | "ReferredDocument.download" | "ReferredDocument.transfer" | "ReferredDocument.cancel" | "ReferredDocument.refer_onward" | "ReferredDocument.record_withdrawal" | "ReferredDocument.erase" | "ReferredDocument.hold" | "ReferredDocument.attest_purge" | "ReferredDocument.list" | "Consent.read" | "Consent.create" | "Consent.update" | "Consent.disable" | "Consent.revoke" | "Consent.terminate" | "Consent.manage" | "Consent.assign" | "Consent.withdraw" | "Consent.break_glass" | "Consent.send" | "Consent.accept" | "Consent.decline" | "Consent.start" | "Consent.complete" | "Consent.know" | "Consent.cosign" | "Consent.activate" | "Consent.change_password" | "Consent.reset" | "Consent.enrol_second_factor" | "Consent.lock" | "Consent.rotate_secret" | "Consent.delete" | "Consent.converse" | "Consent.download" | "Consent.transfer" | "Consent.cancel" | "Consent.refer_onward" | "Consent.record_withdrawal" | "Consent.erase" | "Consent.hold" | "Consent.attest_purge" | "Consent.list" | "AccessEvent.read" | "AccessEvent.create" | "AccessEvent.update" | "AccessEvent.disable" | "AccessEvent.revoke" | "AccessEvent.terminate" | "AccessEvent.manage" | "AccessEvent.assign" | "AccessEvent.withdraw" | "AccessEvent.break_glass" | "AccessEvent.send" | "AccessEvent.accept" | "AccessEvent.decline" | "AccessEvent.start" | "AccessEvent.complete" | "AccessEvent.know" | "AccessEvent.cosign" | "AccessEvent.activate" | "AccessEvent.change_password" | "AccessEvent.reset" | "AccessEvent.enrol_second_factor" | "AccessEvent.lock" | "AccessEvent.rotate_secret" | "AccessEvent.delete" | "AccessEvent.converse" | "AccessEvent.download" | "AccessEvent.transfer" | "AccessEvent.cancel" | "AccessEvent.refer_onward" | "AccessEvent.record_withdrawal" | "AccessEvent.erase" | "AccessEvent.hold" | "AccessEvent.attest_purge" | "AccessEvent.list" | "Agency.read" | "Agency.create" | "Agency.update" | "Agency.disable" | "Agency.revoke" | "Agency.terminate" | "Agency.manage" | "Agency.assign" | "Agency.withdraw" | "Agency.break_glass" | "Agency.send" | "Agency.accept" | "Agency.decline" | "Agency.start" | "Agency.complete" | "Agency.know" | "Agency.cosign" | "Agency.activate" | "Agency.change_password" | "Agency.reset" | "Agency.enrol_second_factor" | "Agency.lock" | "Agency.rotate_secret" | "Agency.delete" | "Agency.converse" | "Agency.download" | "Agency.transfer" | "Agency.cancel" | "Agency.refer_onward" | "Agency.record_withdrawal" | "Agency.erase" | "Agency.hold" | "Agency.attest_purge" | "Agency.list" | "AgencyServices.read" | "AgencyServices.create" | "AgencyServices.update" | "AgencyServices.disable" | "AgencyServices.revoke" | "AgencyServices.terminate" | "AgencyServices.manage" | "AgencyServices.assign" | "AgencyServices.withdraw" | "AgencyServices.break_glass" | "AgencyServices.send" | "AgencyServices.accept" | "AgencyServices.decline" | "AgencyServices.start" | "AgencyServices.complete" | "AgencyServices.know" | "AgencyServices.cosign" | "AgencyServices.activate" | "AgencyServices.change_password" | "AgencyServices.reset" | "AgencyServices.enrol_second_factor" | "AgencyServices.lock" | "AgencyServices.rotate_secret" | "AgencyServices.delete" | "AgencyServices.converse" | "AgencyServices.download" | "AgencyServices.transfer" | "AgencyServices.cancel" | "AgencyServices.refer_onward" | "AgencyServices.record_withdrawal" | "AgencyServices.erase" | "AgencyServices.hold" | "AgencyServices.attest_purge" | "AgencyServices.list" | "Agreement.read" | "Agreement.create" | "Agreement.update" | "Agreement.disable" | "Agreement.revoke" | "Agreement.terminate" | "Agreement.manage" | "Agreement.assign" | "Agreement.withdraw" | "Agreement.break_glass" | "Agreement.send" | "Agreement.accept" | "Agreement.decline" | "Agreement.start" | "Agreement.complete" | "Agreement.know" | "Agreement.cosign" | "Agreement.activate" | "Agreement.change_password" | "Agreement.reset" | "Agreement.enrol_second_factor" | "Agreement.lock" | "Agreement.rotate_secret" | "Agreement.delete" | "Agreement.converse" | "Agreement.download" | "Agreement.transfer" | "Agreement.cancel" | "Agreement.refer_onward" | "Agreement.record_withdrawal" | "Agreement.erase" | "Agreement.hold" | "Agreement.attest_purge" | "Agreement.list" | "User.read" | "User.create" | "User.update" | "User.disable" | "User.revoke" | "User.terminate" | "User.manage" | "User.assign" | "User.withdraw" | "User.break_glass" | "User.send" | "User.accept" | "User.decline" | "User.start" | "User.complete" | "User.know" | "User.cosign" | "User.activate" | "User.change_password" | "User.reset" | "User.enrol_second_factor" | "User.lock" | "User.rotate_secret" | "User.delete" | "User.converse" | "User.download" | "User.transfer" | "User.cancel" | "User.refer_onward" | "User.record_withdrawal" | "User.erase" | "User.hold" | "User.attest_purge" | "User.list" | "ApiClient.read" | "ApiClient.create" | "ApiClient.update" | "ApiClient.disable" | "ApiClient.revoke" | "ApiClient.terminate" | "ApiClient.manage" | "ApiClient.assign" | "ApiClient.withdraw" | "ApiClient.break_glass" | "ApiClient.send" | "ApiClient.accept" | "ApiClient.decline" | "ApiClient.start" | "ApiClient.complete" | "ApiClient.know" | "ApiClient.cosign" | "ApiClient.activate" | "ApiClient.change_password" | "ApiClient.reset" | "ApiClient.enrol_second_factor" | "ApiClient.lock" | "ApiClient.rotate_secret" | "ApiClient.delete" | "ApiClient.converse" | "ApiClient.download" | "ApiClient.transfer" | "ApiClient.cancel" | "ApiClient.refer_onward" | "ApiClient.record_withdrawal" | "ApiClient.erase" | "ApiClient.hold" | "ApiClient.attest_purge" | "ApiClient.list" | "LogWitness.read" | "LogWitness.create" | "LogWitness.update" | "LogWitness.disable" | "LogWitness.revoke" | "LogWitness.terminate" | "LogWitness.manage" | "LogWitness.assign" | "LogWitness.withdraw" | "LogWitness.break_glass" | "LogWitness.send" | "LogWitness.accept" | "LogWitness.decline" | "LogWitness.start" | "LogWitness.complete" | "LogWitness.know" | "LogWitness.cosign" | "LogWitness.activate" | "LogWitness.change_password" | "LogWitness.reset" | "LogWitness.enrol_second_factor" | "LogWitness.lock" | "LogWitness.rotate_secret" | "LogWitness.delete" | "LogWitness.converse" | "LogWitness.download" | "LogWitness.transfer" | "LogWitness.cancel" | "LogWitness.refer_onward" | "LogWitness.record_withdrawal" | "LogWitness.erase" | "LogWitness.hold" | "LogWitness.attest_purge" | "LogWitness.list" | "Account.read" | "Account.create" | "Account.update" | "Account.disable" | "Account.revoke" | "Account.terminate" | "Account.manage" | "Account.assign" | "Account.withdraw" | "Account.break_glass" | "Account.send" | "Account.accept" | "Account.decline" | "Account.start" | "Account.complete" | "Account.know" | "Account.cosign" | "Account.activate" | "Account.change_password" | "Account.reset" | "Account.enrol_second_factor" | "Account.lock" | "Account.rotate_secret" | "Account.delete" | "Account.converse" | "Account.download" | "Account.transfer" | "Account.cancel" | "Account.refer_onward" | "Account.record_withdrawal" | "Account.erase" | "Account.hold" | "Account.attest_purge" | "Account.list" | "Transfer.read" | "Transfer.create" | "Transfer.update" | "Transfer.disable" | "Transfer.revoke" | "Transfer.terminate" | "Transfer.manage" | "Transfer.assign" | "Transfer.withdraw" | "Transfer.break_glass" | "Transfer.send" | "Transfer.accept" | "Transfer.decline" | "Transfer.start" | "Transfer.complete" | "Transfer.know" | "Transfer.cosign" | "Transfer.activate" | "Transfer.change_password" | "Transfer.reset" | "Transfer.enrol_second_factor" | "Transfer.lock" | "Transfer.rotate_secret" | "Transfer.delete" | "Transfer.converse" | "Transfer.download" | "Transfer.transfer" | "Transfer.cancel" | "Transfer.refer_onward" | "Transfer.record_withdrawal" | "Transfer.erase" | "Transfer.hold" | "Transfer.attest_purge" | "Transfer.list" | "Retention.read" | "Retention.create" | "Retention.update" | "Retention.disable" | "Retention.revoke" | "Retention.terminate" | "Retention.manage" | "Retention.assign" | "Retention.withdraw" | "Retention.break_glass" | "Retention.send" | "Retention.accept" | "Retention.decline" | "Retention.start" | "Retention.complete" | "Retention.know" | "Retention.cosign" | "Retention.activate" | "Retention.change_password" | "Retention.reset" | "Retention.enrol_second_factor" | "Retention.lock" | "Retention.rotate_secret" | "Retention.delete" | "Retention.converse" | "Retention.download" | "Retention.transfer" | "Retention.cancel" | "Retention.refer_onward" | "Retention.record_withdrawal" | "Retention.erase" | "Retention.hold" | "Retention.attest_purge" | "Retention.list";
            /**
             * @description Seconds to wait before trying again, as in `Retry-After` (429, 503)
             * @example 2
             */
            retryAfter?: number;
            /**
             * @description A 409 or 412 on a versioned record: its version now (its ETag is this number, quoted)
             * @example 4
             */
            currentVersion?: number;
            /**
             * @description A referral’s transition refused (409): the status the referral is in now
             * @enum {string}
             */
            currentStatus?: "draft" | "sent" | "accepted" | "declined" | "in_progress" | "completed" | "withdrawn";
        };
        JsonWebKeySet: {
            keys: {
                kty: string;
                crv: string;
                x: string;
                kid: string;
                alg: string;
                use: string;
            }[];
        };
        AuthorizationServerMetadata: {
            /** @description The `iss` of the tokens the hub issues: its public URL */
            issuer: string;
            token_endpoint: string;
            jwks_uri: string;
            grant_types_supported: string[];
            token_endpoint_auth_methods_supported: string[];
            service_documentation: string;
            ui_locales_supported: string[];
        };
        ProblemType: {
            /**
             * @description This URI, as problem documents carry it in `type`
             * @example /problems/precondition_failed
             */
            type: string;
            /** @enum {string} */
            code: "invalid_request" | "malformed_body" | "unsupported_media_type" | "payload_too_large" | "unauthenticated" | "invalid_token" | "invalid_client" | "invalid_grant" | "unsupported_grant_type" | "forbidden" | "not_found" | "conflict" | "gone" | "idempotency_in_flight" | "idempotency_key_reused" | "check_failed" | "precondition_failed" | "precondition_required" | "rate_limited" | "internal_error" | "not_ready" | "unavailable" | "timeout" | "outcome_unknown";
            /**
             * @description The HTTP status a problem of this type is answered with
             * @example 412
             */
            status: number;
            /** @description The problem’s title in both languages of the hub */
            title: {
                en: string;
                pt: string;
            };
        };
        FhirResource: {
            resourceType: string;
        } & {
            [key: string]: unknown;
        };
        TokenResponse: {
            access_token: string;
            /** @enum {string} */
            token_type: "Bearer";
            expires_in: number;
        };
        TokenError: {
            /** @enum {string} */
            error: "invalid_request" | "invalid_client" | "invalid_grant" | "unauthorized_client" | "unsupported_grant_type" | "invalid_scope" | "server_error" | "temporarily_unavailable";
            /** @description English, or Portuguese by Accept-Language; printable ASCII only (RFC 6749 §5.2) */
            error_description: string;
            /** @description Each parameter that failed a check, as in the problem documents of the rest of the API */
            errors?: {
                in: string;
                field: string;
                pointer: string;
                check: string;
                message: string;
            }[];
        };
        TokenRequest: {
            /** @enum {string} */
            grant_type: "client_credentials";
            client_id?: string;
            client_secret?: string;
            scope?: string;
        } | {
            /** @enum {string} */
            grant_type: "password";
            /**
             * @description The user's agency; omitted for hub operators
             * @example iom
             */
            agency?: string;
            /** @example ana.machava */
            username: string;
            password: string;
            /** @description A TOTP code (or a recovery code) when the account has a second factor */
            otp?: string;
            scope?: string;
        };
        AccountActivated: {
            /** @enum {string} */
            status: "active";
        };
        /** @description Sets the password of a new or reset account with its one-time code */
        ActivateAccount: {
            /**
             * @description The user's agency; omitted for hub operators
             * @example iom
             */
            agency?: string;
            /** @example ana.machava */
            username: string;
            code: string;
            newPassword: string;
        };
        PasswordChanged: {
            /** @enum {string} */
            status: "changed";
        };
        ChangePassword: {
            /**
             * @description The user's agency; omitted for hub operators
             * @example iom
             */
            agency?: string;
            /** @example ana.machava */
            username: string;
            currentPassword: string;
            newPassword: string;
            otp?: string;
        };
        SecondFactorEnrolment: {
            /** @description Confirms this enrolment with a first code; valid for ten minutes */
            ticket: string;
            /** @description The TOTP secret in base 32, for apps that cannot scan the QR code */
            secret: string;
            /** @description The otpauth:// URI the QR code holds */
            otpauthUri: string;
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            expiresAt: string;
        };
        BeginSecondFactor: {
            /**
             * @description The user's agency; omitted for hub operators
             * @example iom
             */
            agency?: string;
            /** @example ana.machava */
            username: string;
            password: string;
        };
        RecoveryCodes: {
            /** @description Shown once; each signs in once in place of a code */
            recoveryCodes: string[];
        };
        ConfirmSecondFactor: {
            /**
             * @description The user's agency; omitted for hub operators
             * @example iom
             */
            agency?: string;
            /** @example ana.machava */
            username: string;
            ticket: string;
            otp: string;
        };
        Me: {
            /** @enum {string} */
            kind: "user" | "client" | "hub_operator";
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            id: string;
            agency: components["schemas"]["AgencySlug"] | null;
            roles: string[];
            displayName: string;
        };
        Agency: {
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            id: string;
            slug: components["schemas"]["AgencySlug"];
            name: {
                en: string;
                pt: string;
            };
            kind: components["schemas"]["AgencyKind"];
            /** @enum {string} */
            status: "active" | "suspended";
            services: components["schemas"]["AgencyService"][];
            /** @description The roles whose people must sign in with a second factor */
            secondFactorRoles: components["schemas"]["UserRole"][];
            /** @description The agency’s legal minimum retention of a closed case’s personal data, in days (0: none): no rule of its retention schedule may be shorter */
            retentionMinimumDays: number;
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            createdAt: string;
        };
        /** @enum {string} */
        AgencyKind: "un_agency" | "government" | "civil_society";
        AgencyService: {
            service: components["schemas"]["ServiceCode"];
            province: components["schemas"]["ProvinceCode"];
        };
        /**
         * @description ISO 3166-2:MZ
         * @enum {string}
         */
        ProvinceCode: "MZ-A" | "MZ-B" | "MZ-G" | "MZ-I" | "MZ-L" | "MZ-MPM" | "MZ-N" | "MZ-P" | "MZ-Q" | "MZ-S" | "MZ-T";
        /** @enum {string} */
        UserRole: "caseworker" | "supervisor" | "intake_focal_point" | "privacy_officer" | "agency_admin" | "child_protection_officer";
        CreateAgency: {
            slug: components["schemas"]["AgencySlug"];
            name: {
                en: string;
                pt: string;
            };
            kind: components["schemas"]["AgencyKind"];
            /** @default [] */
            services?: components["schemas"]["AgencyService"][];
            /**
             * @description The roles whose people must sign in with a second factor (TOTP)
             * @default [
             *       "agency_admin",
             *       "privacy_officer"
             *     ]
             */
            secondFactorRoles?: components["schemas"]["UserRole"][];
        };
        IssuedOneTimeCode: {
            user: components["schemas"]["User"];
            /** @description Shown once: give it to the person, who sets their password with it */
            oneTimeCode: string;
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            expiresAt: string;
            /** @description The console page where the person uses the code (the code is never in a URL) */
            activationUrl: string;
        };
        User: {
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            id: string;
            agency: components["schemas"]["AgencySlug"];
            /** @example ana.machava */
            username: string;
            displayName: string;
            roles: components["schemas"]["UserRole"][];
            /**
             * @description `pending` until the person sets a password with their one-time code
             * @enum {string}
             */
            status: "pending" | "active" | "disabled";
            /** @description Whether the account signs in with a TOTP second factor */
            secondFactor: boolean;
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            disabledAt: string | null;
        };
        CreateAgencyAdministrator: {
            /** @example ana.machava */
            username: string;
            displayName: string;
        };
        UpdateAgency: {
            name?: {
                en: string;
                pt: string;
            };
            /** @enum {string} */
            status?: "active" | "suspended";
            secondFactorRoles?: components["schemas"]["UserRole"][];
            /** @description The agency’s legal minimum retention, in days (0: none), as the law it works under sets it (a prosecutor’s files, say): its retention schedule may give no shorter period. A minimum raised above a rule already set lengthens that rule in the daily job; the schedule is not rewritten */
            retentionMinimumDays?: number;
        };
        ReplaceServices: {
            services: components["schemas"]["AgencyService"][];
        };
        Agreement: {
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            id: string;
            /**
             * @description The disclosing agency
             * @example iom
             */
            from: string;
            /**
             * @description The receiving agency
             * @example iom
             */
            to: string;
            purposes: components["schemas"]["Purpose"][];
            categories: components["schemas"]["DataCategory"][];
            /**
             * Format: date
             * @example 2026-01-01
             */
            validFrom: string;
            /**
             * Format: date
             * @example 2026-01-01
             */
            validUntil: string;
            documentRef: string;
            /** @enum {string} */
            status: "active" | "terminated";
            /** @description Hours the receiving agency has to respond to a referral under this agreement, by urgency (defaults: emergency 24, priority 72, routine 240) */
            responseHours: {
                /** @description Whole hours, 1 to 2160 */
                emergency: number;
                /** @description Whole hours, 1 to 2160 */
                priority: number;
                /** @description Whole hours, 1 to 2160 */
                routine: number;
            };
            /** @description Active and today within its validity period */
            inForce: boolean;
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            terminatedAt: string | null;
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            createdAt: string;
        };
        /** @enum {string} */
        Purpose: "protection_assistance" | "medical_care" | "psychosocial_support" | "legal_assistance" | "family_tracing_reunification" | "best_interests_procedure" | "return_reintegration" | "resettlement_processing" | "criminal_investigation_prosecution" | "documentation_status";
        CreateAgreement: {
            from: components["schemas"]["AgencySlug"];
            to: components["schemas"]["AgencySlug"];
            purposes: components["schemas"]["Purpose"][];
            categories: components["schemas"]["DataCategory"][];
            /**
             * Format: date
             * @example 2026-01-01
             */
            validFrom: string;
            /**
             * Format: date
             * @example 2026-01-01
             */
            validUntil: string;
            /** @description Reference to the signed document */
            documentRef: string;
            /** @description Hours the receiving agency has to accept or decline a referral, by urgency; an urgency left out keeps the default (emergency 24, priority 72, routine 240). A referral's deadline is fixed when it is sent. */
            responseHours?: {
                /** @description Whole hours, 1 to 2160 */
                emergency?: number;
                /** @description Whole hours, 1 to 2160 */
                priority?: number;
                /** @description Whole hours, 1 to 2160 */
                routine?: number;
            };
        };
        TerminateAgreement: {
            reason: string;
        };
        AssignableUser: {
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            id: string;
            displayName: string;
            team: string | null;
            roles: components["schemas"]["UserRole"][];
        };
        CreatedUser: {
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            id: string;
            agency: components["schemas"]["AgencySlug"];
            /** @example ana.machava */
            username: string;
            displayName: string;
            roles: components["schemas"]["UserRole"][];
            /**
             * @description `pending` until the person sets a password with their one-time code
             * @enum {string}
             */
            status: "pending" | "active" | "disabled";
            /** @description Whether the account signs in with a TOTP second factor */
            secondFactor: boolean;
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            disabledAt: string | null;
            /** @description Shown once, when no password was given */
            oneTimeCode?: string;
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            oneTimeCodeExpiresAt?: string;
        };
        CreateUser: {
            /** @example ana.machava */
            username: string;
            displayName: string;
            /** @description Omit it (recommended) to get a one-time code with which the person sets their own password */
            password?: string;
            roles: components["schemas"]["UserRole"][];
        };
        ResetUser: {
            /**
             * @description Also remove the second factor (a lost phone); the person enrols again
             * @default false
             */
            removeSecondFactor?: boolean;
        };
        ApiClient: {
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            id: string;
            agency: components["schemas"]["AgencySlug"];
            clientId: string;
            name: string;
            roles: components["schemas"]["UserRole"][];
            /** @enum {string} */
            status: "active" | "revoked";
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            revokedAt: string | null;
            /**
             * Format: date-time
             * @description Until when the secret a rotation replaced still works
             * @example 2026-11-27T09:30:00Z
             */
            previousSecretExpiresAt: string | null;
        };
        IssuedApiClient: {
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            id: string;
            agency: components["schemas"]["AgencySlug"];
            clientId: string;
            name: string;
            roles: components["schemas"]["UserRole"][];
            /** @enum {string} */
            status: "active" | "revoked";
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            revokedAt: string | null;
            /**
             * Format: date-time
             * @description Until when the secret a rotation replaced still works
             * @example 2026-11-27T09:30:00Z
             */
            previousSecretExpiresAt: string | null;
            /** @description Shown once; the hub keeps only a slow hash of it */
            clientSecret: string;
        };
        CreateApiClient: {
            name: string;
            roles: components["schemas"]["UserRole"][];
        };
        RotateApiClientSecret: {
            /**
             * @description How long the old secret keeps working (0: it stops at once)
             * @default 24
             */
            overlapHours?: number;
        };
        Subject: {
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            id: string;
            /** @description Pseudonymous reference; carries no personal data */
            reference: string;
            agency: string;
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            assignedUserId: string | null;
            team: string | null;
            version: number;
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            updatedAt: string;
            /** @description Only the categories the caller may read */
            data: {
                identity?: components["schemas"]["IdentityData"];
                contact?: components["schemas"]["ContactData"];
                location?: components["schemas"]["LocationData"];
                family?: components["schemas"]["FamilyData"];
                protection?: components["schemas"]["ProtectionData"];
                health?: components["schemas"]["HealthData"];
                legal?: components["schemas"]["LegalData"];
            };
            access: {
                readable: components["schemas"]["DataCategory"][];
                withheld: {
                    category: components["schemas"]["DataCategory"];
                    rule: string;
                }[];
                breakGlass: boolean;
            };
        };
        IdentityData: {
            givenName: string;
            familyName: string;
            otherNames?: string[];
            /**
             * Format: date
             * @example 2026-01-01
             */
            dateOfBirth?: string;
            /** @description In years, when the date of birth is unknown */
            estimatedAge?: number;
            /** @enum {string} */
            sex: "female" | "male" | "intersex" | "unknown";
            /** @example MOZ */
            nationality?: string;
            languages: string[];
        };
        ContactData: {
            phone?: string;
            alternatePhone?: string;
            /** Format: email */
            email?: string;
            safeToContact: boolean;
            /** @enum {string} */
            preferredChannel?: "phone" | "sms" | "whatsapp" | "in_person" | "through_caseworker";
        };
        LocationData: {
            current: {
                /** @example MOZ */
                country: string;
                province?: components["schemas"]["ProvinceCode"];
                district?: string;
                locality?: string;
            };
            address?: string;
            intendedDestination?: {
                /** @example MOZ */
                country: string;
                province?: components["schemas"]["ProvinceCode"];
                district?: string;
                locality?: string;
            };
            placeOfOrigin?: {
                /** @example MOZ */
                country: string;
                province?: components["schemas"]["ProvinceCode"];
                district?: string;
                locality?: string;
            };
        };
        FamilyData: {
            guardian?: {
                name: string;
                /** @enum {string} */
                relationship: "mother" | "father" | "sibling" | "spouse" | "child" | "grandparent" | "uncle_aunt" | "cousin" | "legal_guardian" | "other";
                phone?: string;
            };
            members: {
                name: string;
                /** @enum {string} */
                relationship: "mother" | "father" | "sibling" | "spouse" | "child" | "grandparent" | "uncle_aunt" | "cousin" | "legal_guardian" | "other";
                age?: number;
                location?: {
                    /** @example MOZ */
                    country: string;
                    province?: components["schemas"]["ProvinceCode"];
                    district?: string;
                    locality?: string;
                };
                phone?: string;
                /** @enum {string} */
                tracingStatus?: "not_needed" | "requested" | "in_progress" | "located" | "reunified" | "closed_not_found";
            }[];
        };
        ProtectionData: {
            traffickingIndicators: ("deceptive_recruitment" | "debt_bondage" | "document_confiscation" | "restricted_movement" | "forced_labour" | "sexual_exploitation" | "threats_or_violence" | "withheld_wages" | "child_labour")[];
            unaccompaniedMinor: boolean;
            separatedChild: boolean;
            vulnerabilities: ("survivor_of_violence" | "disability" | "chronic_illness" | "pregnant" | "elderly" | "single_parent" | "stranded" | "at_risk_of_refoulement" | "other")[];
            /** @enum {string} */
            riskLevel?: "low" | "medium" | "high";
        };
        HealthData: {
            medicalNeeds: string[];
            urgentCare: boolean;
            disabilities?: ("physical" | "sensory" | "intellectual" | "psychosocial")[];
            pregnant?: boolean;
            /** @enum {string} */
            fitToTravel?: "yes" | "no" | "with_escort" | "unknown";
        };
        LegalData: {
            /** @enum {string} */
            legalStatus: "national" | "refugee" | "asylum_seeker" | "regular_migrant" | "irregular_migrant" | "stateless" | "unknown";
            documents: {
                /** @enum {string} */
                type: "passport" | "national_id" | "birth_certificate" | "refugee_id" | "asylum_seeker_permit" | "emergency_travel_document" | "other";
                number?: string;
                /** @example MOZ */
                issuingCountry?: string;
                /**
                 * Format: date
                 * @example 2026-01-01
                 */
                expiresOn?: string;
            }[];
            victimOfTraffickingIdentified?: boolean;
            criminalCaseReference?: string;
        };
        RegisterSubject: {
            /**
             * Format: uuid
             * @description Defaults to the person registering
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            assignedUserId?: string;
            team?: string;
            identity: components["schemas"]["IdentityData"];
            contact?: components["schemas"]["ContactData"];
            location?: components["schemas"]["LocationData"];
            family?: components["schemas"]["FamilyData"];
            protection?: components["schemas"]["ProtectionData"];
            health?: components["schemas"]["HealthData"];
            legal?: components["schemas"]["LegalData"];
        };
        /** @description What the owning agency holds on a person, in sections, for the person’s right of access */
        SubjectFile: {
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            subjectId: string;
            /** @description The subject’s reference in its agency (not a name) */
            subjectReference: string;
            agency: components["schemas"]["AgencySlug"];
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            producedAt: string;
            producedBy: {
                /** @description `user` or `client` */
                kind: string;
                /**
                 * Format: uuid
                 * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
                 */
                id: string;
            };
            /** @enum {string} */
            language: "en" | "pt";
            sections: {
                data: {
                    /**
                     * Format: date-time
                     * @example 2026-11-27T09:30:00Z
                     */
                    recordedAt: string;
                    /**
                     * Format: uuid
                     * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
                     */
                    recordedBy: string;
                    /**
                     * Format: date-time
                     * @example 2026-11-27T09:30:00Z
                     */
                    updatedAt: string;
                    version: number;
                    categories: {
                        category: components["schemas"]["DataCategory"];
                        /** @description The agency holds data in this category */
                        held: boolean;
                        /** @description Whoever produced the file may read it now (a consent or another basis covers it); otherwise `withheldBy` names the rule */
                        readable: boolean;
                        /** @description The rule that withholds it from whoever produced the file (a `RuleCode`); null when readable */
                        withheldBy: string | null;
                        /** @description The data, when held and readable; null otherwise */
                        value?: unknown;
                        /** @description Who recorded or changed this category and when, from the access log (where it is known) */
                        changes: {
                            /**
                             * Format: date-time
                             * @example 2026-11-27T09:30:00Z
                             */
                            at: string;
                            agency: components["schemas"]["AgencySlug"];
                            actor: {
                                /** @description `user` or `client` */
                                kind: string;
                                /**
                                 * Format: uuid
                                 * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
                                 */
                                id: string;
                            };
                            /** @description `create` or `update` */
                            action: string;
                        }[];
                    }[];
                };
                /** @description Every consent (latest version first, each with its versions and withdrawal) */
                consents: {
                    /**
                     * Format: uuid
                     * @description The consent record id, the same across its versions
                     * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
                     */
                    id: string;
                    version: number;
                    /**
                     * Format: uuid
                     * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
                     */
                    subjectId: string;
                    subjectReference: string;
                    /** @enum {string} */
                    status: "active" | "withdrawn" | "expired" | "superseded" | "not_yet_valid";
                    /** @enum {string} */
                    grantedBy: "subject" | "guardian" | "best_interests_determination";
                    /** @enum {string|null} */
                    childAssent: "given" | "refused" | "not_capable" | null;
                    method: components["schemas"]["ConsentMethod"];
                    language: string;
                    interpreterUsed: boolean;
                    purposes: components["schemas"]["Purpose"][];
                    recipients: components["schemas"]["AgencySlug"][];
                    categories: components["schemas"]["DataCategory"][];
                    legalBasis: components["schemas"]["LegalBasis"];
                    /**
                     * Format: date-time
                     * @example 2026-11-27T09:30:00Z
                     */
                    validFrom: string;
                    /**
                     * Format: date-time
                     * @example 2026-11-27T09:30:00Z
                     */
                    validUntil: string;
                    /**
                     * Format: date-time
                     * @example 2026-11-27T09:30:00Z
                     */
                    recordedAt: string;
                    withdrawal: {
                        requestedBy: string;
                        method: components["schemas"]["ConsentMethod"];
                        reason: string;
                        /**
                         * Format: date-time
                         * @example 2026-11-27T09:30:00Z
                         */
                        withdrawnAt: string;
                        /**
                         * @description The agency that recorded the withdrawal from the printed receipt when it was not the owning agency (one holding a referral under the consent); null when the owner recorded it
                         * @example iom
                         */
                        recordedByAgency?: string | null;
                    } | null;
                    /**
                     * Format: uuid
                     * @description Who recorded this version
                     * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
                     */
                    recordedBy: string;
                    /** @description The signed receipt’s id (`consentReceiptID`: consent, version, event) */
                    receiptReference: string;
                    /** @description Every version, oldest first */
                    versions: {
                        version: number;
                        /**
                         * Format: date-time
                         * @example 2026-11-27T09:30:00Z
                         */
                        recordedAt: string;
                        /**
                         * Format: uuid
                         * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
                         */
                        recordedBy: string;
                        categories: components["schemas"]["DataCategory"][];
                        recipients: components["schemas"]["AgencySlug"][];
                        /**
                         * Format: date-time
                         * @example 2026-11-27T09:30:00Z
                         */
                        validUntil: string;
                    }[];
                    /**
                     * Format: uuid
                     * @description Who recorded the withdrawal
                     * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
                     */
                    withdrawnBy: string | null;
                    withdrawalReceiptReference: string | null;
                }[];
                referrals: {
                    /** @description Every referral the agency made of the person, oldest first */
                    sent: {
                        /**
                         * Format: uuid
                         * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
                         */
                        id: string;
                        to: components["schemas"]["AgencySlug"];
                        service: components["schemas"]["ServiceCode"];
                        purpose: components["schemas"]["Purpose"];
                        /** @enum {string} */
                        urgency: "routine" | "priority" | "emergency";
                        /** @enum {string} */
                        status: "draft" | "sent" | "accepted" | "declined" | "in_progress" | "completed" | "withdrawn";
                        /** @description The categories the referral shared (names) */
                        sharedCategories: components["schemas"]["DataCategory"][];
                        legalBasis: string;
                        /**
                         * Format: uuid
                         * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
                         */
                        consentId: string | null;
                        /**
                         * Format: date-time
                         * @example 2026-11-27T09:30:00Z
                         */
                        sentAt: string | null;
                        /**
                         * Format: date-time
                         * @example 2026-11-27T09:30:00Z
                         */
                        closedAt: string | null;
                        /** @description Its status history, with the corrections carried to its receiver (`rectified`) */
                        history: {
                            /**
                             * @description What the step did; an assignment keeps the status, so `from` and `to` are equal, as does `rectified`: the agency that owns the subject corrected categories the referral shares (named in `categories`)
                             * @enum {string}
                             */
                            step: "draft" | "send" | "accept" | "decline" | "assign" | "start" | "complete" | "withdraw" | "rectified";
                            /** @enum {string|null} */
                            from: "draft" | "sent" | "accepted" | "declined" | "in_progress" | "completed" | "withdrawn" | null;
                            /** @enum {string} */
                            to: "draft" | "sent" | "accepted" | "declined" | "in_progress" | "completed" | "withdrawn";
                            actorAgency: components["schemas"]["AgencySlug"];
                            /**
                             * Format: date-time
                             * @example 2026-11-27T09:30:00Z
                             */
                            at: string;
                            reason: string | null;
                            /** @description On `rectified` only: the categories corrected (their names, never their values); read the subject again through the referral for what they hold now */
                            categories?: components["schemas"]["DataCategory"][];
                        }[];
                    }[];
                    /** @description Where the person was referred on from them, down every chain, as far as the agency may know */
                    onward: {
                        /**
                         * Format: uuid
                         * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
                         */
                        id: string;
                        /**
                         * Format: uuid
                         * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
                         */
                        parentReferralId: string;
                        /** @description The agency that referred the person on */
                        from: string;
                        /** @description The third agency; null when the consent the chain began under does not name it */
                        to: string | null;
                        status: string;
                        /**
                         * Format: date-time
                         * @example 2026-11-27T09:30:00Z
                         */
                        sentAt: string | null;
                    }[];
                };
                /** @description Every transfer of the case to another agency, oldest first */
                transfers: {
                    /**
                     * Format: uuid
                     * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
                     */
                    id: string;
                    to: components["schemas"]["AgencySlug"];
                    /** @enum {string} */
                    status: "pending" | "accepted" | "declined" | "cancelled";
                    purpose: components["schemas"]["Purpose"];
                    categories: components["schemas"]["DataCategory"][];
                    legalBasis: string;
                    /**
                     * Format: date-time
                     * @example 2026-11-27T09:30:00Z
                     */
                    requestedAt: string;
                    /**
                     * Format: date-time
                     * @example 2026-11-27T09:30:00Z
                     */
                    decidedAt: string | null;
                }[];
                /** @description The documents of the readable categories: title, category, size and hash; never their content */
                documents: {
                    /**
                     * Format: uuid
                     * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
                     */
                    id: string;
                    title: string;
                    category: components["schemas"]["DataCategory"];
                    contentType: string;
                    size: number;
                    sha256: string;
                    /**
                     * Format: date-time
                     * @example 2026-11-27T09:30:00Z
                     */
                    createdAt: string;
                    /**
                     * Format: uuid
                     * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
                     */
                    createdBy: string;
                }[];
                /** @description Every access to the person’s data across agencies, allowed or refused, oldest first (the “who saw my data” report) */
                accesses: {
                    /**
                     * Format: date-time
                     * @example 2026-11-27T09:30:00Z
                     */
                    at: string;
                    agency: {
                        slug: string;
                        /** @description In the report’s language */
                        name: string;
                    };
                    actor: {
                        /** @description `user` or `client` */
                        kind: string;
                        /**
                         * Format: uuid
                         * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
                         */
                        id: string;
                    };
                    resource: string;
                    action: string;
                    /** @description The data categories touched (names, never values) */
                    categories: string[];
                    purpose: string | null;
                    legalBasis: string | null;
                    /** @enum {string} */
                    decision: "allow" | "deny";
                    /** @description The rule that decided (a `RuleCode`) */
                    rule: string;
                    breakGlass: boolean;
                }[];
                /** @description Once the person’s data was erased: when, why and how, and which agencies attested their purge and when; null while it is held */
                erasure: {
                    /**
                     * Format: date-time
                     * @example 2026-11-27T09:30:00Z
                     */
                    erasedAt: string;
                    /** @enum {string} */
                    reason: "request" | "retention";
                    /** @enum {string} */
                    mode: "erase" | "anonymise";
                    /** @description Every agency asked to purge what it received, with its deadline and, once given, its attestation (who, when, how) and the receipt the hub signed */
                    purgeRequests: components["schemas"]["PurgeRequest"][];
                } | null;
            };
        };
        /** @enum {string} */
        ConsentMethod: "written" | "verbal_with_witness" | "thumbprint" | "electronic";
        /** @enum {string} */
        LegalBasis: "consent" | "vital_interests" | "legal_obligation" | "public_task";
        /** @description A request to an agency that received an erased subject's data to purge it, and its attestation */
        PurgeRequest: {
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            id: string;
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            referralId: string;
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            subjectId: string;
            /**
             * @description The agency that erased the subject and asks the purge
             * @example iom
             */
            owner: string;
            /**
             * @description The agency asked to purge what it received on the referral
             * @example iom
             */
            recipient: string;
            /** @enum {string} */
            reason: "subject_erased";
            /** @description The categories the referral shared */
            categories: components["schemas"]["DataCategory"][];
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            requestedAt: string;
            /**
             * Format: date-time
             * @description By when the recipient must attest; past it, both agencies' privacy officers see a `purge_unattested` flag
             * @example 2026-11-27T09:30:00Z
             */
            dueAt: string;
            /** @description Past its deadline and not attested */
            overdue: boolean;
            attestation: {
                /**
                 * Format: date-time
                 * @example 2026-11-27T09:30:00Z
                 */
                attestedAt: string;
                /**
                 * Format: uuid
                 * @description The person or API client of the recipient that attested
                 * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
                 */
                attestedBy: string;
                /** @enum {string} */
                attestedByKind: "user" | "client";
                purgedBy: string;
                /**
                 * Format: date-time
                 * @example 2026-11-27T09:30:00Z
                 */
                purgedAt: string;
                method: string;
                systems: string[];
                statement: string;
                /** @description The attestation as a JWS signed by the hub (verify it against `/.well-known/jwks.json`) */
                receipt: string;
            } | null;
        };
        UpdateSubject: {
            identity?: components["schemas"]["IdentityData"];
            contact?: components["schemas"]["ContactData"] | null;
            location?: components["schemas"]["LocationData"] | null;
            family?: components["schemas"]["FamilyData"] | null;
            protection?: components["schemas"]["ProtectionData"] | null;
            health?: components["schemas"]["HealthData"] | null;
            legal?: components["schemas"]["LegalData"] | null;
        };
        AssignSubject: {
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            assignedUserId: string | null;
            team?: string | null;
            reason: string;
        };
        BreakGlassGrant: {
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            id: string;
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            subjectId: string;
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            grantedAt: string;
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            expiresAt: string;
            flaggedForReview: boolean;
        };
        BreakGlassRequest: {
            /** @description Why this emergency access is needed; reviewed by a privacy officer */
            justification: string;
        };
        Document: {
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            id: string;
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            subjectId: string;
            category: components["schemas"]["DataCategory"];
            /** @enum {string} */
            contentType: "application/pdf" | "image/jpeg" | "image/png";
            /** @description In bytes */
            size: number;
            /** @description SHA-256 of the content, in hex, computed by the hub as it read the upload; the download's `Repr-Digest` and `ETag` carry it too */
            sha256: string;
            /** @description What the document is, for the people who may read it ("Medical report, Maputo Central Hospital"): it need not, and should not, name the person */
            title: string;
            /**
             * Format: uuid
             * @description The user (or API client) who added it
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            createdBy: string;
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            createdAt: string;
        };
        DocumentList: {
            /** @description Newest first, at most 200: only the documents of the categories you may read now */
            items: components["schemas"]["Document"][];
        };
        /** @description What remains of an erased subject: no personal data; ids, dates and the purge requests with their attestations */
        SubjectTombstone: {
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            id: string;
            reference: string;
            agency: components["schemas"]["AgencySlug"];
            /** @enum {boolean} */
            erased: true;
            /** @description The subject record's version, as its `ETag`; it never changes after the erasure */
            version: number;
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            erasedAt: string;
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            erasedBy: string;
            /** @enum {string} */
            reason: "request" | "retention";
            /** @enum {string} */
            mode: "erase" | "anonymise";
            /** @description Kept on an anonymised tombstone only: coarse attributes that identify no one */
            attributes: {
                ageBand: string;
                sex: string;
                province: components["schemas"]["ProvinceCode"] | null;
            } | null;
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            createdAt: string;
            purgeRequests: components["schemas"]["PurgeRequest"][];
        };
        /**
         * @example {
         *       "reason": "request",
         *       "mode": "erase",
         *       "confirm": true
         *     }
         */
        EraseSubject: {
            /**
             * @description `request`: the person (or their representative) asked for erasure; `retention`: the agency no longer has a basis to keep the data
             * @enum {string}
             */
            reason: "request" | "retention";
            /**
             * @description `erase` (default): nothing of the person is kept; `anonymise`: only age band, sex and province stay on the tombstone, so the agency's figures still count the case. Both delete every personal category.
             * @default erase
             * @enum {string}
             */
            mode?: "erase" | "anonymise";
            /** @description Must be `true`: erasure cannot be undone */
            confirm: boolean;
        };
        /** @description A hold on erasing a subject, by request or by retention, until released */
        LegalHold: {
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            id: string;
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            subjectId: string;
            reason: string;
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            placedBy: string;
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            placedAt: string;
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            releasedBy: string | null;
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            releasedAt: string | null;
            releaseReason: string | null;
            active: boolean;
        };
        /**
         * @example {
         *       "reason": "Court order 123/2026, Maputo provincial court"
         *     }
         */
        PlaceLegalHold: {
            /** @description Why the data must be kept (a court order, an investigation, by reference); write no personal data in it */
            reason: string;
        };
        LegalHoldList: {
            items: components["schemas"]["LegalHold"][];
        };
        ReleaseLegalHold: {
            /** @description Why the hold ends; write no personal data in it */
            reason: string;
        };
        ConsentWithReceipt: {
            consent: components["schemas"]["Consent"];
            /** @description Compact JWS signed by the hub (verify with /.well-known/jwks.json) */
            receipt: string;
        };
        Consent: {
            /**
             * Format: uuid
             * @description The consent record id, the same across its versions
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            id: string;
            version: number;
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            subjectId: string;
            subjectReference: string;
            /** @enum {string} */
            status: "active" | "withdrawn" | "expired" | "superseded" | "not_yet_valid";
            /** @enum {string} */
            grantedBy: "subject" | "guardian" | "best_interests_determination";
            /** @enum {string|null} */
            childAssent: "given" | "refused" | "not_capable" | null;
            method: components["schemas"]["ConsentMethod"];
            language: string;
            interpreterUsed: boolean;
            purposes: components["schemas"]["Purpose"][];
            recipients: components["schemas"]["AgencySlug"][];
            categories: components["schemas"]["DataCategory"][];
            legalBasis: components["schemas"]["LegalBasis"];
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            validFrom: string;
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            validUntil: string;
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            recordedAt: string;
            withdrawal: {
                requestedBy: string;
                method: components["schemas"]["ConsentMethod"];
                reason: string;
                /**
                 * Format: date-time
                 * @example 2026-11-27T09:30:00Z
                 */
                withdrawnAt: string;
                /**
                 * @description The agency that recorded the withdrawal from the printed receipt when it was not the owning agency (one holding a referral under the consent); null when the owner recorded it
                 * @example iom
                 */
                recordedByAgency?: string | null;
            } | null;
        };
        RecordConsent: {
            /**
             * Format: uuid
             * @description The consent this is a new version of
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            supersedes?: string;
            /** @enum {string} */
            grantedBy: "subject" | "guardian" | "best_interests_determination";
            guardian?: {
                name: string;
                relationship: string;
            };
            /** @description Why a guardian grants an adult's consent */
            guardianReason?: string;
            bestInterestsDetermination?: {
                reference: string;
                /**
                 * Format: date
                 * @example 2026-01-01
                 */
                decidedOn: string;
            };
            /** @enum {string} */
            childAssent?: "given" | "refused" | "not_capable";
            method: components["schemas"]["ConsentMethod"];
            witness?: {
                name: string;
                role: string;
            };
            /** @example pt */
            language: string;
            interpreterUsed: boolean;
            purposes: components["schemas"]["Purpose"][];
            recipients: components["schemas"]["AgencySlug"][];
            categories: components["schemas"]["DataCategory"][];
            legalBasis: components["schemas"]["LegalBasis"];
            /**
             * Format: date-time
             * @description Defaults to now
             * @example 2026-11-27T09:30:00Z
             */
            validFrom?: string;
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            validUntil: string;
        };
        WithdrawConsent: {
            /** @enum {string} */
            requestedBy: "subject" | "guardian" | "caseworker";
            method: components["schemas"]["ConsentMethod"];
            reason: string;
        };
        ReceiptVerification: {
            /** @description The signature is the hub’s and the receipt is well formed */
            valid: boolean;
            reason?: string;
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            consentId?: string;
            version?: number;
            /** @enum {string} */
            event?: "given" | "withdrawn";
            /** @enum {string} */
            currentStatus?: "active" | "withdrawn" | "expired" | "superseded" | "not_yet_valid";
            /** @description The consent the receipt proves counts now */
            active: boolean;
        };
        VerifyReceipt: {
            receipt: string;
        };
        ReceiptWithdrawal: {
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            consentId: string;
            /** @description The consent’s latest version, which the withdrawal ends with every other */
            version: number;
            /**
             * @description The agency whose consent it is: the withdrawal is in its records, and it is told (`consent.withdrawn`)
             * @example iom
             */
            owningAgency: string;
            /**
             * @description Your agency, which recorded it
             * @example iom
             */
            recordedByAgency: string;
            /** @enum {string} */
            status: "withdrawn";
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            withdrawnAt: string;
            /** @description Your agency’s open referrals under the consent: they no longer show the data they shared, and you are asked to purge it (`referral.purge_requested`) */
            referralIds: string[];
        };
        WithdrawFromReceipt: {
            /** @enum {string} */
            requestedBy: "subject" | "guardian" | "caseworker";
            method: components["schemas"]["ConsentMethod"];
            reason: string;
            /** @description What the receipt’s QR code holds (the hub-signed receipt reference), or the full signed receipt */
            receipt: string;
        };
        LogHeadsPage: {
            items: components["schemas"]["SignedLogHead"][];
            /** @description Pass as `cursor` to read on. Never null: heads keep coming as the log is sealed. After the last head it names the same position, so an empty page tells you to poll again later with it. */
            nextCursor: string;
        };
        SignedLogHead: {
            /** @description Events in the tree this head commits to */
            treeSize: number;
            /** @description The Merkle tree root (RFC 9162) */
            rootHash: string;
            /** @description A compact JWS of `{treeSize, rootHash, ...}` signed with a key of the hub’s JWKS */
            signedHead: string;
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            createdAt: string;
        };
        WitnessKey: {
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            id: string;
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            agencyId: string;
            /** @description The key name its cosignature lines carry */
            name: string;
            keyId: string;
            /** @description `<name>+<key id>+<base64(0x04 ‖ Ed25519 public key)>` */
            verifierKey: string;
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            revokedAt: string | null;
        };
        Cosignature: {
            treeSize: number;
            rootHash: string;
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            agencyId: string;
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            witnessKeyId: string;
            /**
             * Format: date-time
             * @description The time the witness states it cosigned
             * @example 2026-11-27T09:30:00Z
             */
            signedAt: string;
            /** @description Whether this checkpoint now has cosignatures from as many agencies as the hub requires */
            witnessed: boolean;
        };
        /** @description Recompute the root from `leafHash`, `logIndex`, `treeSize` and `auditPath` (RFC 6962 §2.1.1) and compare it with the signed head’s */
        AccessEventProof: {
            event: components["schemas"]["AccessEvent"];
            /**
             * @description The event’s leaf hash in the tree (RFC 6962: SHA-256 of 0x00 and the leaf)
             * @example 5f0c9a1f4a6b0d3e2c1b8a7f6e5d4c3b2a1908f7e6d5c4b3a2918f7e6d5c4b3a
             */
            leafHash: string;
            /** @description The event’s place in the log, from 0 */
            logIndex: number;
            /** @description The size of the tree the proof is against: the latest signed head’s */
            treeSize: number;
            /** @description That head’s root hash */
            rootHash: string;
            /** @description That head, a compact JWS signed with a key of `/.well-known/jwks.json` */
            signedHead: string;
            /** @description The audit path from the leaf to the root, leaf side first */
            auditPath: string[];
        };
        /** @description Names of what was accessed, never values */
        AccessEvent: {
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            id: string;
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            occurredAt: string;
            actor: {
                kind: string;
                /**
                 * Format: uuid
                 * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
                 */
                id: string;
                /**
                 * Format: uuid
                 * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
                 */
                agencyId: string;
                /** @description The user’s display name or the API client’s name, when the actor is of the reading agency; null for another agency’s actor */
                name: string | null;
            };
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            subjectId: string | null;
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            owningAgencyId: string | null;
            resource: string;
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            resourceId: string | null;
            action: string;
            fields: string[];
            purpose: string | null;
            legalBasis: string | null;
            /** @enum {string} */
            decision: "allow" | "deny";
            rule: string;
            breakGlass: boolean;
            /** @description The hub's id of the request (the answer's X-Request-Id) */
            requestId: string;
            /** @description The X-Request-Id the caller sent, if any: its own label, not sealed into the log */
            clientRequestId: string | null;
            /** @description Its place in the sealed log; null until sealed */
            logIndex: number | null;
        };
        /** @description Proves that the log of `from` events is a prefix of the log of `to` events: check it against two signed heads you hold */
        LogConsistencyProof: {
            /** @description The smaller size, as asked */
            from: number;
            /** @description The larger size, as asked */
            to: number;
            /** @description The consistency proof’s hashes, as RFC 6962 §2.1.2 orders them */
            proof: string[];
        };
        LogVerification: {
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            id: string;
            /**
             * @description `done`: the report says whether the log verifies; `failed`: the hub could not finish it (ask again)
             * @enum {string}
             */
            status: "queued" | "running" | "done" | "failed";
            /** @description Events verified so far */
            checked: number;
            /** @description Events to verify, once known */
            total: number | null;
            /** @description Once `done` */
            report: {
                ok: boolean;
                events: number;
                heads: number;
                /** @description The first event or head that does not match, in log order */
                firstProblem: {
                    [key: string]: unknown;
                } | null;
                witness?: {
                    treeSize: number;
                    consistent: boolean;
                };
                archivedEvents?: number;
                witnesses?: {
                    /** @description Agencies whose witnesses must cosign a checkpoint for the hub to call it witnessed */
                    required: number;
                    cosignatures: number;
                    /** @description The largest checkpoint cosigned by witnesses of enough agencies, and by whom */
                    latestWitnessed: {
                        treeSize: number;
                        agencyIds: string[];
                    } | null;
                };
            } | null;
            failure: string | null;
            witnessGiven: boolean;
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            startedAt: string | null;
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            finishedAt: string | null;
        };
        AccessFlagPage: {
            /**
             * Format: date-time
             * @description The window’s start (default: 7 days before `to`)
             * @example 2026-11-27T09:30:00Z
             */
            from: string;
            /**
             * Format: date-time
             * @description The window’s end (default: now)
             * @example 2026-11-27T09:30:00Z
             */
            to: string;
            items: components["schemas"]["AccessFlag"][];
            /** @description Pass as `cursor` (with the same window) to read the next page; null at the end */
            nextCursor: string | null;
        };
        AccessFlag: {
            /**
             * @description Stable for the same finding (24 hex digits), so a review can point at it
             * @example 3f9a0c1b2d4e5f60718293a4
             */
            id: string;
            /** @enum {string} */
            kind: "break_glass" | "repeated_denials" | "unusual_volume" | "outside_working_hours" | "read_without_assignment" | "message_personal_data" | "purge_unattested";
            /**
             * Format: uuid
             * @description Who acted: a person or API client; for `purge_unattested`, the agency asked to purge
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            actorId: string;
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            actorAgencyId: string;
            /** @description The actor’s name, when of your agency; null for another agency’s actor */
            actorName: string | null;
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            subjectId: string | null;
            /**
             * Format: date-time
             * @description When the pattern begins
             * @example 2026-11-27T09:30:00Z
             */
            from: string;
            /**
             * Format: date-time
             * @description When it ends
             * @example 2026-11-27T09:30:00Z
             */
            to: string;
            /** @description The access events it is made of */
            eventIds: string[];
            /** @description What was counted, by kind (`denials`, `reads`, `usual`, ...) */
            detail: {
                [key: string]: number | string;
            };
            /** @description Its reviews, oldest first */
            reviews: {
                /** @enum {string} */
                status: "reviewed" | "escalated";
                note: string;
                /**
                 * Format: date-time
                 * @example 2026-11-27T09:30:00Z
                 */
                at: string;
                /**
                 * Format: uuid
                 * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
                 */
                reviewerId: string;
            }[];
        };
        AccessReview: {
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            id: string;
            /** @enum {string} */
            targetKind: "event" | "flag";
            /** @description The access event’s id, or the flag’s */
            targetId: string;
            /** @enum {string} */
            status: "reviewed" | "escalated";
            note: string;
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            at: string;
        };
        ReviewAccess: {
            /** @enum {string} */
            targetKind: "event" | "flag";
            targetId: string;
            /** @enum {string} */
            status: "reviewed" | "escalated";
            note: string;
        };
        /** @description Every access to the subject’s data, across agencies, oldest first */
        SubjectAccessReport: {
            /** @description The subject’s reference in its agency (not a name) */
            subjectReference: string;
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            producedAt: string;
            /** @enum {string} */
            language: "en" | "pt";
            accesses: {
                /**
                 * Format: date-time
                 * @example 2026-11-27T09:30:00Z
                 */
                at: string;
                agency: {
                    slug: string;
                    /** @description In the report’s language */
                    name: string;
                };
                actor: {
                    /** @description `user` or `client` */
                    kind: string;
                    /**
                     * Format: uuid
                     * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
                     */
                    id: string;
                };
                resource: string;
                action: string;
                /** @description The data categories touched (names, never values) */
                categories: string[];
                purpose: string | null;
                legalBasis: string | null;
                /** @enum {string} */
                decision: "allow" | "deny";
                /** @description The rule that decided (a `RuleCode`) */
                rule: string;
                breakGlass: boolean;
            }[];
            /** @description Where the person was referred on from the referrals the owner sent, down every chain, oldest first */
            onwardReferrals: {
                /**
                 * Format: uuid
                 * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
                 */
                id: string;
                /**
                 * Format: uuid
                 * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
                 */
                parentReferralId: string;
                /** @description The agency that referred the person on */
                from: string;
                /** @description The third agency; null when the consent the chain began under does not name it */
                to: string | null;
                status: string;
                /**
                 * Format: date-time
                 * @example 2026-11-27T09:30:00Z
                 */
                sentAt: string | null;
            }[];
        };
        Referral: {
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            id: string;
            from: components["schemas"]["AgencySlug"];
            to: components["schemas"]["AgencySlug"];
            /** @enum {string} */
            status: "draft" | "sent" | "accepted" | "declined" | "in_progress" | "completed" | "withdrawn";
            version: number;
            service: components["schemas"]["ServiceCode"];
            purpose: components["schemas"]["Purpose"];
            /** @enum {string} */
            urgency: "routine" | "priority" | "emergency";
            /**
             * Format: date
             * @example 2026-01-01
             */
            dueDate: string | null;
            /** @description In the sender’s and the triage view only */
            triage: {
                /** @enum {string} */
                ageBand: "0-4" | "5-11" | "12-17" | "18-24" | "25-59" | "60+" | "unknown";
                sex: string;
                province: components["schemas"]["ProvinceCode"] | null;
                languages: string[];
            } | null;
            sharedCategories: components["schemas"]["DataCategory"][];
            legalBasis: string;
            /**
             * Format: uuid
             * @description Shown to the sender; to the receiver once it has accepted
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            subjectId: string | null;
            /**
             * Format: uuid
             * @description Shown to the sender only
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            consentId: string | null;
            note: string | null;
            /**
             * Format: uuid
             * @description The receiving agency's caseworker
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            assigneeId: string | null;
            /**
             * @description How it ended, once completed; `outcome` is the free text beside it
             * @enum {string|null}
             */
            outcomeCode: "service_provided" | "partly_provided" | "not_provided_person_unreachable" | "not_provided_person_declined" | "not_provided_no_capacity" | "not_provided_other" | null;
            outcome: string | null;
            /**
             * @description Why it was declined, once declined; `reason` is the free text beside it
             * @enum {string|null}
             */
            reasonCode: "no_capacity" | "outside_mandate" | "person_unreachable" | "duplicate_referral" | "consent_insufficient" | "other" | null;
            /** @description Why it was declined or withdrawn */
            reason: string | null;
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            sentAt: string | null;
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            acceptedAt: string | null;
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            completedAt: string | null;
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            closedAt: string | null;
            /**
             * Format: date-time
             * @description The response deadline: by when the receiving agency is to accept or decline. Fixed when the referral is sent (its urgency’s response time under the agreement then); null on a draft. Not `dueDate`, which is the sender’s own date for the service itself
             * @example 2026-11-27T09:30:00Z
             */
            respondBy: string | null;
            /** @description Now past a deadline: still `sent` after `respondBy`, or accepted or in progress after `dueDate` */
            overdue: boolean;
            /**
             * @description `response`: not accepted or declined by `respondBy`; `completion`: accepted, not completed by `dueDate`; null when not overdue
             * @enum {string|null}
             */
            overdueKind: "response" | "completion" | null;
            transitions: {
                /**
                 * @description What the step did; an assignment keeps the status, so `from` and `to` are equal, as does `rectified`: the agency that owns the subject corrected categories the referral shares (named in `categories`)
                 * @enum {string}
                 */
                step: "draft" | "send" | "accept" | "decline" | "assign" | "start" | "complete" | "withdraw" | "rectified";
                /** @enum {string|null} */
                from: "draft" | "sent" | "accepted" | "declined" | "in_progress" | "completed" | "withdrawn" | null;
                /** @enum {string} */
                to: "draft" | "sent" | "accepted" | "declined" | "in_progress" | "completed" | "withdrawn";
                actorAgency: components["schemas"]["AgencySlug"];
                /**
                 * Format: date-time
                 * @example 2026-11-27T09:30:00Z
                 */
                at: string;
                reason: string | null;
                /** @description On `rectified` only: the categories corrected (their names, never their values); read the subject again through the referral for what they hold now */
                categories?: components["schemas"]["DataCategory"][];
            }[];
            /**
             * @description Which view of the referral this is
             * @enum {string}
             */
            view: "sender" | "triage" | "receiver" | "metadata";
            /**
             * Format: uuid
             * @description The referral this one refers the person on from; shown to whoever may see that referral
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            parentReferralId: string | null;
            /** @description On a single referral: the person referred on from it (to its receiver), or from anywhere down its chain (to the subject's owner, without the third agency unless the consent names it) */
            onwardReferrals?: components["schemas"]["OnwardReferral"][];
        };
        /** @description A referral of the same person on to a third agency, as far as the reader may know of it */
        OnwardReferral: {
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            id: string;
            /**
             * @description The third agency; null to the subject's owner when the root consent does not name it
             * @example iom
             */
            to: string | null;
            /** @enum {string} */
            status: "draft" | "sent" | "accepted" | "declined" | "in_progress" | "completed" | "withdrawn";
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            sentAt: string | null;
        };
        SendReferral: {
            /**
             * @description The receiving agency
             * @example iom
             */
            to: string;
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            subjectId: string;
            /**
             * Format: uuid
             * @description The consent (or other recorded legal basis) the referral rests on
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            consentId: string;
            service: components["schemas"]["ServiceCode"];
            purpose: components["schemas"]["Purpose"];
            /** @enum {string} */
            urgency: "routine" | "priority" | "emergency";
            /** @description What you choose to share; the hub keeps only what consent and the agreement also allow */
            categories: components["schemas"]["DataCategory"][];
            /** @description For the receiving agency; no personal data beyond the shared categories */
            note?: string;
            /**
             * Format: date
             * @description Your own date for the service to be delivered by (a completion deadline); the response deadline (`respondBy`) comes from the urgency
             * @example 2026-01-01
             */
            dueDate?: string;
            /**
             * @description Keep as a draft instead of sending
             * @default false
             */
            draft?: boolean;
        };
        ReferralFigures: {
            /** @description Counts from 1 up to this, exclusive, are shown as `"<5"` */
            suppressedBelow: number;
            sent: {
                /** @description A count; 1 to 4 are shown as `"<5"` */
                total: number | "<5";
                /** @description By referral status; when one count alone would be hidden, the next smallest is hidden too */
                byStatus: {
                    [key: string]: number | "<5";
                };
                /** @description By service code, suppressed as `byStatus` */
                byService: {
                    [key: string]: number | "<5";
                };
                /** @description Accepted over decided; null when either is fewer than 5 */
                acceptanceRate: number | null;
                /** @description From sent to accepted; null on fewer than 5 referrals */
                medianHoursToAccept: number | null;
                /** @description The 90th percentile of the hours from sent to accepted (nearest rank); null on fewer than 5 referrals */
                p90HoursToAccept: number | null;
                /** @description From sent to completed; null on fewer than 5 referrals */
                medianHoursToComplete: number | null;
                /** @description The 90th percentile of the hours from sent to completed (nearest rank); null on fewer than 5 referrals */
                p90HoursToComplete: number | null;
                /** @description The share of referrals with a response deadline that missed it (not accepted or declined by `respondBy`, including those still waiting past it); null when the referrals, those that missed it or those that did not are fewer than 5 (none is fine) */
                overdueShare: number | null;
                /** @description The timing figures per service code, each withheld on fewer than 5 referrals */
                timingByService: {
                    [key: string]: components["schemas"]["ReferralGroupFigures"];
                };
                /** @description Per other agency (its slug): the receiving agency for referrals sent, the sending agency for referrals received; each figure withheld on fewer than 5 referrals */
                byPartner: {
                    [key: string]: components["schemas"]["ReferralGroupFigures"];
                };
            };
            received: {
                /** @description A count; 1 to 4 are shown as `"<5"` */
                total: number | "<5";
                /** @description By referral status; when one count alone would be hidden, the next smallest is hidden too */
                byStatus: {
                    [key: string]: number | "<5";
                };
                /** @description By service code, suppressed as `byStatus` */
                byService: {
                    [key: string]: number | "<5";
                };
                /** @description Accepted over decided; null when either is fewer than 5 */
                acceptanceRate: number | null;
                /** @description From sent to accepted; null on fewer than 5 referrals */
                medianHoursToAccept: number | null;
                /** @description The 90th percentile of the hours from sent to accepted (nearest rank); null on fewer than 5 referrals */
                p90HoursToAccept: number | null;
                /** @description From sent to completed; null on fewer than 5 referrals */
                medianHoursToComplete: number | null;
                /** @description The 90th percentile of the hours from sent to completed (nearest rank); null on fewer than 5 referrals */
                p90HoursToComplete: number | null;
                /** @description The share of referrals with a response deadline that missed it (not accepted or declined by `respondBy`, including those still waiting past it); null when the referrals, those that missed it or those that did not are fewer than 5 (none is fine) */
                overdueShare: number | null;
                /** @description The timing figures per service code, each withheld on fewer than 5 referrals */
                timingByService: {
                    [key: string]: components["schemas"]["ReferralGroupFigures"];
                };
                /** @description Per other agency (its slug): the receiving agency for referrals sent, the sending agency for referrals received; each figure withheld on fewer than 5 referrals */
                byPartner: {
                    [key: string]: components["schemas"]["ReferralGroupFigures"];
                };
            };
        };
        ReferralGroupFigures: {
            /** @description How many; suppressed across the group as `byStatus` */
            referrals: number | "<5";
            /** @description From sent to accepted; null on fewer than 5 referrals */
            medianHoursToAccept: number | null;
            /** @description The 90th percentile of the hours from sent to accepted (nearest rank); null on fewer than 5 referrals */
            p90HoursToAccept: number | null;
            /** @description From sent to completed; null on fewer than 5 referrals */
            medianHoursToComplete: number | null;
            /** @description The 90th percentile of the hours from sent to completed (nearest rank); null on fewer than 5 referrals */
            p90HoursToComplete: number | null;
            /** @description The share of referrals with a response deadline that missed it (not accepted or declined by `respondBy`, including those still waiting past it); null when the referrals, those that missed it or those that did not are fewer than 5 (none is fine) */
            overdueShare: number | null;
        };
        ReferredSubject: {
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            referralId: string;
            /** @description The subject’s pseudonymous reference in the sending agency */
            reference: string;
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            readAt: string;
            /** @description Only the categories readable now */
            data: {
                identity?: components["schemas"]["IdentityData"];
                contact?: components["schemas"]["ContactData"];
                location?: components["schemas"]["LocationData"];
                family?: components["schemas"]["FamilyData"];
                protection?: components["schemas"]["ProtectionData"];
                health?: components["schemas"]["HealthData"];
                legal?: components["schemas"]["LegalData"];
            };
            access: {
                readable: components["schemas"]["DataCategory"][];
                withheld: {
                    category: components["schemas"]["DataCategory"];
                    /** @description Why it is withheld (a `RuleCode`) */
                    rule: string;
                }[];
            };
        };
        ReferralMessage: {
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            id: string;
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            referralId: string;
            authorAgency: components["schemas"]["AgencySlug"];
            /**
             * Format: uuid
             * @description The user (or API client) who wrote it
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            authorId: string;
            body: string;
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description When someone of the agency that did not write it first read it (its read receipt); null while nobody has
             * @example 2026-11-27T09:30:00Z
             */
            readByOtherSideAt: string | null;
        };
        PostReferralMessage: {
            /** @description The message, for the people of the other agency working on the referral. Write no personal data beyond the categories this referral shares: a message that names the subject, or gives their date of birth, when the receiving agency was not shared `identity` is kept but flagged for your privacy officers to review. */
            body: string;
        };
        ReferOnward: {
            /**
             * @description The third agency: neither your own nor the agency that owns the subject
             * @example iom
             */
            to: string;
            service: components["schemas"]["ServiceCode"];
            purpose: components["schemas"]["Purpose"];
            /** @enum {string} */
            urgency: "routine" | "priority" | "emergency";
            /** @description What you choose to pass on: only categories the parent referral shared with you, cut to what the consent and your agreement with the third agency allow */
            categories: components["schemas"]["DataCategory"][];
            /** @description For the third agency; no personal data beyond the shared categories */
            note?: string;
            /**
             * Format: date
             * @example 2026-01-01
             */
            dueDate?: string;
            /** @description A new consent you record with the person now, owned by your agency, naming the third agency and the purpose. Without it the onward referral rests on the parent's consent, which must name the third agency and the purpose. The parent's consent must be in force either way. */
            consent?: {
                /**
                 * Format: uuid
                 * @description The consent this is a new version of
                 * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
                 */
                supersedes?: string;
                /** @enum {string} */
                grantedBy: "subject" | "guardian" | "best_interests_determination";
                guardian?: {
                    name: string;
                    relationship: string;
                };
                /** @description Why a guardian grants an adult's consent */
                guardianReason?: string;
                bestInterestsDetermination?: {
                    reference: string;
                    /**
                     * Format: date
                     * @example 2026-01-01
                     */
                    decidedOn: string;
                };
                /** @enum {string} */
                childAssent?: "given" | "refused" | "not_capable";
                method: components["schemas"]["ConsentMethod"];
                witness?: {
                    name: string;
                    role: string;
                };
                /** @example pt */
                language: string;
                interpreterUsed: boolean;
                purposes: components["schemas"]["Purpose"][];
                recipients: components["schemas"]["AgencySlug"][];
                categories: components["schemas"]["DataCategory"][];
                legalBasis: components["schemas"]["LegalBasis"];
                /**
                 * Format: date-time
                 * @description Defaults to now
                 * @example 2026-11-27T09:30:00Z
                 */
                validFrom?: string;
                /**
                 * Format: date-time
                 * @example 2026-11-27T09:30:00Z
                 */
                validUntil: string;
            };
        };
        ReferralMessagePage: {
            items: components["schemas"]["ReferralMessage"][];
            /** @description Pass as `cursor` to read the next page; null at the end */
            nextCursor: string | null;
        };
        Transfer: {
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            id: string;
            fromAgency: components["schemas"]["AgencySlug"];
            toAgency: components["schemas"]["AgencySlug"];
            /** @enum {string} */
            status: "pending" | "accepted" | "declined" | "cancelled";
            /**
             * Format: uuid
             * @description The sending agency's subject record; shown to the sending agency only
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            subjectId: string | null;
            /**
             * Format: uuid
             * @description The receiving agency's own record, made when it accepted; shown to the receiving agency only
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            receivedSubjectId: string | null;
            /**
             * Format: uuid
             * @description The consent (or determination) the transfer rests on, as the sending agency recorded it; shown to the sending agency only
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            consentId: string | null;
            legalBasis: components["schemas"]["LegalBasis"];
            purpose: components["schemas"]["Purpose"];
            categories: components["schemas"]["DataCategory"][];
            reason: string;
            declineReason: string | null;
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            requestedAt: string;
            /**
             * Format: date-time
             * @description When it was accepted, declined or cancelled
             * @example 2026-11-27T09:30:00Z
             */
            decidedAt: string | null;
            /**
             * Format: date-time
             * @description Once accepted: from when the sending agency's record is read-only for its people (changes refused with rule `subject.transferred`, reads logged as historical)
             * @example 2026-11-27T09:30:00Z
             */
            readOnlyFrom: string | null;
            /** @description Counts changes; the ETag */
            version: number;
        };
        /**
         * @example {
         *       "to": "mgcas",
         *       "consentId": "0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90",
         *       "purpose": "best_interests_procedure",
         *       "categories": [
         *         "identity",
         *         "family",
         *         "protection"
         *       ],
         *       "reason": "Unaccompanied child: case management belongs with social welfare"
         *     }
         */
        RequestTransfer: {
            /**
             * @description The agency that is to take the case over
             * @example iom
             */
            to: string;
            /**
             * Format: uuid
             * @description The basis of the transfer, recorded with the subject: the subject's consent, a guardian's, or for a child a best-interests determination. Its latest version must be active, name the receiving agency, cover the purpose and every category transferred.
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            consentId: string;
            purpose: components["schemas"]["Purpose"];
            /** @description The categories of the record the receiving agency takes over; each must be covered by the consent and by an agreement in force between the two agencies */
            categories: components["schemas"]["DataCategory"][];
            /** @description Why the case is handed over, for the receiving agency; write no personal data in it */
            reason: string;
        };
        TransferPage: {
            items: components["schemas"]["Transfer"][];
            /** @description Pass as `cursor` to read the next page; null at the end */
            nextCursor: string | null;
        };
        AcceptTransfer: {
            /**
             * Format: uuid
             * @description A caseworker of your agency to take the new record; required unless you work on cases yourself (then it is you)
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            assigneeId?: string;
        };
        DeclineTransfer: {
            /** @description Why, for the sending agency; write no personal data in it */
            reason: string;
        };
        RetentionSchedule: {
            /** @description The agency’s legal minimum retention, set by the hub operator (0: none): no rule may be shorter */
            legalMinimumDays: number;
            rules: components["schemas"]["RetentionRule"][];
            /** @description Counts changes; the ETag (0: never set) */
            version: number;
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            updatedAt: string | null;
        };
        RetentionRule: {
            /**
             * @description The service of the case’s last referral the rule is for; null: the agency’s default, for every case no other rule covers (and cases never referred)
             * @enum {string|null}
             */
            service: "shelter" | "medical_care" | "resettlement_medical_exam" | "psychosocial_support" | "legal_aid" | "family_tracing" | "best_interests_determination" | "child_protection_case_management" | "avrr_travel" | "reintegration_economic" | "reintegration_social" | "reintegration_psychosocial" | "documentation" | "prosecution_support" | null;
            /** @description Days a closed case keeps its personal data; no fewer than the agency’s legal minimum */
            periodDays: number;
            action: components["schemas"]["RetentionAction"];
        };
        /**
         * @description `erase`: the subject is erased (its personal categories destroyed, a tombstone kept); `anonymise`: its personal categories are destroyed and its non-identifying facts kept for statistics
         * @enum {string}
         */
        RetentionAction: "erase" | "anonymise";
        /**
         * @example {
         *       "rules": [
         *         {
         *           "service": null,
         *           "periodDays": 1825,
         *           "action": "erase"
         *         },
         *         {
         *           "service": "medical_care",
         *           "periodDays": 3650,
         *           "action": "anonymise"
         *         }
         *       ]
         *     }
         */
        ReplaceRetentionSchedule: {
            /** @description The whole schedule, replacing the one before; an empty list: nothing is erased or anonymised */
            rules: components["schemas"]["RetentionRule"][];
        };
        RetentionForecast: {
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            at: string;
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            until: string;
            days: number;
            /** @description Due by `until`, soonest first (at most 1000) */
            items: components["schemas"]["RetentionDue"][];
        };
        RetentionDue: {
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            subjectId: string;
            /** @description The agency’s own case reference */
            reference: string;
            /**
             * @description The rule that applies: its service, or null for the default
             * @enum {string|null}
             */
            service: "shelter" | "medical_care" | "resettlement_medical_exam" | "psychosocial_support" | "legal_aid" | "family_tracing" | "best_interests_determination" | "child_protection_case_management" | "avrr_travel" | "reintegration_economic" | "reintegration_social" | "reintegration_psychosocial" | "documentation" | "prosecution_support" | null;
            /** @description The period applied (the rule’s, raised to the legal minimum if that is longer) */
            periodDays: number;
            action: components["schemas"]["RetentionAction"];
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            closedSince: string;
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            dueAt: string;
            /** @description Under a legal hold: the job skips it and reports it as held */
            held: boolean;
        };
        RetentionRunPage: {
            items: components["schemas"]["RetentionRun"][];
            /** @description Pass as `cursor` to read the next page; null at the end */
            nextCursor: string | null;
        };
        RetentionRun: {
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            id: string;
            /**
             * Format: date
             * @description The hub calendar day it ran for: one run per agency and day
             * @example 2026-01-01
             */
            runDay: string;
            /** @enum {string} */
            status: "running" | "finished";
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            startedAt: string;
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            finishedAt: string | null;
            erased: number;
            anonymised: number;
            held: number;
            failed: number;
            subjects: components["schemas"]["RetentionRunSubject"][];
        };
        RetentionRunSubject: {
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            subjectId: string;
            reference: string;
            /** @enum {string} */
            outcome: "erased" | "anonymised" | "held" | "failed";
            service: components["schemas"]["ServiceCode"] | null;
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            dueAt: string;
            /** @description Why it failed, as a code */
            reason?: string;
        };
        /**
         * @example {
         *       "purgedBy": "Protection officer, UNHCR Maputo",
         *       "purgedAt": "2026-12-10T09:00:00Z",
         *       "method": "Deleted from proGres; paper file shredded",
         *       "systems": [
         *         "proGres",
         *         "paper file"
         *       ],
         *       "statement": "All data received on this referral was purged."
         *     }
         */
        PurgeAttestation: {
            /** @description Who purged the data: the person's name and role, or the system */
            purgedBy: string;
            /**
             * Format: date-time
             * @description When the purge was done: not in the future, nor before the purge was requested
             * @example 2026-11-27T09:30:00Z
             */
            purgedAt: string;
            /** @description How: deleted from the case system, paper files shredded, backups left to age out in N days... */
            method: string;
            /** @description The systems and places the data was purged from */
            systems: string[];
            /** @description The statement the agency makes; write no personal data of the subject in it */
            statement: string;
        };
        PurgeRequestList: {
            items: components["schemas"]["PurgeRequest"][];
        };
        AcceptReferral: {
            /**
             * Format: uuid
             * @description A caseworker of your agency to take the case
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            assigneeId?: string;
        };
        /**
         * @example {
         *       "reasonCode": "no_capacity",
         *       "reason": "No shelter place before March"
         *     }
         */
        DeclineReferral: {
            reasonCode: components["schemas"]["DeclineReasonCode"];
            /** @description Free text for the sender; required when `reasonCode` is `other` */
            reason?: string;
        };
        /**
         * @description Why the referral was declined, from a closed list: `no_capacity` (No capacity / Sem capacidade); `outside_mandate` (Outside our mandate / Fora do nosso mandato); `person_unreachable` (The person could not be reached / A pessoa não foi contactável); `duplicate_referral` (Duplicate referral / Encaminhamento duplicado); `consent_insufficient` (Consent does not cover it / O consentimento não o abrange); `other` (Another reason (explained in the text) / Outro motivo (explicado no texto))
         * @enum {string}
         */
        DeclineReasonCode: "no_capacity" | "outside_mandate" | "person_unreachable" | "duplicate_referral" | "consent_insufficient" | "other";
        AssignReferral: {
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            assigneeId: string;
            team?: string;
        };
        /**
         * @example {
         *       "outcomeCode": "service_provided",
         *       "outcome": "Business grant disbursed; follow-up in three months"
         *     }
         */
        CompleteReferral: {
            outcomeCode: components["schemas"]["OutcomeCode"];
            /** @description Free text for the sender; required when `outcomeCode` is `not_provided_other` */
            outcome?: string;
        };
        /**
         * @description How the referral ended, from a closed list: `service_provided` (Service provided / Serviço prestado); `partly_provided` (Service partly provided / Serviço prestado em parte); `not_provided_person_unreachable` (Not provided: the person could not be reached / Não prestado: a pessoa não foi contactável); `not_provided_person_declined` (Not provided: the person declined the service / Não prestado: a pessoa recusou o serviço); `not_provided_no_capacity` (Not provided: no capacity / Não prestado: sem capacidade); `not_provided_other` (Not provided: another reason (explained in the text) / Não prestado: outro motivo (explicado no texto))
         * @enum {string}
         */
        OutcomeCode: "service_provided" | "partly_provided" | "not_provided_person_unreachable" | "not_provided_person_declined" | "not_provided_no_capacity" | "not_provided_other";
        WithdrawReferral: {
            reason: string;
        };
        EventFeedPage: {
            items: components["schemas"]["Event"][];
            /** @description Pass as `cursor` to read on. Never null: the feed has no end. After the last event it is the cursor you gave (or the place of the last event), so an empty page tells you to poll again later with the same cursor. */
            nextCursor: string;
        };
        /** @description Carries identifiers and states only, never personal data */
        Event: {
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            id: string;
            seq: number;
            /** @enum {string} */
            type: "referral.sent" | "referral.accepted" | "referral.declined" | "referral.assigned" | "referral.started" | "referral.completed" | "referral.withdrawn" | "referral.purge_requested" | "referral.purge_attested" | "referral.purge_overdue" | "referral.message" | "referral.overdue" | "subject.transfer_requested" | "subject.transfer_accepted" | "subject.transfer_declined" | "subject.transfer_cancelled" | "subject.rectified" | "consent.withdrawn" | "ponte.ping";
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            referralId: string | null;
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            createdAt: string;
            data: {
                [key: string]: unknown;
            };
        };
        WebhookEndpointWithSecret: {
            id: string;
            url: string;
            description: string | null;
            eventTypes: string[];
            /**
             * @description `paused`: deliveries wait, and go out when it resumes
             * @enum {string}
             */
            status: "active" | "paused" | "disabled";
            /** @description Counts changes; the ETag */
            version: number;
            createdAt: string;
            updatedAt: string | null;
            /** @description When its signing secret was made; null: none yet (an endpoint made before endpoints had secrets gets `v1a` only until its secret is rotated) */
            secretCreatedAt: string | null;
            /** @description Until then, the secret a rotation replaced still signs beside the new one */
            previousSecretExpiresAt: string | null;
            /**
             * @description The Standard Webhooks secret (`whsec_` and base64), for `v1` signatures: shown this once, never stored readable
             * @example whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
             */
            secret: string;
        };
        CreateWebhookEndpoint: {
            /** Format: uri */
            url: string;
            description?: string;
            /**
             * @description Empty: every event
             * @default []
             */
            eventTypes?: ("referral.sent" | "referral.accepted" | "referral.declined" | "referral.assigned" | "referral.started" | "referral.completed" | "referral.withdrawn" | "referral.purge_requested" | "referral.purge_attested" | "referral.purge_overdue" | "referral.message" | "referral.overdue" | "subject.transfer_requested" | "subject.transfer_accepted" | "subject.transfer_declined" | "subject.transfer_cancelled" | "subject.rectified" | "consent.withdrawn")[];
        };
        WebhookEndpoint: {
            id: string;
            url: string;
            description: string | null;
            eventTypes: string[];
            /**
             * @description `paused`: deliveries wait, and go out when it resumes
             * @enum {string}
             */
            status: "active" | "paused" | "disabled";
            /** @description Counts changes; the ETag */
            version: number;
            createdAt: string;
            updatedAt: string | null;
            /** @description When its signing secret was made; null: none yet (an endpoint made before endpoints had secrets gets `v1a` only until its secret is rotated) */
            secretCreatedAt: string | null;
            /** @description Until then, the secret a rotation replaced still signs beside the new one */
            previousSecretExpiresAt: string | null;
        };
        WebhookDelivery: {
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            id: string;
            /**
             * Format: uuid
             * @description The event delivered: the `webhook-id` the receiver sees
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            eventId: string;
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            endpointId: string;
            /**
             * @description `dead`: every attempt failed (replay it); `cancelled`: its endpoint was deleted
             * @enum {string}
             */
            status: "pending" | "delivered" | "dead" | "cancelled";
            attempts: number;
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            nextAttemptAt: string;
            /** @description Why the last attempt failed (`HTTP 500`, `timeout`, ...) */
            lastError: string | null;
            /** @description The HTTP status the receiver last answered */
            lastStatus: number | null;
            /**
             * Format: date-time
             * @example 2026-11-27T09:30:00Z
             */
            deliveredAt: string | null;
        };
        ReplayDeliveries: {
            eventIds?: string[];
            /** @description Replay every dead-lettered delivery */
            dead?: boolean;
        };
        UpdateWebhookEndpoint: {
            /** Format: uri */
            url?: string;
            /** @description null removes it */
            description?: string | null;
            /** @description Empty: every event */
            eventTypes?: ("referral.sent" | "referral.accepted" | "referral.declined" | "referral.assigned" | "referral.started" | "referral.completed" | "referral.withdrawn" | "referral.purge_requested" | "referral.purge_attested" | "referral.purge_overdue" | "referral.message" | "referral.overdue" | "subject.transfer_requested" | "subject.transfer_accepted" | "subject.transfer_declined" | "subject.transfer_cancelled" | "subject.rectified" | "consent.withdrawn")[];
        };
        RotateWebhookSecret: {
            /**
             * @description How long the secret replaced still signs beside the new one (0: it stops at once)
             * @default 24
             */
            overlapHours?: number;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getLiveness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Alive */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    getReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready to serve */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Readiness"];
                };
            };
            /** @description `not_ready` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The metrics */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain; version=0.0.4": string;
                };
            };
            /** @description `unauthenticated` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getJwks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The public keys; never a private one */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JsonWebKeySet"];
                };
            };
        };
    };
    getAuthorizationServerMetadata: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The metadata (RFC 8414 §2) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthorizationServerMetadata"];
                };
            };
        };
    };
    getProblemType: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The problem type */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProblemType"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getCodeSystem: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: "data-category" | "purpose" | "legal-basis" | "service";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description FHIR R5 CodeSystem */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/fhir+json": components["schemas"]["FhirResource"];
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    issueToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "grant_type": "client_credentials",
                 *       "client_id": "iom-case-system",
                 *       "client_secret": "pcs_4f9b2c7e1a8d3f6b0e5c9a2d7f1b4e8c"
                 *     }
                 */
                "application/x-www-form-urlencoded": components["schemas"]["TokenRequest"];
                /**
                 * @example {
                 *       "grant_type": "client_credentials",
                 *       "client_id": "iom-case-system",
                 *       "client_secret": "pcs_4f9b2c7e1a8d3f6b0e5c9a2d7f1b4e8c"
                 *     }
                 */
                "application/json": components["schemas"]["TokenRequest"];
            };
        };
        responses: {
            /** @description A short-lived access token */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "access_token": "eyJhbGciOiJFZERTQSIsImtpZCI6Imh1Yi0yMDI2LTExIiwidHlwIjoiYXQrand0In0.eyJzdWIiOiJpb20tY2FzZS1zeXN0ZW0ifQ.c2lnbmF0dXJl",
                     *       "token_type": "Bearer",
                     *       "expires_in": 900
                     *     }
                     */
                    "application/json": components["schemas"]["TokenResponse"];
                };
            };
            /** @description `invalid_request`, `invalid_grant`, `unsupported_grant_type` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenError"];
                };
            };
            /** @description `invalid_client`, with `WWW-Authenticate: Basic` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenError"];
                };
            };
            /** @description `invalid_request`: past the sign-in limit of the address or the account; wait `Retry-After` seconds */
            429: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenError"];
                };
            };
            /** @description `temporarily_unavailable`; retry after `Retry-After` seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenError"];
                };
            };
        };
    };
    activateAccount: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ActivateAccount"];
            };
        };
        responses: {
            /** @description The account is active: sign in with the new password */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccountActivated"];
                };
            };
            /** @description `invalid_request`, `malformed_body`, `invalid_grant` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported_media_type` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    changePassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChangePassword"];
            };
        };
        responses: {
            /** @description The password was changed */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PasswordChanged"];
                };
            };
            /** @description `invalid_request`, `malformed_body`, `invalid_grant` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported_media_type` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    beginSecondFactor: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BeginSecondFactor"];
            };
        };
        responses: {
            /** @description The secret to add to an authenticator app, and the ticket */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SecondFactorEnrolment"];
                };
            };
            /** @description `invalid_request`, `malformed_body`, `invalid_grant` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `conflict` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported_media_type` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    confirmSecondFactor: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConfirmSecondFactor"];
            };
        };
        responses: {
            /** @description The second factor is on; keep the recovery codes */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecoveryCodes"];
                };
            };
            /** @description `invalid_request`, `malformed_body`, `invalid_grant` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `conflict` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported_media_type` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The authenticated principal */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listAgencies: {
        parameters: {
            query?: {
                /** @description Items on a page, 1 to 200 (default 50) */
                limit?: number;
                /** @description Where to go on: the `nextCursor` of the page before, passed back as given (it is opaque). Absent for the first page. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of agencies, by slug */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Agency"][];
                        /** @description Pass as `cursor` to read the next page; null at the end */
                        nextCursor: string | null;
                    };
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createAgency: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes retries safe: a change sent again under the same key and body is done once and answered as the first time (a verification, which changes nothing, is checked again). 1 to 200 printable ASCII characters. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateAgency"];
            };
        };
        responses: {
            /** @description The agency was created */
            201: {
                headers: {
                    /** @description The path of the record just made, to read it */
                    Location?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Agency"];
                };
            };
            /** @description `invalid_request`, `malformed_body` */
            400: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `conflict`, `idempotency_in_flight` */
            409: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported_media_type` */
            415: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_key_reused` */
            422: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAgency: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                slug: components["schemas"]["AgencySlug"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The agency */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Agency"];
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateAgency: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                slug: components["schemas"]["AgencySlug"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateAgency"];
            };
        };
        responses: {
            /** @description The agency as updated */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Agency"];
                };
            };
            /** @description `invalid_request`, `malformed_body` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported_media_type` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createAgencyAdministrator: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes retries safe: a change sent again under the same key and body is done once and answered as the first time (a verification, which changes nothing, is checked again). 1 to 200 printable ASCII characters. */
                "idempotency-key"?: string;
            };
            path: {
                slug: components["schemas"]["AgencySlug"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateAgencyAdministrator"];
            };
        };
        responses: {
            /** @description The administrator, pending, and the one-time code */
            201: {
                headers: {
                    /** @description The path of the record just made, to read it */
                    Location?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IssuedOneTimeCode"];
                };
            };
            /** @description `invalid_request`, `malformed_body` */
            400: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `conflict`, `idempotency_in_flight` */
            409: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported_media_type` */
            415: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_key_reused` */
            422: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    replaceAgencyServices: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                slug: components["schemas"]["AgencySlug"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReplaceServices"];
            };
        };
        responses: {
            /** @description The agency with its new services */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Agency"];
                };
            };
            /** @description `invalid_request`, `malformed_body` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported_media_type` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    findProviders: {
        parameters: {
            query: {
                service: components["schemas"]["ServiceCode"];
                /** @description ISO 3166-2:MZ */
                province: components["schemas"]["ProvinceCode"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Active agencies offering the service there */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Agency"][];
                    };
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listAgreements: {
        parameters: {
            query?: {
                /** @description Items on a page, 1 to 200 (default 50) */
                limit?: number;
                /** @description Where to go on: the `nextCursor` of the page before, passed back as given (it is opaque). Absent for the first page. */
                cursor?: string;
                /** @description Only agreements this agency is party to */
                agency?: string;
                inForce?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of agreements, newest first */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Agreement"][];
                        /** @description Pass as `cursor` to read the next page; null at the end */
                        nextCursor: string | null;
                    };
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createAgreement: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes retries safe: a change sent again under the same key and body is done once and answered as the first time (a verification, which changes nothing, is checked again). 1 to 200 printable ASCII characters. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateAgreement"];
            };
        };
        responses: {
            /** @description The agreement was recorded */
            201: {
                headers: {
                    /** @description The path of the record just made, to read it */
                    Location?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Agreement"];
                };
            };
            /** @description `invalid_request`, `malformed_body` */
            400: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_in_flight` */
            409: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported_media_type` */
            415: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_key_reused` */
            422: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAgreement: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The agreement */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Agreement"];
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    terminateAgreement: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes retries safe: a change sent again under the same key and body is done once and answered as the first time (a verification, which changes nothing, is checked again). 1 to 200 printable ASCII characters. */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TerminateAgreement"];
            };
        };
        responses: {
            /** @description The agreement, terminated */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Agreement"];
                };
            };
            /** @description `invalid_request`, `malformed_body` */
            400: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `conflict`, `idempotency_in_flight` */
            409: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported_media_type` */
            415: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_key_reused` */
            422: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listAssignableUsers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Everyone assignable, by username */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["AssignableUser"][];
                    };
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listUsers: {
        parameters: {
            query?: {
                /** @description Items on a page, 1 to 200 (default 50) */
                limit?: number;
                /** @description Where to go on: the `nextCursor` of the page before, passed back as given (it is opaque). Absent for the first page. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of users, by username */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["User"][];
                        /** @description Pass as `cursor` to read the next page; null at the end */
                        nextCursor: string | null;
                    };
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createUser: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes retries safe: a change sent again under the same key and body is done once and answered as the first time (a verification, which changes nothing, is checked again). 1 to 200 printable ASCII characters. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateUser"];
            };
        };
        responses: {
            /** @description The user was created; without a password given, pending with a one-time code shown once */
            201: {
                headers: {
                    /** @description The path of the record just made, to read it */
                    Location?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedUser"];
                };
            };
            /** @description `invalid_request`, `malformed_body` */
            400: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `conflict`, `idempotency_in_flight` */
            409: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported_media_type` */
            415: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_key_reused` */
            422: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The user */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    disableUser: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes retries safe: a change sent again under the same key and body is done once and answered as the first time (a verification, which changes nothing, is checked again). 1 to 200 printable ASCII characters. */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The user, disabled */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `conflict`, `idempotency_in_flight` */
            409: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_key_reused` */
            422: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    resetUser: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes retries safe: a change sent again under the same key and body is done once and answered as the first time (a verification, which changes nothing, is checked again). 1 to 200 printable ASCII characters. */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ResetUser"];
            };
        };
        responses: {
            /** @description The user and the one-time code */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IssuedOneTimeCode"];
                };
            };
            /** @description `invalid_request`, `malformed_body` */
            400: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `conflict`, `idempotency_in_flight` */
            409: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported_media_type` */
            415: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_key_reused` */
            422: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listApiClients: {
        parameters: {
            query?: {
                /** @description Items on a page, 1 to 200 (default 50) */
                limit?: number;
                /** @description Where to go on: the `nextCursor` of the page before, passed back as given (it is opaque). Absent for the first page. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of API clients */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["ApiClient"][];
                        /** @description Pass as `cursor` to read the next page; null at the end */
                        nextCursor: string | null;
                    };
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createApiClient: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes retries safe: a change sent again under the same key and body is done once and answered as the first time (a verification, which changes nothing, is checked again). 1 to 200 printable ASCII characters. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateApiClient"];
            };
        };
        responses: {
            /** @description The client and its secret */
            201: {
                headers: {
                    /** @description The path of the record just made, to read it */
                    Location?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IssuedApiClient"];
                };
            };
            /** @description `invalid_request`, `malformed_body` */
            400: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_in_flight` */
            409: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported_media_type` */
            415: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_key_reused` */
            422: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    revokeApiClient: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes retries safe: a change sent again under the same key and body is done once and answered as the first time (a verification, which changes nothing, is checked again). 1 to 200 printable ASCII characters. */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The client, revoked */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiClient"];
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_in_flight` */
            409: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_key_reused` */
            422: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rotateApiClientSecret: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes retries safe: a change sent again under the same key and body is done once and answered as the first time (a verification, which changes nothing, is checked again). 1 to 200 printable ASCII characters. */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RotateApiClientSecret"];
            };
        };
        responses: {
            /** @description The client, with its new secret */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IssuedApiClient"];
                };
            };
            /** @description `invalid_request`, `malformed_body` */
            400: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `conflict`, `idempotency_in_flight` */
            409: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported_media_type` */
            415: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_key_reused` */
            422: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listSubjects: {
        parameters: {
            query?: {
                /** @description Items on a page, 1 to 200 (default 50) */
                limit?: number;
                /** @description Where to go on: the `nextCursor` of the page before, passed back as given (it is opaque). Absent for the first page. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of subjects; each shows only the categories you may read */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Subject"][];
                        /** @description Pass as `cursor` to read the next page; null at the end */
                        nextCursor: string | null;
                    };
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    registerSubject: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes retries safe: a change sent again under the same key and body is done once and answered as the first time (a verification, which changes nothing, is checked again). 1 to 200 printable ASCII characters. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "team": "nampula-protection",
                 *       "identity": {
                 *         "givenName": "Amina",
                 *         "familyName": "Exemplo",
                 *         "estimatedAge": 27,
                 *         "sex": "female",
                 *         "nationality": "MOZ",
                 *         "languages": [
                 *           "pt",
                 *           "vmw"
                 *         ]
                 *       },
                 *       "contact": {
                 *         "phone": "+258841234567",
                 *         "safeToContact": false,
                 *         "preferredChannel": "through_caseworker"
                 *       },
                 *       "location": {
                 *         "current": {
                 *           "country": "MOZ",
                 *           "province": "MZ-N",
                 *           "district": "Nampula"
                 *         }
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["RegisterSubject"];
            };
        };
        responses: {
            /** @description The subject, with the categories you may read */
            201: {
                headers: {
                    /** @description The version of the record, a strong validator (RFC 9110 §8.8.3): send it back in `If-Match` to change the record */
                    ETag?: string;
                    /** @description The path of the record just made, to read it */
                    Location?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90",
                     *       "reference": "IOM-2026-0412",
                     *       "agency": "iom",
                     *       "assignedUserId": "7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d",
                     *       "team": "nampula-protection",
                     *       "version": 1,
                     *       "createdAt": "2026-12-05T09:00:00Z",
                     *       "updatedAt": "2026-12-05T09:00:00Z",
                     *       "data": {},
                     *       "access": {
                     *         "readable": [],
                     *         "withheld": [
                     *           {
                     *             "category": "identity",
                     *             "rule": "consent.absent"
                     *           },
                     *           {
                     *             "category": "contact",
                     *             "rule": "consent.absent"
                     *           },
                     *           {
                     *             "category": "location",
                     *             "rule": "consent.absent"
                     *           }
                     *         ],
                     *         "breakGlass": false
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["Subject"];
                };
            };
            /** @description `invalid_request`, `malformed_body` */
            400: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_in_flight` */
            409: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported_media_type` */
            415: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_key_reused` */
            422: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSubject: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The subject; `ETag` carries its version */
            200: {
                headers: {
                    /** @description The version of the record, a strong validator (RFC 9110 §8.8.3): send it back in `If-Match` to change the record */
                    ETag?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Subject"];
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `gone` */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateSubject: {
        parameters: {
            query?: never;
            header?: {
                /** @description Required (428 without it). The strong `ETag` a read of the record returned (`"3"`), or `*`. A stale tag answers 412; so does a weak one (`W/"3"`), which never matches: `If-Match` compares strongly (RFC 9110 §13.1.1). */
                "if-match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateSubject"];
            };
        };
        responses: {
            /** @description The subject as changed */
            200: {
                headers: {
                    /** @description The version of the record, a strong validator (RFC 9110 §8.8.3): send it back in `If-Match` to change the record */
                    ETag?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Subject"];
                };
            };
            /** @description `invalid_request`, `malformed_body` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `conflict` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `precondition_failed` */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported_media_type` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `precondition_required` */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSubjectFile: {
        parameters: {
            query?: {
                /** @description The language of the agencies’ names in the file; defaults to the Accept-Language of the request */
                lang?: "en" | "pt";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The person’s file */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubjectFile"];
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    assignSubject: {
        parameters: {
            query?: never;
            header?: {
                /** @description Required (428 without it). The strong `ETag` a read of the record returned (`"3"`), or `*`. A stale tag answers 412; so does a weak one (`W/"3"`), which never matches: `If-Match` compares strongly (RFC 9110 §13.1.1). */
                "if-match"?: string;
                /** @description Makes retries safe: a change sent again under the same key and body is done once and answered as the first time (a verification, which changes nothing, is checked again). 1 to 200 printable ASCII characters. */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AssignSubject"];
            };
        };
        responses: {
            /** @description The subject as reassigned */
            200: {
                headers: {
                    /** @description The version of the record, a strong validator (RFC 9110 §8.8.3): send it back in `If-Match` to change the record */
                    ETag?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Subject"];
                };
            };
            /** @description `invalid_request`, `malformed_body` */
            400: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `conflict`, `idempotency_in_flight` */
            409: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `precondition_failed` */
            412: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported_media_type` */
            415: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_key_reused` */
            422: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `precondition_required` */
            428: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    requestBreakGlass: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes retries safe: a change sent again under the same key and body is done once and answered as the first time (a verification, which changes nothing, is checked again). 1 to 200 printable ASCII characters. */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BreakGlassRequest"];
            };
        };
        responses: {
            /** @description The grant; every read under it is flagged */
            201: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BreakGlassGrant"];
                };
            };
            /** @description `invalid_request`, `malformed_body` */
            400: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_in_flight` */
            409: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported_media_type` */
            415: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_key_reused` */
            422: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listSubjectDocuments: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The documents you may read, newest first */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DocumentList"];
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    uploadDocument: {
        parameters: {
            query: {
                /** @description The data category the document belongs to (a medical report: `health`; a travel document: `identity`): it is read, and shared on a referral, exactly as that category of the subject is */
                category: "identity" | "contact" | "location" | "family" | "protection" | "health" | "legal";
            };
            header: {
                /** @description The document's title (1 to 200 characters once decoded), percent-encoded UTF-8 for what is not ASCII (`Relat%C3%B3rio%20m%C3%A9dico`). Sent in a header, never in the URL */
                "ponte-document-title": string;
                /** @description Makes retries safe: a change sent again under the same key and body is done once and answered as the first time (a verification, which changes nothing, is checked again). 1 to 200 printable ASCII characters. */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        /** @description The file’s bytes */
        requestBody: {
            content: {
                "application/pdf": string;
                "image/jpeg": string;
                "image/png": string;
            };
        };
        responses: {
            /** @description The document as stored (its metadata) */
            201: {
                headers: {
                    /** @description The path of the record just made, to read it */
                    Location?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c",
                     *       "subjectId": "0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90",
                     *       "category": "health",
                     *       "contentType": "application/pdf",
                     *       "size": 48213,
                     *       "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                     *       "title": "Medical report, Maputo Central Hospital",
                     *       "createdBy": "3c2b1a0f-9e8d-4c7b-a6f5-e4d3c2b1a098",
                     *       "createdAt": "2026-12-05T10:15:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Document"];
                };
            };
            /** @description `invalid_request`, `malformed_body` */
            400: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_in_flight` */
            409: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `payload_too_large` */
            413: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported_media_type` */
            415: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_key_reused` */
            422: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    downloadSubjectDocument: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                documentId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The content, as an attachment */
            200: {
                headers: {
                    /** @description Always `attachment`, with an ASCII file name made of the category and the document id (never its title) */
                    "Content-Disposition"?: string;
                    /** @description Always `nosniff`: the content is the type the hub found by its first bytes, and nothing else */
                    "X-Content-Type-Options"?: string;
                    /** @description The content’s SHA-256 in hex, quoted: the same as `sha256` in the document’s metadata */
                    ETag?: string;
                    /** @description The content’s SHA-256 (RFC 9530) */
                    "Repr-Digest"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/pdf": string;
                    "image/jpeg": string;
                    "image/png": string;
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSubjectErasure: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The tombstone; `ETag` carries its version */
            200: {
                headers: {
                    /** @description The version of the record, a strong validator (RFC 9110 §8.8.3): send it back in `If-Match` to change the record */
                    ETag?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubjectTombstone"];
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    eraseSubject: {
        parameters: {
            query?: never;
            header?: {
                /** @description Optional. The strong `ETag` a read of the record returned (`"3"`), or `*`. A stale tag answers 412; so does a weak one (`W/"3"`), which never matches: `If-Match` compares strongly (RFC 9110 §13.1.1). */
                "if-match"?: string;
                /** @description Makes retries safe: a change sent again under the same key and body is done once and answered as the first time (a verification, which changes nothing, is checked again). 1 to 200 printable ASCII characters. */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EraseSubject"];
            };
        };
        responses: {
            /** @description The tombstone, with a purge request per recipient; `ETag` carries its version */
            201: {
                headers: {
                    /** @description The version of the record, a strong validator (RFC 9110 §8.8.3): send it back in `If-Match` to change the record */
                    ETag?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubjectTombstone"];
                };
            };
            /** @description `invalid_request`, `malformed_body` */
            400: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `conflict`, `idempotency_in_flight` */
            409: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `precondition_failed` */
            412: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported_media_type` */
            415: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_key_reused` */
            422: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listLegalHolds: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The holds */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LegalHoldList"];
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    placeLegalHold: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes retries safe: a change sent again under the same key and body is done once and answered as the first time (a verification, which changes nothing, is checked again). 1 to 200 printable ASCII characters. */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PlaceLegalHold"];
            };
        };
        responses: {
            /** @description The hold, active */
            201: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LegalHold"];
                };
            };
            /** @description `invalid_request`, `malformed_body` */
            400: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `conflict`, `idempotency_in_flight` */
            409: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported_media_type` */
            415: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_key_reused` */
            422: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    releaseLegalHold: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes retries safe: a change sent again under the same key and body is done once and answered as the first time (a verification, which changes nothing, is checked again). 1 to 200 printable ASCII characters. */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
                holdId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReleaseLegalHold"];
            };
        };
        responses: {
            /** @description The hold, released */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LegalHold"];
                };
            };
            /** @description `invalid_request`, `malformed_body` */
            400: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `conflict`, `idempotency_in_flight` */
            409: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported_media_type` */
            415: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_key_reused` */
            422: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listSubjectConsents: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The consents, newest first */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Consent"][];
                    };
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    recordConsent: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes retries safe: a change sent again under the same key and body is done once and answered as the first time (a verification, which changes nothing, is checked again). 1 to 200 printable ASCII characters. */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "grantedBy": "subject",
                 *       "method": "written",
                 *       "language": "pt",
                 *       "interpreterUsed": true,
                 *       "purposes": [
                 *         "protection_assistance"
                 *       ],
                 *       "recipients": [
                 *         "casa-esperanca"
                 *       ],
                 *       "categories": [
                 *         "identity",
                 *         "contact",
                 *         "protection"
                 *       ],
                 *       "legalBasis": "consent",
                 *       "validUntil": "2027-06-05T00:00:00Z"
                 *     }
                 */
                "application/json": components["schemas"]["RecordConsent"];
            };
        };
        responses: {
            /** @description The consent and its signed receipt */
            201: {
                headers: {
                    /** @description The path of the record just made, to read it */
                    Location?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "consent": {
                     *         "id": "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a",
                     *         "version": 1,
                     *         "subjectId": "0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90",
                     *         "subjectReference": "IOM-2026-0412",
                     *         "status": "active",
                     *         "childAssent": null,
                     *         "grantedBy": "subject",
                     *         "method": "written",
                     *         "language": "pt",
                     *         "interpreterUsed": true,
                     *         "purposes": [
                     *           "protection_assistance"
                     *         ],
                     *         "recipients": [
                     *           "casa-esperanca"
                     *         ],
                     *         "categories": [
                     *           "identity",
                     *           "contact",
                     *           "protection"
                     *         ],
                     *         "legalBasis": "consent",
                     *         "validUntil": "2027-06-05T00:00:00Z",
                     *         "validFrom": "2026-12-05T09:10:00Z",
                     *         "recordedAt": "2026-12-05T09:10:00Z",
                     *         "withdrawal": null
                     *       },
                     *       "receipt": "eyJhbGciOiJFZERTQSIsImtpZCI6Imh1Yi0yMDI2LTExIiwidHlwIjoicG9udGUtY29uc2VudC1yZWNlaXB0K2p3dCJ9.eyJyZWNvcmQiOnsidmVyc2lvbiI6MX19.c2lnbmF0dXJl"
                     *     }
                     */
                    "application/json": components["schemas"]["ConsentWithReceipt"];
                };
            };
            /** @description `invalid_request`, `malformed_body` */
            400: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `conflict`, `idempotency_in_flight` */
            409: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported_media_type` */
            415: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_key_reused` */
            422: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getConsent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The consent */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Consent"];
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    withdrawConsent: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes retries safe: a change sent again under the same key and body is done once and answered as the first time (a verification, which changes nothing, is checked again). 1 to 200 printable ASCII characters. */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WithdrawConsent"];
            };
        };
        responses: {
            /** @description The withdrawn consent and a signed receipt of the withdrawal */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsentWithReceipt"];
                };
            };
            /** @description `invalid_request`, `malformed_body` */
            400: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `conflict`, `idempotency_in_flight` */
            409: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported_media_type` */
            415: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_key_reused` */
            422: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    exportConsentFhir: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description FHIR R5 Consent */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/fhir+json": components["schemas"]["FhirResource"];
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    verifyConsentReceipt: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes retries safe: a change sent again under the same key and body is done once and answered as the first time (a verification, which changes nothing, is checked again). 1 to 200 printable ASCII characters. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["VerifyReceipt"];
            };
        };
        responses: {
            /** @description The verification */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReceiptVerification"];
                };
            };
            /** @description `invalid_request`, `malformed_body` */
            400: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_in_flight` */
            409: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_key_reused` */
            422: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    withdrawConsentFromReceipt: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes retries safe: a change sent again under the same key and body is done once and answered as the first time (a verification, which changes nothing, is checked again). 1 to 200 printable ASCII characters. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WithdrawFromReceipt"];
            };
        };
        responses: {
            /** @description The withdrawal, recorded in the owning agency’s records */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReceiptWithdrawal"];
                };
            };
            /** @description `invalid_request`, `malformed_body` */
            400: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `conflict`, `idempotency_in_flight` */
            409: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported_media_type` */
            415: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `check_failed`, `idempotency_key_reused` */
            422: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listLogHeads: {
        parameters: {
            query?: {
                /** @description Items on a page, 1 to 1000 (default 100) */
                limit?: number;
                /** @description Where to go on: the `nextCursor` of the page before, passed back as given (it is opaque). Absent for the first page. */
                cursor?: string;
                /**
                 * @deprecated
                 * @description Deprecated: use `cursor` (the `nextCursor` of the page before) instead. The tree size of the last head you read: heads of larger trees follow. Accepted until API version 0.2.0, which drops it; never together with `cursor`.
                 */
                afterSize?: number | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Heads, each a JWS signed with the hub’s key, and the cursor to go on from */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LogHeadsPage"];
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getLogCheckpoint: {
        parameters: {
            query?: {
                /** @description `true`: the latest checkpoint cosigned by witnesses of as many agencies as the hub requires (`PONTE_LOG_WITNESSES_REQUIRED`) */
                witnessed?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The checkpoint, with the cosignature lines of the agencies’ witnesses that cosigned it */
            200: {
                headers: {
                    /** @description The note verifier key of the hub’s signing key */
                    "Ponte-Checkpoint-Key": string;
                    /** @description How many agencies’ witnesses cosigned this checkpoint */
                    "Ponte-Witnessed-By": string;
                    /** @description Whether that is as many as the hub requires */
                    "Ponte-Witnessed": "true" | "false";
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getLogTile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tilePath: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The tile */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": string;
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listWitnessKeys: {
        parameters: {
            query?: {
                /** @description `include`: revoked keys too */
                revoked?: "include";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The keys */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["WitnessKey"][];
                    };
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    registerWitnessKey: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes retries safe: a change sent again under the same key and body is done once and answered as the first time (a verification, which changes nothing, is checked again). 1 to 200 printable ASCII characters. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description The witness’s verifier key
                     * @example witness.iom.example/ponte+0123abcd+BK…
                     */
                    verifierKey: string;
                };
            };
        };
        responses: {
            /** @description The key, registered */
            201: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WitnessKey"];
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `conflict`, `idempotency_in_flight` */
            409: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_key_reused` */
            422: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    revokeWitnessKey: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes retries safe: a change sent again under the same key and body is done once and answered as the first time (a verification, which changes nothing, is checked again). 1 to 200 printable ASCII characters. */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The key, revoked */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WitnessKey"];
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_in_flight` */
            409: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_key_reused` */
            422: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postCosignature: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes retries safe: a change sent again under the same key and body is done once and answered as the first time (a verification, which changes nothing, is checked again). 1 to 200 printable ASCII characters. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The cosigned checkpoint: a signed note with the hub’s signature line and the witness’s */
                    checkpoint: string;
                };
            };
        };
        responses: {
            /** @description The same cosignature, stored before */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Cosignature"];
                };
            };
            /** @description The cosignature, stored */
            201: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Cosignature"];
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `conflict`, `idempotency_in_flight` */
            409: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_key_reused` */
            422: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAccessEventProof: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The event, and its inclusion proof against the latest signed head */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccessEventProof"];
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `conflict` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getLogConsistency: {
        parameters: {
            query: {
                from: number;
                to: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The proof */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LogConsistencyProof"];
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    verifyAccessLog: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes retries safe: a change sent again under the same key and body is done once and answered as the first time (a verification, which changes nothing, is checked again). 1 to 200 printable ASCII characters. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description A signed head you kept, as `GET /v1/log/heads` gave it (a compact JWS) */
                    witness?: string;
                };
            };
        };
        responses: {
            /** @description The verification, queued */
            202: {
                headers: {
                    /** @description The path of the record just made, to read it */
                    Location?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LogVerification"];
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_in_flight` */
            409: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_key_reused` */
            422: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getLogVerification: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The verification */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LogVerification"];
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listAccessFlags: {
        parameters: {
            query?: {
                from?: string;
                to?: string;
                /** @description Items on a page, 1 to 1000 (default 200) */
                limit?: number;
                /** @description Where to go on: the `nextCursor` of the page before, passed back as given (it is opaque). Absent for the first page. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of the window’s flags, with their reviews */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccessFlagPage"];
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    reviewAccess: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes retries safe: a change sent again under the same key and body is done once and answered as the first time (a verification, which changes nothing, is checked again). 1 to 200 printable ASCII characters. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReviewAccess"];
            };
        };
        responses: {
            /** @description The review */
            201: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccessReview"];
                };
            };
            /** @description `invalid_request`, `malformed_body` */
            400: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_in_flight` */
            409: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_key_reused` */
            422: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSubjectAccessReport: {
        parameters: {
            query?: {
                format?: "json" | "csv" | "html";
                /** @description Defaults to the Accept-Language of the request */
                lang?: "en" | "pt";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The report */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubjectAccessReport"];
                    "text/csv": string;
                    "text/html": string;
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    exportAccessEvents: {
        parameters: {
            query: {
                /** @description `fhir` (default): a FHIR R5 `searchset` Bundle of AuditEvents, a page at a time (follow its `next` link). `ndjson`: every AuditEvent of the range, one per line (`application/fhir+ndjson`), streamed. `csv`: every event of the range as CSV (RFC 4180), streamed. */
                format?: "fhir" | "ndjson" | "csv";
                from: string;
                to: string;
                /** @description `fhir` only: AuditEvents in one Bundle page, 1 to 1000 (default 1000) */
                limit?: number;
                /** @description `fhir` only: the page to read, as the Bundle’s `next` link gives it (opaque). Absent for the first page. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The export: a Bundle page, or the whole range streamed as NDJSON or CSV */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/fhir+json": components["schemas"]["FhirResource"];
                    "application/fhir+ndjson": string;
                    "text/csv": string;
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listAccessEvents: {
        parameters: {
            query?: {
                actorId?: string;
                subjectId?: string;
                /** @description The agency whose user or client acted */
                agency?: string;
                resource?: "Subject" | "Consent" | "AccessEvent" | "Referral" | "ReferredSubject" | "Event" | "Webhook" | "LogWitness" | "Account" | "ApiClient" | "Transfer";
                action?: string;
                decision?: "allow" | "deny";
                breakGlass?: "true" | "false";
                purpose?: string;
                from?: string;
                to?: string;
                /** @description Items on a page, 1 to 500 (default 100) */
                limit?: number;
                /** @description Where to go on: the `nextCursor` of the page before, passed back as given (it is opaque). Absent for the first page. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Access events, oldest first */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["AccessEvent"][];
                        /** @description Pass as `cursor` to read the next page; null at the end */
                        nextCursor: string | null;
                    };
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listReferrals: {
        parameters: {
            query?: {
                box?: "inbox" | "outbox";
                status?: "draft" | "sent" | "accepted" | "declined" | "in_progress" | "completed" | "withdrawn";
                /** @description `true`: only referrals now past a deadline (still `sent` after `respondBy`, or accepted or in progress after `dueDate`); `false`: only those that are not */
                overdue?: "true" | "false";
                /** @description Items on a page, 1 to 200 (default 50) */
                limit?: number;
                /** @description Where to go on: the `nextCursor` of the page before, passed back as given (it is opaque). Absent for the first page. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Referrals, newest first */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "id": "5d7c1f0e-8a3b-4c2d-9e6f-1a2b3c4d5e6f",
                     *           "from": "iom",
                     *           "to": "casa-esperanca",
                     *           "status": "sent",
                     *           "version": 1,
                     *           "service": "shelter",
                     *           "purpose": "protection_assistance",
                     *           "urgency": "priority",
                     *           "dueDate": "2026-12-12",
                     *           "triage": {
                     *             "ageBand": "25-59",
                     *             "sex": "female",
                     *             "province": "MZ-N",
                     *             "languages": [
                     *               "pt",
                     *               "vmw"
                     *             ]
                     *           },
                     *           "sharedCategories": [
                     *             "identity",
                     *             "contact",
                     *             "protection"
                     *           ],
                     *           "legalBasis": "consent",
                     *           "subjectId": "0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90",
                     *           "consentId": "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a",
                     *           "note": "Needs a safe place within three days; prefers contact through her caseworker.",
                     *           "assigneeId": null,
                     *           "outcomeCode": null,
                     *           "outcome": null,
                     *           "reasonCode": null,
                     *           "reason": null,
                     *           "sentAt": "2026-12-05T09:30:00Z",
                     *           "acceptedAt": null,
                     *           "completedAt": null,
                     *           "closedAt": null,
                     *           "respondBy": "2026-12-08T09:30:00Z",
                     *           "overdue": false,
                     *           "overdueKind": null,
                     *           "transitions": [
                     *             {
                     *               "step": "send",
                     *               "from": null,
                     *               "to": "sent",
                     *               "actorAgency": "iom",
                     *               "at": "2026-12-05T09:30:00Z",
                     *               "reason": null
                     *             }
                     *           ],
                     *           "view": "sender",
                     *           "parentReferralId": null
                     *         }
                     *       ],
                     *       "nextCursor": null
                     *     }
                     */
                    "application/json": {
                        items: components["schemas"]["Referral"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    sendReferral: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes retries safe: a change sent again under the same key and body is done once and answered as the first time (a verification, which changes nothing, is checked again). 1 to 200 printable ASCII characters. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "to": "casa-esperanca",
                 *       "subjectId": "0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90",
                 *       "consentId": "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a",
                 *       "service": "shelter",
                 *       "purpose": "protection_assistance",
                 *       "urgency": "priority",
                 *       "categories": [
                 *         "identity",
                 *         "contact",
                 *         "protection"
                 *       ],
                 *       "note": "Needs a safe place within three days; prefers contact through her caseworker.",
                 *       "dueDate": "2026-12-12"
                 *     }
                 */
                "application/json": components["schemas"]["SendReferral"];
            };
        };
        responses: {
            /** @description The referral as sent */
            201: {
                headers: {
                    /** @description The version of the record, a strong validator (RFC 9110 §8.8.3): send it back in `If-Match` to change the record */
                    ETag?: string;
                    /** @description The path of the record just made, to read it */
                    Location?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "5d7c1f0e-8a3b-4c2d-9e6f-1a2b3c4d5e6f",
                     *       "from": "iom",
                     *       "to": "casa-esperanca",
                     *       "status": "sent",
                     *       "version": 1,
                     *       "service": "shelter",
                     *       "purpose": "protection_assistance",
                     *       "urgency": "priority",
                     *       "dueDate": "2026-12-12",
                     *       "triage": {
                     *         "ageBand": "25-59",
                     *         "sex": "female",
                     *         "province": "MZ-N",
                     *         "languages": [
                     *           "pt",
                     *           "vmw"
                     *         ]
                     *       },
                     *       "sharedCategories": [
                     *         "identity",
                     *         "contact",
                     *         "protection"
                     *       ],
                     *       "legalBasis": "consent",
                     *       "subjectId": "0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90",
                     *       "consentId": "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a",
                     *       "note": "Needs a safe place within three days; prefers contact through her caseworker.",
                     *       "assigneeId": null,
                     *       "outcomeCode": null,
                     *       "outcome": null,
                     *       "reasonCode": null,
                     *       "reason": null,
                     *       "sentAt": "2026-12-05T09:30:00Z",
                     *       "acceptedAt": null,
                     *       "completedAt": null,
                     *       "closedAt": null,
                     *       "respondBy": "2026-12-08T09:30:00Z",
                     *       "overdue": false,
                     *       "overdueKind": null,
                     *       "transitions": [
                     *         {
                     *           "step": "send",
                     *           "from": null,
                     *           "to": "sent",
                     *           "actorAgency": "iom",
                     *           "at": "2026-12-05T09:30:00Z",
                     *           "reason": null
                     *         }
                     *       ],
                     *       "view": "sender",
                     *       "parentReferralId": null
                     *     }
                     */
                    "application/json": components["schemas"]["Referral"];
                };
            };
            /** @description `invalid_request`, `malformed_body` */
            400: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `conflict`, `idempotency_in_flight` */
            409: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported_media_type` */
            415: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `check_failed`, `idempotency_key_reused` */
            422: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getReferralFigures: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Figures for referrals sent and received */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReferralFigures"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getReferral: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The referral; `ETag` carries its version */
            200: {
                headers: {
                    /** @description The version of the record, a strong validator (RFC 9110 §8.8.3): send it back in `If-Match` to change the record */
                    ETag?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Referral"];
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    readReferredSubject: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The shared categories readable now */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReferredSubject"];
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listReferralMessages: {
        parameters: {
            query?: {
                /** @description Items on a page, 1 to 200 (default 50) */
                limit?: number;
                /** @description Where to go on: the `nextCursor` of the page before, passed back as given (it is opaque). Absent for the first page. */
                cursor?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Messages, oldest first */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "id": "5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a",
                     *           "referralId": "7a1c2e3f-4b5d-4c6e-8f70-9a1b2c3d4e5f",
                     *           "authorAgency": "mgcas",
                     *           "authorId": "3c2b1a0f-9e8d-4c7b-a6f5-e4d3c2b1a098",
                     *           "body": "Can the family be contacted before the home visit on Tuesday?",
                     *           "createdAt": "2026-12-05T10:15:00.000Z",
                     *           "readByOtherSideAt": "2026-12-05T10:20:00.000Z"
                     *         }
                     *       ],
                     *       "nextCursor": null
                     *     }
                     */
                    "application/json": components["schemas"]["ReferralMessagePage"];
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postReferralMessage: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes retries safe: a change sent again under the same key and body is done once and answered as the first time (a verification, which changes nothing, is checked again). 1 to 200 printable ASCII characters. */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "body": "Can the family be contacted before the home visit on Tuesday?"
                 *     }
                 */
                "application/json": components["schemas"]["PostReferralMessage"];
            };
        };
        responses: {
            /** @description The message as stored */
            201: {
                headers: {
                    /** @description The path of the record just made, to read it */
                    Location?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a",
                     *       "referralId": "7a1c2e3f-4b5d-4c6e-8f70-9a1b2c3d4e5f",
                     *       "authorAgency": "mgcas",
                     *       "authorId": "3c2b1a0f-9e8d-4c7b-a6f5-e4d3c2b1a098",
                     *       "body": "Can the family be contacted before the home visit on Tuesday?",
                     *       "createdAt": "2026-12-05T10:15:00.000Z",
                     *       "readByOtherSideAt": null
                     *     }
                     */
                    "application/json": components["schemas"]["ReferralMessage"];
                };
            };
            /** @description `invalid_request`, `malformed_body` */
            400: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `conflict`, `idempotency_in_flight` */
            409: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported_media_type` */
            415: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_key_reused` */
            422: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    referOnward: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes retries safe: a change sent again under the same key and body is done once and answered as the first time (a verification, which changes nothing, is checked again). 1 to 200 printable ASCII characters. */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "to": "casa-esperanca",
                 *       "service": "psychosocial_support",
                 *       "purpose": "psychosocial_support",
                 *       "urgency": "routine",
                 *       "categories": [
                 *         "identity",
                 *         "contact",
                 *         "protection"
                 *       ],
                 *       "note": "Weekly group sessions near the school; the guardian prefers afternoons."
                 *     }
                 */
                "application/json": components["schemas"]["ReferOnward"];
            };
        };
        responses: {
            /** @description The onward referral as sent */
            201: {
                headers: {
                    /** @description The version of the record, a strong validator (RFC 9110 §8.8.3): send it back in `If-Match` to change the record */
                    ETag?: string;
                    /** @description The path of the record just made, to read it */
                    Location?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "5d7c1f0e-8a3b-4c2d-9e6f-1a2b3c4d5e6f",
                     *       "from": "iom",
                     *       "to": "casa-esperanca",
                     *       "status": "sent",
                     *       "version": 1,
                     *       "service": "shelter",
                     *       "purpose": "protection_assistance",
                     *       "urgency": "priority",
                     *       "dueDate": "2026-12-12",
                     *       "triage": {
                     *         "ageBand": "25-59",
                     *         "sex": "female",
                     *         "province": "MZ-N",
                     *         "languages": [
                     *           "pt",
                     *           "vmw"
                     *         ]
                     *       },
                     *       "sharedCategories": [
                     *         "identity",
                     *         "contact",
                     *         "protection"
                     *       ],
                     *       "legalBasis": "consent",
                     *       "subjectId": "0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90",
                     *       "consentId": "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a",
                     *       "note": "Needs a safe place within three days; prefers contact through her caseworker.",
                     *       "assigneeId": null,
                     *       "outcomeCode": null,
                     *       "outcome": null,
                     *       "reasonCode": null,
                     *       "reason": null,
                     *       "sentAt": "2026-12-05T09:30:00Z",
                     *       "acceptedAt": null,
                     *       "completedAt": null,
                     *       "closedAt": null,
                     *       "respondBy": "2026-12-08T09:30:00Z",
                     *       "overdue": false,
                     *       "overdueKind": null,
                     *       "transitions": [
                     *         {
                     *           "step": "send",
                     *           "from": null,
                     *           "to": "sent",
                     *           "actorAgency": "iom",
                     *           "at": "2026-12-05T09:30:00Z",
                     *           "reason": null
                     *         }
                     *       ],
                     *       "view": "sender",
                     *       "parentReferralId": "2a4b6c8d-1e3f-4a5b-8c7d-9e0f1a2b3c4d",
                     *       "onwardReferrals": []
                     *     }
                     */
                    "application/json": components["schemas"]["Referral"];
                };
            };
            /** @description `invalid_request`, `malformed_body` */
            400: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `conflict`, `idempotency_in_flight` */
            409: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported_media_type` */
            415: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `check_failed`, `idempotency_key_reused` */
            422: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listReferralDocuments: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The documents you may read, newest first */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DocumentList"];
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    downloadReferralDocument: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                documentId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The content, as an attachment */
            200: {
                headers: {
                    /** @description Always `attachment`, with an ASCII file name made of the category and the document id (never its title) */
                    "Content-Disposition"?: string;
                    /** @description Always `nosniff`: the content is the type the hub found by its first bytes, and nothing else */
                    "X-Content-Type-Options"?: string;
                    /** @description The content’s SHA-256 in hex, quoted: the same as `sha256` in the document’s metadata */
                    ETag?: string;
                    /** @description The content’s SHA-256 (RFC 9530) */
                    "Repr-Digest"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/pdf": string;
                    "image/jpeg": string;
                    "image/png": string;
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    requestTransfer: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes retries safe: a change sent again under the same key and body is done once and answered as the first time (a verification, which changes nothing, is checked again). 1 to 200 printable ASCII characters. */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RequestTransfer"];
            };
        };
        responses: {
            /** @description The transfer, pending */
            201: {
                headers: {
                    /** @description The path of the record just made, to read it */
                    Location?: string;
                    /** @description The version of the record, a strong validator (RFC 9110 §8.8.3): send it back in `If-Match` to change the record */
                    ETag?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "6e5d4c3b-2a1f-4e0d-9c8b-7a6f5e4d3c2b",
                     *       "fromAgency": "iom",
                     *       "toAgency": "mgcas",
                     *       "status": "pending",
                     *       "subjectId": "0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90",
                     *       "receivedSubjectId": null,
                     *       "consentId": "1c8f3d5e-4d2a-4f64-8e6f-3a2b7c8d9e01",
                     *       "legalBasis": "vital_interests",
                     *       "purpose": "best_interests_procedure",
                     *       "categories": [
                     *         "identity",
                     *         "family",
                     *         "protection"
                     *       ],
                     *       "reason": "Unaccompanied child: case management belongs with social welfare",
                     *       "declineReason": null,
                     *       "requestedAt": "2026-12-05T09:30:00.000Z",
                     *       "decidedAt": null,
                     *       "readOnlyFrom": null,
                     *       "version": 1
                     *     }
                     */
                    "application/json": components["schemas"]["Transfer"];
                };
            };
            /** @description `invalid_request`, `malformed_body` */
            400: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `conflict`, `idempotency_in_flight` */
            409: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported_media_type` */
            415: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `check_failed`, `idempotency_key_reused` */
            422: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listTransfers: {
        parameters: {
            query?: {
                /** @description `inbox`: transfers to your agency; `outbox`: from it */
                box?: "inbox" | "outbox";
                status?: "pending" | "accepted" | "declined" | "cancelled";
                /** @description Items on a page, 1 to 200 (default 50) */
                limit?: number;
                /** @description Where to go on: the `nextCursor` of the page before, passed back as given (it is opaque). Absent for the first page. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of transfers */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "id": "6e5d4c3b-2a1f-4e0d-9c8b-7a6f5e4d3c2b",
                     *           "fromAgency": "iom",
                     *           "toAgency": "mgcas",
                     *           "status": "pending",
                     *           "subjectId": "0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90",
                     *           "receivedSubjectId": null,
                     *           "consentId": "1c8f3d5e-4d2a-4f64-8e6f-3a2b7c8d9e01",
                     *           "legalBasis": "vital_interests",
                     *           "purpose": "best_interests_procedure",
                     *           "categories": [
                     *             "identity",
                     *             "family",
                     *             "protection"
                     *           ],
                     *           "reason": "Unaccompanied child: case management belongs with social welfare",
                     *           "declineReason": null,
                     *           "requestedAt": "2026-12-05T09:30:00.000Z",
                     *           "decidedAt": null,
                     *           "readOnlyFrom": null,
                     *           "version": 1
                     *         }
                     *       ],
                     *       "nextCursor": null
                     *     }
                     */
                    "application/json": components["schemas"]["TransferPage"];
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTransfer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The transfer */
            200: {
                headers: {
                    /** @description The version of the record, a strong validator (RFC 9110 §8.8.3): send it back in `If-Match` to change the record */
                    ETag?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "6e5d4c3b-2a1f-4e0d-9c8b-7a6f5e4d3c2b",
                     *       "fromAgency": "iom",
                     *       "toAgency": "mgcas",
                     *       "status": "pending",
                     *       "subjectId": "0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90",
                     *       "receivedSubjectId": null,
                     *       "consentId": "1c8f3d5e-4d2a-4f64-8e6f-3a2b7c8d9e01",
                     *       "legalBasis": "vital_interests",
                     *       "purpose": "best_interests_procedure",
                     *       "categories": [
                     *         "identity",
                     *         "family",
                     *         "protection"
                     *       ],
                     *       "reason": "Unaccompanied child: case management belongs with social welfare",
                     *       "declineReason": null,
                     *       "requestedAt": "2026-12-05T09:30:00.000Z",
                     *       "decidedAt": null,
                     *       "readOnlyFrom": null,
                     *       "version": 1
                     *     }
                     */
                    "application/json": components["schemas"]["Transfer"];
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    acceptTransfer: {
        parameters: {
            query?: never;
            header?: {
                /** @description Optional. The strong `ETag` a read of the record returned (`"3"`), or `*`. A stale tag answers 412; so does a weak one (`W/"3"`), which never matches: `If-Match` compares strongly (RFC 9110 §13.1.1). */
                "if-match"?: string;
                /** @description Makes retries safe: a change sent again under the same key and body is done once and answered as the first time (a verification, which changes nothing, is checked again). 1 to 200 printable ASCII characters. */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "assigneeId": "3c2b1a0f-9e8d-4c7b-a6f5-e4d3c2b1a098"
                 *     }
                 */
                "application/json": components["schemas"]["AcceptTransfer"];
            };
        };
        responses: {
            /** @description The transfer, accepted, as the receiving agency sees it */
            200: {
                headers: {
                    /** @description The version of the record, a strong validator (RFC 9110 §8.8.3): send it back in `If-Match` to change the record */
                    ETag?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "6e5d4c3b-2a1f-4e0d-9c8b-7a6f5e4d3c2b",
                     *       "fromAgency": "iom",
                     *       "toAgency": "mgcas",
                     *       "status": "accepted",
                     *       "subjectId": null,
                     *       "receivedSubjectId": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
                     *       "consentId": null,
                     *       "legalBasis": "vital_interests",
                     *       "purpose": "best_interests_procedure",
                     *       "categories": [
                     *         "identity",
                     *         "family",
                     *         "protection"
                     *       ],
                     *       "reason": "Unaccompanied child: case management belongs with social welfare",
                     *       "declineReason": null,
                     *       "requestedAt": "2026-12-05T09:30:00.000Z",
                     *       "decidedAt": "2026-12-05T11:00:00.000Z",
                     *       "readOnlyFrom": "2026-12-19T11:00:00.000Z",
                     *       "version": 2
                     *     }
                     */
                    "application/json": components["schemas"]["Transfer"];
                };
            };
            /** @description `invalid_request`, `malformed_body` */
            400: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `conflict`, `idempotency_in_flight` */
            409: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `precondition_failed` */
            412: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported_media_type` */
            415: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `check_failed`, `idempotency_key_reused` */
            422: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    declineTransfer: {
        parameters: {
            query?: never;
            header?: {
                /** @description Optional. The strong `ETag` a read of the record returned (`"3"`), or `*`. A stale tag answers 412; so does a weak one (`W/"3"`), which never matches: `If-Match` compares strongly (RFC 9110 §13.1.1). */
                "if-match"?: string;
                /** @description Makes retries safe: a change sent again under the same key and body is done once and answered as the first time (a verification, which changes nothing, is checked again). 1 to 200 printable ASCII characters. */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "reason": "No place in the province’s child-care programme this month"
                 *     }
                 */
                "application/json": components["schemas"]["DeclineTransfer"];
            };
        };
        responses: {
            /** @description The transfer, declined */
            200: {
                headers: {
                    /** @description The version of the record, a strong validator (RFC 9110 §8.8.3): send it back in `If-Match` to change the record */
                    ETag?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "6e5d4c3b-2a1f-4e0d-9c8b-7a6f5e4d3c2b",
                     *       "fromAgency": "iom",
                     *       "toAgency": "mgcas",
                     *       "status": "declined",
                     *       "subjectId": null,
                     *       "receivedSubjectId": null,
                     *       "consentId": null,
                     *       "legalBasis": "vital_interests",
                     *       "purpose": "best_interests_procedure",
                     *       "categories": [
                     *         "identity",
                     *         "family",
                     *         "protection"
                     *       ],
                     *       "reason": "Unaccompanied child: case management belongs with social welfare",
                     *       "declineReason": "No place in the province’s child-care programme this month",
                     *       "requestedAt": "2026-12-05T09:30:00.000Z",
                     *       "decidedAt": "2026-12-05T11:00:00.000Z",
                     *       "readOnlyFrom": null,
                     *       "version": 2
                     *     }
                     */
                    "application/json": components["schemas"]["Transfer"];
                };
            };
            /** @description `invalid_request`, `malformed_body` */
            400: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `conflict`, `idempotency_in_flight` */
            409: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `precondition_failed` */
            412: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported_media_type` */
            415: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_key_reused` */
            422: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    cancelTransfer: {
        parameters: {
            query?: never;
            header?: {
                /** @description Optional. The strong `ETag` a read of the record returned (`"3"`), or `*`. A stale tag answers 412; so does a weak one (`W/"3"`), which never matches: `If-Match` compares strongly (RFC 9110 §13.1.1). */
                "if-match"?: string;
                /** @description Makes retries safe: a change sent again under the same key and body is done once and answered as the first time (a verification, which changes nothing, is checked again). 1 to 200 printable ASCII characters. */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The transfer, cancelled */
            200: {
                headers: {
                    /** @description The version of the record, a strong validator (RFC 9110 §8.8.3): send it back in `If-Match` to change the record */
                    ETag?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "6e5d4c3b-2a1f-4e0d-9c8b-7a6f5e4d3c2b",
                     *       "fromAgency": "iom",
                     *       "toAgency": "mgcas",
                     *       "status": "cancelled",
                     *       "subjectId": "0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90",
                     *       "receivedSubjectId": null,
                     *       "consentId": "1c8f3d5e-4d2a-4f64-8e6f-3a2b7c8d9e01",
                     *       "legalBasis": "vital_interests",
                     *       "purpose": "best_interests_procedure",
                     *       "categories": [
                     *         "identity",
                     *         "family",
                     *         "protection"
                     *       ],
                     *       "reason": "Unaccompanied child: case management belongs with social welfare",
                     *       "declineReason": null,
                     *       "requestedAt": "2026-12-05T09:30:00.000Z",
                     *       "decidedAt": "2026-12-05T10:00:00.000Z",
                     *       "readOnlyFrom": null,
                     *       "version": 2
                     *     }
                     */
                    "application/json": components["schemas"]["Transfer"];
                };
            };
            /** @description `invalid_request`, `malformed_body` */
            400: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `conflict`, `idempotency_in_flight` */
            409: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `precondition_failed` */
            412: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported_media_type` */
            415: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_key_reused` */
            422: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getRetentionSchedule: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The schedule */
            200: {
                headers: {
                    /** @description The version of the record, a strong validator (RFC 9110 §8.8.3): send it back in `If-Match` to change the record */
                    ETag?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RetentionSchedule"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    replaceRetentionSchedule: {
        parameters: {
            query?: never;
            header?: {
                /** @description Required (428 without it). The strong `ETag` a read of the record returned (`"3"`), or `*`. A stale tag answers 412; so does a weak one (`W/"3"`), which never matches: `If-Match` compares strongly (RFC 9110 §13.1.1). */
                "if-match"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReplaceRetentionSchedule"];
            };
        };
        responses: {
            /** @description The schedule as set */
            200: {
                headers: {
                    /** @description The version of the record, a strong validator (RFC 9110 §8.8.3): send it back in `If-Match` to change the record */
                    ETag?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RetentionSchedule"];
                };
            };
            /** @description `invalid_request`, `malformed_body` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `conflict` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `precondition_failed` */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported_media_type` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `check_failed` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `precondition_required` */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    forecastRetention: {
        parameters: {
            query?: {
                /** @description How far ahead, in days (0 to 90, default 7): the cases due by then, those overdue already included */
                days?: number | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The cases due within the window */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RetentionForecast"];
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listRetentionRuns: {
        parameters: {
            query?: {
                /** @description Items on a page, 1 to 100 (default 20) */
                limit?: number;
                /** @description Where to go on: the `nextCursor` of the page before, passed back as given (it is opaque). Absent for the first page. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of runs */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RetentionRunPage"];
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getRetentionRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The run */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RetentionRun"];
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    attestPurge: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes retries safe: a change sent again under the same key and body is done once and answered as the first time (a verification, which changes nothing, is checked again). 1 to 200 printable ASCII characters. */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PurgeAttestation"];
            };
        };
        responses: {
            /** @description The purge request with its signed attestation */
            201: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PurgeRequest"];
                };
            };
            /** @description `invalid_request`, `malformed_body` */
            400: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `conflict`, `idempotency_in_flight` */
            409: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported_media_type` */
            415: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_key_reused` */
            422: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listPurgeRequests: {
        parameters: {
            query?: {
                /** @description `pending` (the default): those not attested yet; `all`: every one */
                status?: "pending" | "all";
                /** @description At most this many, newest first (1 to 200, default 100) */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The purge requests */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PurgeRequestList"];
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    acceptReferral: {
        parameters: {
            query?: never;
            header?: {
                /** @description Optional. The strong `ETag` a read of the record returned (`"3"`), or `*`. A stale tag answers 412; so does a weak one (`W/"3"`), which never matches: `If-Match` compares strongly (RFC 9110 §13.1.1). */
                "if-match"?: string;
                /** @description Makes retries safe: a change sent again under the same key and body is done once and answered as the first time (a verification, which changes nothing, is checked again). 1 to 200 printable ASCII characters. */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "assigneeId": "3c2b1a0f-9e8d-4c7b-a6f5-e4d3c2b1a098"
                 *     }
                 */
                "application/json": components["schemas"]["AcceptReferral"];
            };
        };
        responses: {
            /** @description The referral after the transition */
            200: {
                headers: {
                    /** @description The version of the record, a strong validator (RFC 9110 §8.8.3): send it back in `If-Match` to change the record */
                    ETag?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "5d7c1f0e-8a3b-4c2d-9e6f-1a2b3c4d5e6f",
                     *       "from": "iom",
                     *       "to": "casa-esperanca",
                     *       "status": "accepted",
                     *       "version": 2,
                     *       "service": "shelter",
                     *       "purpose": "protection_assistance",
                     *       "urgency": "priority",
                     *       "dueDate": "2026-12-12",
                     *       "triage": null,
                     *       "sharedCategories": [
                     *         "identity",
                     *         "contact",
                     *         "protection"
                     *       ],
                     *       "legalBasis": "consent",
                     *       "subjectId": "0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90",
                     *       "consentId": null,
                     *       "note": "Needs a safe place within three days; prefers contact through her caseworker.",
                     *       "assigneeId": "3c2b1a0f-9e8d-4c7b-a6f5-e4d3c2b1a098",
                     *       "outcomeCode": null,
                     *       "outcome": null,
                     *       "reasonCode": null,
                     *       "reason": null,
                     *       "sentAt": "2026-12-05T09:30:00Z",
                     *       "acceptedAt": "2026-12-05T11:02:00Z",
                     *       "completedAt": null,
                     *       "closedAt": null,
                     *       "respondBy": "2026-12-08T09:30:00Z",
                     *       "overdue": false,
                     *       "overdueKind": null,
                     *       "transitions": [
                     *         {
                     *           "step": "send",
                     *           "from": null,
                     *           "to": "sent",
                     *           "actorAgency": "iom",
                     *           "at": "2026-12-05T09:30:00Z",
                     *           "reason": null
                     *         },
                     *         {
                     *           "step": "accept",
                     *           "from": "sent",
                     *           "to": "accepted",
                     *           "actorAgency": "casa-esperanca",
                     *           "at": "2026-12-05T11:02:00Z",
                     *           "reason": null
                     *         }
                     *       ],
                     *       "view": "receiver",
                     *       "parentReferralId": null
                     *     }
                     */
                    "application/json": components["schemas"]["Referral"];
                };
            };
            /** @description `invalid_request`, `malformed_body` */
            400: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `conflict`, `idempotency_in_flight` */
            409: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `precondition_failed` */
            412: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported_media_type` */
            415: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_key_reused` */
            422: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    declineReferral: {
        parameters: {
            query?: never;
            header?: {
                /** @description Optional. The strong `ETag` a read of the record returned (`"3"`), or `*`. A stale tag answers 412; so does a weak one (`W/"3"`), which never matches: `If-Match` compares strongly (RFC 9110 §13.1.1). */
                "if-match"?: string;
                /** @description Makes retries safe: a change sent again under the same key and body is done once and answered as the first time (a verification, which changes nothing, is checked again). 1 to 200 printable ASCII characters. */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DeclineReferral"];
            };
        };
        responses: {
            /** @description The referral after the transition */
            200: {
                headers: {
                    /** @description The version of the record, a strong validator (RFC 9110 §8.8.3): send it back in `If-Match` to change the record */
                    ETag?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Referral"];
                };
            };
            /** @description `invalid_request`, `malformed_body` */
            400: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `conflict`, `idempotency_in_flight` */
            409: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `precondition_failed` */
            412: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported_media_type` */
            415: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_key_reused` */
            422: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    assignReferral: {
        parameters: {
            query?: never;
            header?: {
                /** @description Required (428 without it). The strong `ETag` a read of the record returned (`"3"`), or `*`. A stale tag answers 412; so does a weak one (`W/"3"`), which never matches: `If-Match` compares strongly (RFC 9110 §13.1.1). */
                "if-match"?: string;
                /** @description Makes retries safe: a change sent again under the same key and body is done once and answered as the first time (a verification, which changes nothing, is checked again). 1 to 200 printable ASCII characters. */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AssignReferral"];
            };
        };
        responses: {
            /** @description The referral as assigned */
            200: {
                headers: {
                    /** @description The version of the record, a strong validator (RFC 9110 §8.8.3): send it back in `If-Match` to change the record */
                    ETag?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Referral"];
                };
            };
            /** @description `invalid_request`, `malformed_body` */
            400: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `conflict`, `idempotency_in_flight` */
            409: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `precondition_failed` */
            412: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported_media_type` */
            415: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_key_reused` */
            422: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `precondition_required` */
            428: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    startReferral: {
        parameters: {
            query?: never;
            header?: {
                /** @description Optional. The strong `ETag` a read of the record returned (`"3"`), or `*`. A stale tag answers 412; so does a weak one (`W/"3"`), which never matches: `If-Match` compares strongly (RFC 9110 §13.1.1). */
                "if-match"?: string;
                /** @description Makes retries safe: a change sent again under the same key and body is done once and answered as the first time (a verification, which changes nothing, is checked again). 1 to 200 printable ASCII characters. */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The referral after the transition */
            200: {
                headers: {
                    /** @description The version of the record, a strong validator (RFC 9110 §8.8.3): send it back in `If-Match` to change the record */
                    ETag?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Referral"];
                };
            };
            /** @description `invalid_request`, `malformed_body` */
            400: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `conflict`, `idempotency_in_flight` */
            409: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `precondition_failed` */
            412: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported_media_type` */
            415: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_key_reused` */
            422: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    completeReferral: {
        parameters: {
            query?: never;
            header?: {
                /** @description Optional. The strong `ETag` a read of the record returned (`"3"`), or `*`. A stale tag answers 412; so does a weak one (`W/"3"`), which never matches: `If-Match` compares strongly (RFC 9110 §13.1.1). */
                "if-match"?: string;
                /** @description Makes retries safe: a change sent again under the same key and body is done once and answered as the first time (a verification, which changes nothing, is checked again). 1 to 200 printable ASCII characters. */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CompleteReferral"];
            };
        };
        responses: {
            /** @description The referral after the transition */
            200: {
                headers: {
                    /** @description The version of the record, a strong validator (RFC 9110 §8.8.3): send it back in `If-Match` to change the record */
                    ETag?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Referral"];
                };
            };
            /** @description `invalid_request`, `malformed_body` */
            400: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `conflict`, `idempotency_in_flight` */
            409: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `precondition_failed` */
            412: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported_media_type` */
            415: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_key_reused` */
            422: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    sendDraftReferral: {
        parameters: {
            query?: never;
            header?: {
                /** @description Optional. The strong `ETag` a read of the record returned (`"3"`), or `*`. A stale tag answers 412; so does a weak one (`W/"3"`), which never matches: `If-Match` compares strongly (RFC 9110 §13.1.1). */
                "if-match"?: string;
                /** @description Makes retries safe: a change sent again under the same key and body is done once and answered as the first time (a verification, which changes nothing, is checked again). 1 to 200 printable ASCII characters. */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The referral after the transition */
            200: {
                headers: {
                    /** @description The version of the record, a strong validator (RFC 9110 §8.8.3): send it back in `If-Match` to change the record */
                    ETag?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Referral"];
                };
            };
            /** @description `invalid_request`, `malformed_body` */
            400: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `conflict`, `idempotency_in_flight` */
            409: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `precondition_failed` */
            412: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported_media_type` */
            415: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_key_reused` */
            422: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    withdrawReferral: {
        parameters: {
            query?: never;
            header?: {
                /** @description Optional. The strong `ETag` a read of the record returned (`"3"`), or `*`. A stale tag answers 412; so does a weak one (`W/"3"`), which never matches: `If-Match` compares strongly (RFC 9110 §13.1.1). */
                "if-match"?: string;
                /** @description Makes retries safe: a change sent again under the same key and body is done once and answered as the first time (a verification, which changes nothing, is checked again). 1 to 200 printable ASCII characters. */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WithdrawReferral"];
            };
        };
        responses: {
            /** @description The referral after the transition */
            200: {
                headers: {
                    /** @description The version of the record, a strong validator (RFC 9110 §8.8.3): send it back in `If-Match` to change the record */
                    ETag?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Referral"];
                };
            };
            /** @description `invalid_request`, `malformed_body` */
            400: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `conflict`, `idempotency_in_flight` */
            409: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `precondition_failed` */
            412: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported_media_type` */
            415: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_key_reused` */
            422: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    readReferralFhir: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                resourceType: "ServiceRequest" | "Task";
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description FHIR R5 ServiceRequest or Task */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/fhir+json": components["schemas"]["FhirResource"];
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listEvents: {
        parameters: {
            query?: {
                /** @description Items on a page, 1 to 500 (default 100) */
                limit?: number;
                /** @description Where to go on: the `nextCursor` of the page before, passed back as given (it is opaque). Absent for the first page. */
                cursor?: string;
                /**
                 * @deprecated
                 * @description Deprecated: use `cursor` (the `nextCursor` of the page before) instead. It is read as `cursor` is: the `nextCursor` of the page before (empty: from the start, as before). Accepted until API version 0.2.0, which drops it; never together with `cursor`.
                 */
                after?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Events after the cursor, and the cursor to go on from */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventFeedPage"];
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listWebhookEndpoints: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Endpoints */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["WebhookEndpoint"][];
                    };
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes retries safe: a change sent again under the same key and body is done once and answered as the first time (a verification, which changes nothing, is checked again). 1 to 200 printable ASCII characters. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateWebhookEndpoint"];
            };
        };
        responses: {
            /** @description The endpoint, with its signing secret (shown this once) */
            201: {
                headers: {
                    /** @description The version of the record, a strong validator (RFC 9110 §8.8.3): send it back in `If-Match` to change the record */
                    ETag?: string;
                    /** @description The path of the record just made, to read it */
                    Location?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpointWithSecret"];
                };
            };
            /** @description `invalid_request`, `malformed_body` */
            400: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_in_flight` */
            409: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported_media_type` */
            415: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_key_reused` */
            422: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listWebhookDeliveries: {
        parameters: {
            query?: {
                status?: "pending" | "delivered" | "dead" | "cancelled";
                /** @description Items on a page, 1 to 500 (default 100) */
                limit?: number;
                /** @description Where to go on: the `nextCursor` of the page before, passed back as given (it is opaque). Absent for the first page. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deliveries, newest first */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["WebhookDelivery"][];
                        /** @description Pass as `cursor` to read the next page; null at the end */
                        nextCursor: string | null;
                    };
                };
            };
            /** @description `invalid_request` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    replayWebhookDeliveries: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes retries safe: a change sent again under the same key and body is done once and answered as the first time (a verification, which changes nothing, is checked again). 1 to 200 printable ASCII characters. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReplayDeliveries"];
            };
        };
        responses: {
            /** @description How many deliveries were queued again */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        requeued: number;
                    };
                };
            };
            /** @description `invalid_request`, `malformed_body` */
            400: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_in_flight` */
            409: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_key_reused` */
            422: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The endpoint */
            200: {
                headers: {
                    /** @description The version of the record, a strong validator (RFC 9110 §8.8.3): send it back in `If-Match` to change the record */
                    ETag?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpoint"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            200: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Pending deliveries ended `cancelled` */
                        cancelled: number;
                    };
                };
            };
            /** @description `invalid_request`, `malformed_body` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `conflict` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported_media_type` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: {
                /** @description Required (428 without it). The strong `ETag` a read of the record returned (`"3"`), or `*`. A stale tag answers 412; so does a weak one (`W/"3"`), which never matches: `If-Match` compares strongly (RFC 9110 §13.1.1). */
                "if-match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateWebhookEndpoint"];
            };
        };
        responses: {
            /** @description The endpoint as changed */
            200: {
                headers: {
                    /** @description The version of the record, a strong validator (RFC 9110 §8.8.3): send it back in `If-Match` to change the record */
                    ETag?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpoint"];
                };
            };
            /** @description `invalid_request`, `malformed_body` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `conflict` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `precondition_failed` */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported_media_type` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `precondition_required` */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    pauseWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes retries safe: a change sent again under the same key and body is done once and answered as the first time (a verification, which changes nothing, is checked again). 1 to 200 printable ASCII characters. */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The endpoint */
            200: {
                headers: {
                    /** @description The version of the record, a strong validator (RFC 9110 §8.8.3): send it back in `If-Match` to change the record */
                    ETag?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpoint"];
                };
            };
            /** @description `invalid_request`, `malformed_body` */
            400: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `conflict`, `idempotency_in_flight` */
            409: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported_media_type` */
            415: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_key_reused` */
            422: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    resumeWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes retries safe: a change sent again under the same key and body is done once and answered as the first time (a verification, which changes nothing, is checked again). 1 to 200 printable ASCII characters. */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The endpoint */
            200: {
                headers: {
                    /** @description The version of the record, a strong validator (RFC 9110 §8.8.3): send it back in `If-Match` to change the record */
                    ETag?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpoint"];
                };
            };
            /** @description `invalid_request`, `malformed_body` */
            400: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `conflict`, `idempotency_in_flight` */
            409: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported_media_type` */
            415: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_key_reused` */
            422: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    pingWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes retries safe: a change sent again under the same key and body is done once and answered as the first time (a verification, which changes nothing, is checked again). 1 to 200 printable ASCII characters. */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Queued for delivery */
            202: {
                headers: {
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        endpointId: string;
                        /** @enum {string} */
                        type: "ponte.ping";
                    };
                };
            };
            /** @description `invalid_request`, `malformed_body` */
            400: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `conflict`, `idempotency_in_flight` */
            409: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported_media_type` */
            415: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_key_reused` */
            422: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rotateWebhookSecret: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes retries safe: a change sent again under the same key and body is done once and answered as the first time (a verification, which changes nothing, is checked again). 1 to 200 printable ASCII characters. */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RotateWebhookSecret"];
            };
        };
        responses: {
            /** @description The endpoint, with its new secret (shown this once) */
            200: {
                headers: {
                    /** @description The version of the record, a strong validator (RFC 9110 §8.8.3): send it back in `If-Match` to change the record */
                    ETag?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpointWithSecret"];
                };
            };
            /** @description `invalid_request`, `malformed_body` */
            400: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
                    /** @description The challenge: `Bearer realm="ponte"`, with `error="invalid_token"` when the token sent was refused */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `forbidden` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `not_found` */
            404: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `conflict`, `idempotency_in_flight` */
            409: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unsupported_media_type` */
            415: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `idempotency_key_reused` */
            422: {
                headers: {
                    /** @description `true` when this is the answer stored under the request’s `Idempotency-Key`, given again rather than made anew; absent on the first answer */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `rate_limited` */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    /** @description The limits the request was counted against: a Structured Field list of `"<name>";q=<requests>;w=<seconds>` */
                    "RateLimit-Policy"?: string;
                    /** @description What is left of each: `"<name>";r=<remaining>;t=<seconds until the window ends>` */
                    RateLimit?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description `unavailable`, `timeout`, `outcome_unknown` */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    receiveReferralSent: {
        parameters: {
            query?: never;
            header: {
                /** @description The event’s id, the same in every retry: deduplicate on it (delivery is at least once) */
                "webhook-id": string;
                /** @description When this attempt was signed, Unix seconds: refuse one too far from your clock (Standard Webhooks suggests 5 minutes) */
                "webhook-timestamp": string;
                /** @description Space-separated signatures over `<webhook-id>.<webhook-timestamp>.<body>`: `v1,<base64 HMAC-SHA256>` under the endpoint’s secret (two while a rotation overlaps) and `v1a,<base64 Ed25519>` under the hub’s key; accept the delivery if any one verifies */
                "webhook-signature": string;
                /** @description The `kid` of the hub key behind `v1a`, in `/.well-known/jwks.json` */
                "ponte-key-id": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReferralSentEvent"];
            };
        };
        responses: {
            /** @description Received (any 2xx): the delivery is done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any other answer, or none in time: the delivery is retried later */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    receiveReferralAccepted: {
        parameters: {
            query?: never;
            header: {
                /** @description The event’s id, the same in every retry: deduplicate on it (delivery is at least once) */
                "webhook-id": string;
                /** @description When this attempt was signed, Unix seconds: refuse one too far from your clock (Standard Webhooks suggests 5 minutes) */
                "webhook-timestamp": string;
                /** @description Space-separated signatures over `<webhook-id>.<webhook-timestamp>.<body>`: `v1,<base64 HMAC-SHA256>` under the endpoint’s secret (two while a rotation overlaps) and `v1a,<base64 Ed25519>` under the hub’s key; accept the delivery if any one verifies */
                "webhook-signature": string;
                /** @description The `kid` of the hub key behind `v1a`, in `/.well-known/jwks.json` */
                "ponte-key-id": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReferralAcceptedEvent"];
            };
        };
        responses: {
            /** @description Received (any 2xx): the delivery is done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any other answer, or none in time: the delivery is retried later */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    receiveReferralDeclined: {
        parameters: {
            query?: never;
            header: {
                /** @description The event’s id, the same in every retry: deduplicate on it (delivery is at least once) */
                "webhook-id": string;
                /** @description When this attempt was signed, Unix seconds: refuse one too far from your clock (Standard Webhooks suggests 5 minutes) */
                "webhook-timestamp": string;
                /** @description Space-separated signatures over `<webhook-id>.<webhook-timestamp>.<body>`: `v1,<base64 HMAC-SHA256>` under the endpoint’s secret (two while a rotation overlaps) and `v1a,<base64 Ed25519>` under the hub’s key; accept the delivery if any one verifies */
                "webhook-signature": string;
                /** @description The `kid` of the hub key behind `v1a`, in `/.well-known/jwks.json` */
                "ponte-key-id": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReferralDeclinedEvent"];
            };
        };
        responses: {
            /** @description Received (any 2xx): the delivery is done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any other answer, or none in time: the delivery is retried later */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    receiveReferralAssigned: {
        parameters: {
            query?: never;
            header: {
                /** @description The event’s id, the same in every retry: deduplicate on it (delivery is at least once) */
                "webhook-id": string;
                /** @description When this attempt was signed, Unix seconds: refuse one too far from your clock (Standard Webhooks suggests 5 minutes) */
                "webhook-timestamp": string;
                /** @description Space-separated signatures over `<webhook-id>.<webhook-timestamp>.<body>`: `v1,<base64 HMAC-SHA256>` under the endpoint’s secret (two while a rotation overlaps) and `v1a,<base64 Ed25519>` under the hub’s key; accept the delivery if any one verifies */
                "webhook-signature": string;
                /** @description The `kid` of the hub key behind `v1a`, in `/.well-known/jwks.json` */
                "ponte-key-id": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReferralAssignedEvent"];
            };
        };
        responses: {
            /** @description Received (any 2xx): the delivery is done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any other answer, or none in time: the delivery is retried later */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    receiveReferralStarted: {
        parameters: {
            query?: never;
            header: {
                /** @description The event’s id, the same in every retry: deduplicate on it (delivery is at least once) */
                "webhook-id": string;
                /** @description When this attempt was signed, Unix seconds: refuse one too far from your clock (Standard Webhooks suggests 5 minutes) */
                "webhook-timestamp": string;
                /** @description Space-separated signatures over `<webhook-id>.<webhook-timestamp>.<body>`: `v1,<base64 HMAC-SHA256>` under the endpoint’s secret (two while a rotation overlaps) and `v1a,<base64 Ed25519>` under the hub’s key; accept the delivery if any one verifies */
                "webhook-signature": string;
                /** @description The `kid` of the hub key behind `v1a`, in `/.well-known/jwks.json` */
                "ponte-key-id": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReferralStartedEvent"];
            };
        };
        responses: {
            /** @description Received (any 2xx): the delivery is done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any other answer, or none in time: the delivery is retried later */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    receiveReferralCompleted: {
        parameters: {
            query?: never;
            header: {
                /** @description The event’s id, the same in every retry: deduplicate on it (delivery is at least once) */
                "webhook-id": string;
                /** @description When this attempt was signed, Unix seconds: refuse one too far from your clock (Standard Webhooks suggests 5 minutes) */
                "webhook-timestamp": string;
                /** @description Space-separated signatures over `<webhook-id>.<webhook-timestamp>.<body>`: `v1,<base64 HMAC-SHA256>` under the endpoint’s secret (two while a rotation overlaps) and `v1a,<base64 Ed25519>` under the hub’s key; accept the delivery if any one verifies */
                "webhook-signature": string;
                /** @description The `kid` of the hub key behind `v1a`, in `/.well-known/jwks.json` */
                "ponte-key-id": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReferralCompletedEvent"];
            };
        };
        responses: {
            /** @description Received (any 2xx): the delivery is done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any other answer, or none in time: the delivery is retried later */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    receiveReferralWithdrawn: {
        parameters: {
            query?: never;
            header: {
                /** @description The event’s id, the same in every retry: deduplicate on it (delivery is at least once) */
                "webhook-id": string;
                /** @description When this attempt was signed, Unix seconds: refuse one too far from your clock (Standard Webhooks suggests 5 minutes) */
                "webhook-timestamp": string;
                /** @description Space-separated signatures over `<webhook-id>.<webhook-timestamp>.<body>`: `v1,<base64 HMAC-SHA256>` under the endpoint’s secret (two while a rotation overlaps) and `v1a,<base64 Ed25519>` under the hub’s key; accept the delivery if any one verifies */
                "webhook-signature": string;
                /** @description The `kid` of the hub key behind `v1a`, in `/.well-known/jwks.json` */
                "ponte-key-id": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReferralWithdrawnEvent"];
            };
        };
        responses: {
            /** @description Received (any 2xx): the delivery is done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any other answer, or none in time: the delivery is retried later */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    receiveReferralPurgeRequested: {
        parameters: {
            query?: never;
            header: {
                /** @description The event’s id, the same in every retry: deduplicate on it (delivery is at least once) */
                "webhook-id": string;
                /** @description When this attempt was signed, Unix seconds: refuse one too far from your clock (Standard Webhooks suggests 5 minutes) */
                "webhook-timestamp": string;
                /** @description Space-separated signatures over `<webhook-id>.<webhook-timestamp>.<body>`: `v1,<base64 HMAC-SHA256>` under the endpoint’s secret (two while a rotation overlaps) and `v1a,<base64 Ed25519>` under the hub’s key; accept the delivery if any one verifies */
                "webhook-signature": string;
                /** @description The `kid` of the hub key behind `v1a`, in `/.well-known/jwks.json` */
                "ponte-key-id": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReferralPurgeRequestedEvent"];
            };
        };
        responses: {
            /** @description Received (any 2xx): the delivery is done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any other answer, or none in time: the delivery is retried later */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    receiveReferralPurgeAttested: {
        parameters: {
            query?: never;
            header: {
                /** @description The event’s id, the same in every retry: deduplicate on it (delivery is at least once) */
                "webhook-id": string;
                /** @description When this attempt was signed, Unix seconds: refuse one too far from your clock (Standard Webhooks suggests 5 minutes) */
                "webhook-timestamp": string;
                /** @description Space-separated signatures over `<webhook-id>.<webhook-timestamp>.<body>`: `v1,<base64 HMAC-SHA256>` under the endpoint’s secret (two while a rotation overlaps) and `v1a,<base64 Ed25519>` under the hub’s key; accept the delivery if any one verifies */
                "webhook-signature": string;
                /** @description The `kid` of the hub key behind `v1a`, in `/.well-known/jwks.json` */
                "ponte-key-id": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReferralPurgeAttestedEvent"];
            };
        };
        responses: {
            /** @description Received (any 2xx): the delivery is done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any other answer, or none in time: the delivery is retried later */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    receiveReferralPurgeOverdue: {
        parameters: {
            query?: never;
            header: {
                /** @description The event’s id, the same in every retry: deduplicate on it (delivery is at least once) */
                "webhook-id": string;
                /** @description When this attempt was signed, Unix seconds: refuse one too far from your clock (Standard Webhooks suggests 5 minutes) */
                "webhook-timestamp": string;
                /** @description Space-separated signatures over `<webhook-id>.<webhook-timestamp>.<body>`: `v1,<base64 HMAC-SHA256>` under the endpoint’s secret (two while a rotation overlaps) and `v1a,<base64 Ed25519>` under the hub’s key; accept the delivery if any one verifies */
                "webhook-signature": string;
                /** @description The `kid` of the hub key behind `v1a`, in `/.well-known/jwks.json` */
                "ponte-key-id": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReferralPurgeOverdueEvent"];
            };
        };
        responses: {
            /** @description Received (any 2xx): the delivery is done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any other answer, or none in time: the delivery is retried later */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    receiveReferralMessage: {
        parameters: {
            query?: never;
            header: {
                /** @description The event’s id, the same in every retry: deduplicate on it (delivery is at least once) */
                "webhook-id": string;
                /** @description When this attempt was signed, Unix seconds: refuse one too far from your clock (Standard Webhooks suggests 5 minutes) */
                "webhook-timestamp": string;
                /** @description Space-separated signatures over `<webhook-id>.<webhook-timestamp>.<body>`: `v1,<base64 HMAC-SHA256>` under the endpoint’s secret (two while a rotation overlaps) and `v1a,<base64 Ed25519>` under the hub’s key; accept the delivery if any one verifies */
                "webhook-signature": string;
                /** @description The `kid` of the hub key behind `v1a`, in `/.well-known/jwks.json` */
                "ponte-key-id": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReferralMessageEvent"];
            };
        };
        responses: {
            /** @description Received (any 2xx): the delivery is done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any other answer, or none in time: the delivery is retried later */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    receiveReferralOverdue: {
        parameters: {
            query?: never;
            header: {
                /** @description The event’s id, the same in every retry: deduplicate on it (delivery is at least once) */
                "webhook-id": string;
                /** @description When this attempt was signed, Unix seconds: refuse one too far from your clock (Standard Webhooks suggests 5 minutes) */
                "webhook-timestamp": string;
                /** @description Space-separated signatures over `<webhook-id>.<webhook-timestamp>.<body>`: `v1,<base64 HMAC-SHA256>` under the endpoint’s secret (two while a rotation overlaps) and `v1a,<base64 Ed25519>` under the hub’s key; accept the delivery if any one verifies */
                "webhook-signature": string;
                /** @description The `kid` of the hub key behind `v1a`, in `/.well-known/jwks.json` */
                "ponte-key-id": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReferralOverdueEvent"];
            };
        };
        responses: {
            /** @description Received (any 2xx): the delivery is done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any other answer, or none in time: the delivery is retried later */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    receiveSubjectTransferRequested: {
        parameters: {
            query?: never;
            header: {
                /** @description The event’s id, the same in every retry: deduplicate on it (delivery is at least once) */
                "webhook-id": string;
                /** @description When this attempt was signed, Unix seconds: refuse one too far from your clock (Standard Webhooks suggests 5 minutes) */
                "webhook-timestamp": string;
                /** @description Space-separated signatures over `<webhook-id>.<webhook-timestamp>.<body>`: `v1,<base64 HMAC-SHA256>` under the endpoint’s secret (two while a rotation overlaps) and `v1a,<base64 Ed25519>` under the hub’s key; accept the delivery if any one verifies */
                "webhook-signature": string;
                /** @description The `kid` of the hub key behind `v1a`, in `/.well-known/jwks.json` */
                "ponte-key-id": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SubjectTransferRequestedEvent"];
            };
        };
        responses: {
            /** @description Received (any 2xx): the delivery is done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any other answer, or none in time: the delivery is retried later */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    receiveSubjectTransferAccepted: {
        parameters: {
            query?: never;
            header: {
                /** @description The event’s id, the same in every retry: deduplicate on it (delivery is at least once) */
                "webhook-id": string;
                /** @description When this attempt was signed, Unix seconds: refuse one too far from your clock (Standard Webhooks suggests 5 minutes) */
                "webhook-timestamp": string;
                /** @description Space-separated signatures over `<webhook-id>.<webhook-timestamp>.<body>`: `v1,<base64 HMAC-SHA256>` under the endpoint’s secret (two while a rotation overlaps) and `v1a,<base64 Ed25519>` under the hub’s key; accept the delivery if any one verifies */
                "webhook-signature": string;
                /** @description The `kid` of the hub key behind `v1a`, in `/.well-known/jwks.json` */
                "ponte-key-id": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SubjectTransferAcceptedEvent"];
            };
        };
        responses: {
            /** @description Received (any 2xx): the delivery is done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any other answer, or none in time: the delivery is retried later */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    receiveSubjectTransferDeclined: {
        parameters: {
            query?: never;
            header: {
                /** @description The event’s id, the same in every retry: deduplicate on it (delivery is at least once) */
                "webhook-id": string;
                /** @description When this attempt was signed, Unix seconds: refuse one too far from your clock (Standard Webhooks suggests 5 minutes) */
                "webhook-timestamp": string;
                /** @description Space-separated signatures over `<webhook-id>.<webhook-timestamp>.<body>`: `v1,<base64 HMAC-SHA256>` under the endpoint’s secret (two while a rotation overlaps) and `v1a,<base64 Ed25519>` under the hub’s key; accept the delivery if any one verifies */
                "webhook-signature": string;
                /** @description The `kid` of the hub key behind `v1a`, in `/.well-known/jwks.json` */
                "ponte-key-id": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SubjectTransferDeclinedEvent"];
            };
        };
        responses: {
            /** @description Received (any 2xx): the delivery is done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any other answer, or none in time: the delivery is retried later */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    receiveSubjectTransferCancelled: {
        parameters: {
            query?: never;
            header: {
                /** @description The event’s id, the same in every retry: deduplicate on it (delivery is at least once) */
                "webhook-id": string;
                /** @description When this attempt was signed, Unix seconds: refuse one too far from your clock (Standard Webhooks suggests 5 minutes) */
                "webhook-timestamp": string;
                /** @description Space-separated signatures over `<webhook-id>.<webhook-timestamp>.<body>`: `v1,<base64 HMAC-SHA256>` under the endpoint’s secret (two while a rotation overlaps) and `v1a,<base64 Ed25519>` under the hub’s key; accept the delivery if any one verifies */
                "webhook-signature": string;
                /** @description The `kid` of the hub key behind `v1a`, in `/.well-known/jwks.json` */
                "ponte-key-id": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SubjectTransferCancelledEvent"];
            };
        };
        responses: {
            /** @description Received (any 2xx): the delivery is done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any other answer, or none in time: the delivery is retried later */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    receiveSubjectRectified: {
        parameters: {
            query?: never;
            header: {
                /** @description The event’s id, the same in every retry: deduplicate on it (delivery is at least once) */
                "webhook-id": string;
                /** @description When this attempt was signed, Unix seconds: refuse one too far from your clock (Standard Webhooks suggests 5 minutes) */
                "webhook-timestamp": string;
                /** @description Space-separated signatures over `<webhook-id>.<webhook-timestamp>.<body>`: `v1,<base64 HMAC-SHA256>` under the endpoint’s secret (two while a rotation overlaps) and `v1a,<base64 Ed25519>` under the hub’s key; accept the delivery if any one verifies */
                "webhook-signature": string;
                /** @description The `kid` of the hub key behind `v1a`, in `/.well-known/jwks.json` */
                "ponte-key-id": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SubjectRectifiedEvent"];
            };
        };
        responses: {
            /** @description Received (any 2xx): the delivery is done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any other answer, or none in time: the delivery is retried later */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    receiveConsentWithdrawn: {
        parameters: {
            query?: never;
            header: {
                /** @description The event’s id, the same in every retry: deduplicate on it (delivery is at least once) */
                "webhook-id": string;
                /** @description When this attempt was signed, Unix seconds: refuse one too far from your clock (Standard Webhooks suggests 5 minutes) */
                "webhook-timestamp": string;
                /** @description Space-separated signatures over `<webhook-id>.<webhook-timestamp>.<body>`: `v1,<base64 HMAC-SHA256>` under the endpoint’s secret (two while a rotation overlaps) and `v1a,<base64 Ed25519>` under the hub’s key; accept the delivery if any one verifies */
                "webhook-signature": string;
                /** @description The `kid` of the hub key behind `v1a`, in `/.well-known/jwks.json` */
                "ponte-key-id": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConsentWithdrawnEvent"];
            };
        };
        responses: {
            /** @description Received (any 2xx): the delivery is done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any other answer, or none in time: the delivery is retried later */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    receivePontePing: {
        parameters: {
            query?: never;
            header: {
                /** @description The event’s id, the same in every retry: deduplicate on it (delivery is at least once) */
                "webhook-id": string;
                /** @description When this attempt was signed, Unix seconds: refuse one too far from your clock (Standard Webhooks suggests 5 minutes) */
                "webhook-timestamp": string;
                /** @description Space-separated signatures over `<webhook-id>.<webhook-timestamp>.<body>`: `v1,<base64 HMAC-SHA256>` under the endpoint’s secret (two while a rotation overlaps) and `v1a,<base64 Ed25519>` under the hub’s key; accept the delivery if any one verifies */
                "webhook-signature": string;
                /** @description The `kid` of the hub key behind `v1a`, in `/.well-known/jwks.json` */
                "ponte-key-id": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PontePingEvent"];
            };
        };
        responses: {
            /** @description Received (any 2xx): the delivery is done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any other answer, or none in time: the delivery is retried later */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}

/** Per operation (`METHOD /path`): takes `Idempotency-Key`, takes `If-Match` (and whether it must), answers an `ETag`. */
export interface OperationTraits {
    idempotencyKey?: true;
    ifMatch?: "required" | "optional";
    etag?: true;
}

/** The operations with any of those traits, as the document declares them; read by the SDK at run time. */
export const operationTraits: Readonly<Record<string, OperationTraits>> = {
    "POST /v1/agencies": { idempotencyKey: true },
    "POST /v1/agencies/{slug}/administrators": { idempotencyKey: true },
    "POST /v1/agreements": { idempotencyKey: true },
    "POST /v1/agreements/{id}/terminate": { idempotencyKey: true },
    "POST /v1/users": { idempotencyKey: true },
    "POST /v1/users/{id}/disable": { idempotencyKey: true },
    "POST /v1/users/{id}/reset": { idempotencyKey: true },
    "POST /v1/api-clients": { idempotencyKey: true },
    "POST /v1/api-clients/{id}/revoke": { idempotencyKey: true },
    "POST /v1/api-clients/{id}/secret": { idempotencyKey: true },
    "POST /v1/subjects": { idempotencyKey: true, etag: true },
    "GET /v1/subjects/{id}": { etag: true },
    "PATCH /v1/subjects/{id}": { ifMatch: "required", etag: true },
    "POST /v1/subjects/{id}/assignment": { idempotencyKey: true, ifMatch: "required", etag: true },
    "POST /v1/subjects/{id}/break-glass": { idempotencyKey: true },
    "POST /v1/subjects/{id}/documents": { idempotencyKey: true },
    "GET /v1/subjects/{id}/documents/{documentId}/content": { etag: true },
    "POST /v1/subjects/{id}/erasure": { idempotencyKey: true, ifMatch: "optional", etag: true },
    "GET /v1/subjects/{id}/erasure": { etag: true },
    "POST /v1/subjects/{id}/legal-holds": { idempotencyKey: true },
    "POST /v1/subjects/{id}/legal-holds/{holdId}/release": { idempotencyKey: true },
    "POST /v1/subjects/{id}/consents": { idempotencyKey: true },
    "POST /v1/consents/{id}/withdraw": { idempotencyKey: true },
    "POST /v1/consent-receipts/verify": { idempotencyKey: true },
    "POST /v1/consent-receipts/withdrawal": { idempotencyKey: true },
    "POST /v1/log/witness-keys": { idempotencyKey: true },
    "POST /v1/log/witness-keys/{id}/revoke": { idempotencyKey: true },
    "POST /v1/log/cosignatures": { idempotencyKey: true },
    "POST /v1/log/verify": { idempotencyKey: true },
    "POST /v1/access-reviews": { idempotencyKey: true },
    "POST /v1/referrals": { idempotencyKey: true, etag: true },
    "GET /v1/referrals/{id}": { etag: true },
    "POST /v1/referrals/{id}/messages": { idempotencyKey: true },
    "POST /v1/referrals/{id}/onward": { idempotencyKey: true, etag: true },
    "GET /v1/referrals/{id}/documents/{documentId}/content": { etag: true },
    "POST /v1/subjects/{id}/transfers": { idempotencyKey: true, etag: true },
    "GET /v1/transfers/{id}": { etag: true },
    "POST /v1/transfers/{id}/accept": { idempotencyKey: true, ifMatch: "optional", etag: true },
    "POST /v1/transfers/{id}/decline": { idempotencyKey: true, ifMatch: "optional", etag: true },
    "POST /v1/transfers/{id}/cancel": { idempotencyKey: true, ifMatch: "optional", etag: true },
    "GET /v1/retention-schedule": { etag: true },
    "PUT /v1/retention-schedule": { ifMatch: "required", etag: true },
    "POST /v1/referrals/{id}/purge-attestation": { idempotencyKey: true },
    "POST /v1/referrals/{id}/accept": { idempotencyKey: true, ifMatch: "optional", etag: true },
    "POST /v1/referrals/{id}/decline": { idempotencyKey: true, ifMatch: "optional", etag: true },
    "POST /v1/referrals/{id}/assign": { idempotencyKey: true, ifMatch: "required", etag: true },
    "POST /v1/referrals/{id}/start": { idempotencyKey: true, ifMatch: "optional", etag: true },
    "POST /v1/referrals/{id}/complete": { idempotencyKey: true, ifMatch: "optional", etag: true },
    "POST /v1/referrals/{id}/send": { idempotencyKey: true, ifMatch: "optional", etag: true },
    "POST /v1/referrals/{id}/withdraw": { idempotencyKey: true, ifMatch: "optional", etag: true },
    "POST /v1/webhook-endpoints": { idempotencyKey: true, etag: true },
    "POST /v1/webhook-deliveries/replay": { idempotencyKey: true },
    "GET /v1/webhook-endpoints/{id}": { etag: true },
    "PATCH /v1/webhook-endpoints/{id}": { ifMatch: "required", etag: true },
    "POST /v1/webhook-endpoints/{id}/pause": { idempotencyKey: true, etag: true },
    "POST /v1/webhook-endpoints/{id}/resume": { idempotencyKey: true, etag: true },
    "POST /v1/webhook-endpoints/{id}/ping": { idempotencyKey: true },
    "POST /v1/webhook-endpoints/{id}/rotate-secret": { idempotencyKey: true, etag: true },
};
