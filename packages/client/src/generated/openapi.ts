/**
 * GENERATED from the Ponte hub's OpenAPI document (GET /openapi.json) by openapi-typescript.
 * Do not edit by hand: run `pnpm client:generate` to regenerate it after a change to the API.
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
        /** Liveness: the process answers */
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
        /** Who the token belongs to */
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
        /** The network's agencies and the services they offer */
        get: operations["listAgencies"];
        put?: never;
        /** Add an agency to the network (hub operator) */
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
        /** One agency */
        get: operations["getAgency"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Rename or suspend an agency (hub operator) */
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
        /** Set the services an agency offers, by province (hub operator) */
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
        /** Find the agencies that offer a service in a province, to route a referral */
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
        /** Data-sharing agreements: all of them for the hub operator, those it is party to for an agency */
        get: operations["listAgreements"];
        put?: never;
        /** Record a data-sharing agreement from one agency to another (hub operator) */
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
        /** One agreement */
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
        /** End an agreement before its term (hub operator) */
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
        /** Your agency's users (agency administrator) */
        get: operations["listUsers"];
        put?: never;
        /** Add a user to your agency (agency administrator) */
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
        /** One user of your agency */
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
        /** Disable a user; their tokens stop working at once (agency administrator) */
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
        /** Your agency's API clients (agency administrator) */
        get: operations["listApiClients"];
        put?: never;
        /** Register a machine identity for your agency's systems; the secret is shown once (agency administrator) */
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
        /** Revoke an API client; its tokens stop working at once (agency administrator) */
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
        /** The subjects you may work on (need-to-know), newest first */
        get: operations["listSubjects"];
        put?: never;
        /**
         * Register a data subject in your agency
         * @description The personal data is readable back only once a consent (or another legal basis) covers its categories.
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
        /** Read a subject: only the categories you may read now */
        get: operations["getSubject"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Replace categories of personal data (`If-Match` with the ETag you read is required) */
        patch: operations["updateSubject"];
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
        /** Reassign a subject (supervisor); the history is kept */
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
        /** Emergency access to a subject of your agency outside need-to-know (time-limited, reviewed) */
        post: operations["requestBreakGlass"];
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
        /** A subject's consents, with their status now */
        get: operations["listSubjectConsents"];
        put?: never;
        /** Record a subject's consent (or a guardian's, or a best-interests determination), or a new version of one */
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
        /** One consent (its latest version) with its status now */
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
        /** Withdraw a consent; it stops counting at once */
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
        /** The consent as an HL7 FHIR R5 Consent resource */
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
        /** Verify a consent receipt: the hub's signature, and whether the consent still counts */
        post: operations["verifyConsentReceipt"];
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
         * @description The body is a C2SP `tlog-checkpoint` in a C2SP `signed-note`: the origin (the hub’s public URL without its scheme), the tree size, the root hash in base64, a blank line and one Ed25519 signature line by the key named after the origin. The `Ponte-Checkpoint-Key` header carries the note verifier key (`<name>+<key id>+<base64(0x01 ‖ public key)>`, as Go’s `sumdb/note` reads it); the same head is also served as a JWS at `/v1/log/heads`.
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
         * @description The tile at `<L>/<N>[.p/<W>]` as C2SP `tlog-tiles` names it: level L (0 holds leaf hashes, level L+1 the roots of the full tiles of level L), index N in groups of three digits with `x` before all but the last (`x001/x234/067`), and for the right edge a partial tile of width W. The body is the tile’s hashes, 32 bytes each. Tiles never change once they exist, so they may be cached for good. Entry bundles (`tile/entries/...`) are not served: an entry says who read whose record, and stays with privacy officers.
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
        /** Revoke a witness key of your agency: its cosignatures stay, it cosigns no more (agency administrator) */
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
        /** Inclusion proof (RFC 6962 audit path) of an access event against the latest head */
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
        /** Consistency proof between two sizes of the log (RFC 6962) */
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
         * @description The verification runs in the background: the answer is `202` with the verification and its `Location`; poll `GET /v1/log/verifications/{id}` until its `status` is `done` (the `report` says whether the log verifies) or `failed`. A retry under the same `Idempotency-Key` gets the same verification.
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
        /** Where a verification of the log stands, and its report once done */
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
        /** Flags over the access log: break-glass, repeated denials, unusual volume, out of hours, reads without assignment */
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
        /** Mark an event or a flag reviewed, with a note, or escalate it (privacy officer) */
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
        /** “Who saw my data”: every access to a subject’s data across agencies, as JSON, CSV or printable HTML, in English or Portuguese */
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
        /** The access log for a time range as HL7 FHIR R5 AuditEvent resources (a `searchset` Bundle) or CSV */
        get: {
            parameters: {
                query: {
                    format?: "fhir" | "csv";
                    from: string;
                    to: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The export */
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
            };
        };
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
        /** The access log: your agency's accesses and every access to its subjects (privacy officer) */
        get: {
            parameters: {
                query?: {
                    actorId?: string;
                    subjectId?: string;
                    /** @description The agency whose user or client acted */
                    agency?: string;
                    resource?: "Subject" | "Consent" | "AccessEvent" | "Referral" | "ReferredSubject" | "Event" | "Webhook" | "LogWitness" | "Account" | "ApiClient";
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
            };
        };
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
        /** Your agency's inbox (received) or outbox (sent) */
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
        /** Your agency's referral figures; counts under 5 are suppressed */
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
        /** A referral: the sender’s view, the triage view before acceptance, the receiver’s view, or metadata after closure */
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
        /** The referred subject, as the receiving agency may read it now */
        get: operations["readReferredSubject"];
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
        /** Accept a referral (intake focal point or supervisor of the receiving agency) */
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
        /** Decline a referral, with a reason */
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
        /** Assign an accepted referral to a caseworker of the receiving agency */
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
        /** Start delivering the service (assigned caseworker) */
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
        /** Complete a referral, with an outcome */
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
        /** Send a draft (sender), once every check passes now */
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
        /** Withdraw a referral (sender), with a reason */
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
        /** Your agency's webhook endpoints */
        get: operations["listWebhookEndpoints"];
        put?: never;
        /**
         * Register a webhook endpoint (agency administrator); its signing secret is answered once
         * @description Deliveries follow [Standard Webhooks](https://www.standardwebhooks.com/): headers `webhook-id` (the event id, stable across retries), `webhook-timestamp` (Unix seconds) and `webhook-signature`, a space-separated list: `v1,<base64 HMAC-SHA256 under the endpoint’s secret>` (two during a rotation’s overlap) and `v1a,<base64 Ed25519 signature under the hub’s key>`, both over `<webhook-id>.<webhook-timestamp>.<body>`; `ponte-key-id` names the hub key (its `kid` in `/.well-known/jwks.json`). The `standardwebhooks` libraries verify `v1` as they are: `new Webhook(secret).verify(body, headers)`.
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
        /** Webhook deliveries and their state (pending, delivered, dead, or cancelled: its endpoint was deleted) */
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
        /** Deliver again: dead-lettered deliveries, or those of given events */
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
        /** One webhook endpoint, with its ETag (agency administrator) */
        get: operations["getWebhookEndpoint"];
        put?: never;
        post?: never;
        /** Delete an endpoint: it gets nothing more, its secrets are erased, and its pending deliveries end `cancelled` */
        delete: operations["deleteWebhookEndpoint"];
        options?: never;
        head?: never;
        /** Change an endpoint’s address, description or event types (`If-Match` with the ETag you read is required) */
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
        /** Pause an endpoint: nothing is posted to it, and its deliveries (those pending and those of new events) wait until it resumes */
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
        /** Resume a paused endpoint: what waited goes out */
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
         * @description To a paused endpoint it waits until the endpoint resumes. Follow it in `GET /v1/webhook-deliveries`.
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
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
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
        /** @description RFC 9457 problem details */
        Problem: {
            type: string;
            title: string;
            status: number;
            detail?: string;
            instance?: string;
            /** @enum {string} */
            code: "invalid_request" | "malformed_body" | "unsupported_media_type" | "payload_too_large" | "unauthenticated" | "invalid_token" | "invalid_client" | "invalid_grant" | "unsupported_grant_type" | "forbidden" | "not_found" | "conflict" | "idempotency_in_flight" | "idempotency_key_reused" | "check_failed" | "precondition_failed" | "precondition_required" | "rate_limited" | "internal_error" | "not_ready" | "unavailable" | "timeout" | "outcome_unknown";
            requestId: string;
            errors?: {
                /** @enum {string} */
                in: "body" | "query" | "path" | "header";
                field: string;
                pointer: string;
                check: string;
                message: string;
            }[];
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
            agency: components["schemas"]["AgencySlug"];
            roles: string[];
            displayName: string;
        };
        /** @example iom */
        AgencySlug: string | null;
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
        /** @enum {string} */
        ServiceCode: "shelter" | "medical_care" | "resettlement_medical_exam" | "psychosocial_support" | "legal_aid" | "family_tracing" | "best_interests_determination" | "child_protection_case_management" | "avrr_travel" | "reintegration_economic" | "reintegration_social" | "reintegration_psychosocial" | "documentation" | "prosecution_support";
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
            services: components["schemas"]["AgencyService"][];
            /**
             * @description The roles whose people must sign in with a second factor (TOTP)
             * @default [
             *       "agency_admin",
             *       "privacy_officer"
             *     ]
             */
            secondFactorRoles: components["schemas"]["UserRole"][];
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
        /** @enum {string} */
        DataCategory: "identity" | "contact" | "location" | "family" | "protection" | "health" | "legal";
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
            removeSecondFactor: boolean;
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
            overlapHours: number;
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
        UpdateSubject: {
            identity?: components["schemas"]["IdentityData"];
            contact?: components["schemas"]["ContactData"] & (Record<string, never> | null);
            location?: components["schemas"]["LocationData"] & (Record<string, never> | null);
            family?: components["schemas"]["FamilyData"] & (Record<string, never> | null);
            protection?: components["schemas"]["ProtectionData"] & (Record<string, never> | null);
            health?: components["schemas"]["HealthData"] & (Record<string, never> | null);
            legal?: components["schemas"]["LegalData"] & (Record<string, never> | null);
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
            } | null;
        };
        /** @enum {string} */
        ConsentMethod: "written" | "verbal_with_witness" | "thumbprint" | "electronic";
        /** @enum {string} */
        LegalBasis: "consent" | "vital_interests" | "legal_obligation" | "public_task";
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
        ReviewAccess: {
            /** @enum {string} */
            targetKind: "event" | "flag";
            targetId: string;
            /** @enum {string} */
            status: "reviewed" | "escalated";
            note: string;
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
                province: components["schemas"]["ProvinceCode"] & (string | null);
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
            outcome: string | null;
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
            transitions: {
                /**
                 * @description What the step did; an assignment keeps the status, so `from` and `to` are equal
                 * @enum {string}
                 */
                step: "draft" | "send" | "accept" | "decline" | "assign" | "start" | "complete" | "withdraw";
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
            }[];
            /**
             * @description Which view of the referral this is
             * @enum {string}
             */
            view: "sender" | "triage" | "receiver" | "metadata";
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
             * @example 2026-01-01
             */
            dueDate?: string;
            /**
             * @description Keep as a draft instead of sending
             * @default false
             */
            draft: boolean;
        };
        AcceptReferral: {
            /**
             * Format: uuid
             * @description A caseworker of your agency to take the case
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            assigneeId?: string;
        };
        DeclineReferral: {
            reason: string;
        };
        AssignReferral: {
            /**
             * Format: uuid
             * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
             */
            assigneeId: string;
            team?: string;
        };
        CompleteReferral: {
            outcome: string;
        };
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
            type: "referral.sent" | "referral.accepted" | "referral.declined" | "referral.assigned" | "referral.started" | "referral.completed" | "referral.withdrawn" | "referral.purge_requested" | "ponte.ping";
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
            eventTypes: ("referral.sent" | "referral.accepted" | "referral.declined" | "referral.assigned" | "referral.started" | "referral.completed" | "referral.withdrawn" | "referral.purge_requested")[];
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
            eventTypes?: ("referral.sent" | "referral.accepted" | "referral.declined" | "referral.assigned" | "referral.started" | "referral.completed" | "referral.withdrawn" | "referral.purge_requested")[];
        };
        RotateWebhookSecret: {
            /**
             * @description How long the secret replaced still signs beside the new one (0: it stops at once)
             * @default 24
             */
            overlapHours: number;
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
                "application/x-www-form-urlencoded": components["schemas"]["TokenRequest"];
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
                "application/json": components["schemas"]["RegisterSubject"];
            };
        };
        responses: {
            /** @description The subject, with the categories you may read */
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
        };
    };
    updateSubject: {
        parameters: {
            query?: never;
            header: {
                /** @description Required (428 without it). The strong `ETag` a read of the record returned (`"3"`), or `*`. A stale tag answers 412; so does a weak one (`W/"3"`), which never matches: `If-Match` compares strongly (RFC 9110 §13.1.1). */
                "if-match": string;
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
        };
    };
    assignSubject: {
        parameters: {
            query?: never;
            header: {
                /** @description Required (428 without it). The strong `ETag` a read of the record returned (`"3"`), or `*`. A stale tag answers 412; so does a weak one (`W/"3"`), which never matches: `If-Match` compares strongly (RFC 9110 §13.1.1). */
                "if-match": string;
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
                "application/json": components["schemas"]["RecordConsent"];
            };
        };
        responses: {
            /** @description The consent and its signed receipt */
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
                    "application/json": {
                        [key: string]: unknown;
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
                    "application/json": {
                        [key: string]: unknown;
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
        };
    };
    listAccessFlags: {
        parameters: {
            query?: {
                from?: string;
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Flags with their reviews */
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
                        [key: string]: unknown;
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
                    "application/json": {
                        [key: string]: unknown;
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
                    "application/json": {
                        [key: string]: unknown;
                    };
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
        };
    };
    listReferrals: {
        parameters: {
            query?: {
                box?: "inbox" | "outbox";
                status?: "draft" | "sent" | "accepted" | "declined" | "in_progress" | "completed" | "withdrawn";
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
                "application/json": components["schemas"]["SendReferral"];
            };
        };
        responses: {
            /** @description The referral as sent */
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
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description `unauthenticated`, `invalid_token` */
            401: {
                headers: {
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
            /** @description The shared categories */
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
                        /**
                         * Format: uuid
                         * @example 0b7e2c4e-3c1f-4e53-9d5e-2f1a6b7c8d90
                         */
                        referralId: string;
                        reference: string;
                        readAt: string;
                        data: {
                            [key: string]: unknown;
                        };
                        access: {
                            readable: string[];
                            withheld: {
                                category: string;
                                rule: string;
                            }[];
                        };
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
        };
    };
    assignReferral: {
        parameters: {
            query?: never;
            header: {
                /** @description Required (428 without it). The strong `ETag` a read of the record returned (`"3"`), or `*`. A stale tag answers 412; so does a weak one (`W/"3"`), which never matches: `If-Match` compares strongly (RFC 9110 §13.1.1). */
                "if-match": string;
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
                 * @description Deprecated: use `cursor` (the `nextCursor` of the page before) instead. It is read as `cursor` is: the `nextCursor` of the page before. Accepted until API version 0.2.0, which drops it; never together with `cursor`.
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
        };
    };
    listWebhookDeliveries: {
        parameters: {
            query?: {
                status?: "pending" | "delivered" | "dead" | "cancelled";
                limit?: number;
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
                        items: {
                            [key: string]: unknown;
                        }[];
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
        };
    };
    updateWebhookEndpoint: {
        parameters: {
            query?: never;
            header: {
                /** @description Required (428 without it). The strong `ETag` a read of the record returned (`"3"`), or `*`. A stale tag answers 412; so does a weak one (`W/"3"`), which never matches: `If-Match` compares strongly (RFC 9110 §13.1.1). */
                "if-match": string;
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
    "POST /v1/subjects/{id}/consents": { idempotencyKey: true },
    "POST /v1/consents/{id}/withdraw": { idempotencyKey: true },
    "POST /v1/consent-receipts/verify": { idempotencyKey: true },
    "POST /v1/log/witness-keys": { idempotencyKey: true },
    "POST /v1/log/witness-keys/{id}/revoke": { idempotencyKey: true },
    "POST /v1/log/cosignatures": { idempotencyKey: true },
    "POST /v1/log/verify": { idempotencyKey: true },
    "POST /v1/access-reviews": { idempotencyKey: true },
    "POST /v1/referrals": { idempotencyKey: true, etag: true },
    "GET /v1/referrals/{id}": { etag: true },
    "POST /v1/referrals/{id}/accept": { idempotencyKey: true, ifMatch: "optional", etag: true },
    "POST /v1/referrals/{id}/decline": { idempotencyKey: true, ifMatch: "optional", etag: true },
    "POST /v1/referrals/{id}/assign": { idempotencyKey: true, ifMatch: "required", etag: true },
    "POST /v1/referrals/{id}/start": { idempotencyKey: true, ifMatch: "optional", etag: true },
    "POST /v1/referrals/{id}/complete": { idempotencyKey: true, ifMatch: "optional", etag: true },
    "POST /v1/referrals/{id}/send": { idempotencyKey: true, ifMatch: "optional", etag: true },
    "POST /v1/referrals/{id}/withdraw": { idempotencyKey: true, ifMatch: "optional", etag: true },
    "POST /v1/webhook-endpoints": { idempotencyKey: true },
    "POST /v1/webhook-deliveries/replay": { idempotencyKey: true },
    "GET /v1/webhook-endpoints/{id}": { etag: true },
    "PATCH /v1/webhook-endpoints/{id}": { ifMatch: "required", etag: true },
    "POST /v1/webhook-endpoints/{id}/pause": { idempotencyKey: true, etag: true },
    "POST /v1/webhook-endpoints/{id}/resume": { idempotencyKey: true, etag: true },
    "POST /v1/webhook-endpoints/{id}/ping": { idempotencyKey: true },
    "POST /v1/webhook-endpoints/{id}/rotate-secret": { idempotencyKey: true },
};
