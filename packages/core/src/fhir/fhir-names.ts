/**
 * The names Ponte gives things in HL7 FHIR, one place for every resource the hub writes:
 *  - its CodeSystems are served at their canonical URLs, `<public url>/fhir/CodeSystem/<id>`;
 *  - identifier systems (`<public url>/fhir/sid/<kind>`) name Ponte's records: an agency by its
 *    slug, a data subject, a consent, a referral, a user or API client by their ids. An agency is
 *    the same `Organization` identifier in a Consent, an AuditEvent, a ServiceRequest and a Task.
 */
export function fhirNames(publicUrl: string) {
  const identifierSystem = (kind: 'agency' | 'subject' | 'consent' | 'referral' | 'user' | 'api-client' | 'retention-run') => `${publicUrl}/fhir/sid/${kind}`;
  return {
    codeSystem: (id: PonteCodeSystemId) => `${publicUrl}/fhir/CodeSystem/${id}`,
    identifierSystem,
    /** An agency, by the one identifier system, with its English name when known. */
    organization: (agency: { slug: string; nameEn?: string }) => ({
      type: 'Organization',
      identifier: { system: identifierSystem('agency'), value: agency.slug },
      ...(agency.nameEn ? { display: agency.nameEn } : {}),
    }),
    /** A data subject, by the hub's id of it (never a name). */
    patient: (subjectId: string) => ({ type: 'Patient', identifier: { system: identifierSystem('subject'), value: subjectId } }),
  };
}

/** The CodeSystems the hub publishes. */
export const PONTE_CODE_SYSTEM_IDS = ['data-category', 'purpose', 'legal-basis', 'service'] as const;
export type PonteCodeSystemId = (typeof PONTE_CODE_SYSTEM_IDS)[number];

/**
 * Resources found, as an R5 `searchset` Bundle: its own address as the `self` link (bdl-18), the
 * page after as the `next` link when there is one, the total when the Bundle holds every match
 * (`whole`; a page of more does not count them), and each resource by its `urn:uuid` (every Ponte
 * id is a UUID) as a match.
 */
export function searchsetBundle(self: string, timestamp: string, resources: ReadonlyArray<{ id: string }>, paging: { next?: string | undefined; whole?: boolean } = {}) {
  return {
    resourceType: 'Bundle' as const,
    type: 'searchset' as const,
    timestamp,
    ...(paging.whole !== false ? { total: resources.length } : {}),
    link: [{ relation: 'self', url: self }, ...(paging.next ? [{ relation: 'next', url: paging.next }] : [])],
    ...(resources.length > 0 ? { entry: resources.map((resource) => ({ fullUrl: `urn:uuid:${resource.id}`, resource, search: { mode: 'match' as const } })) } : {}),
  };
}
