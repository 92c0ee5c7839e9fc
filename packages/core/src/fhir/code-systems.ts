import { DATA_CATEGORIES, LEGAL_BASES, PURPOSES, SERVICE_CODES, SPECIAL_CATEGORIES } from '@ponte/contracts';
import { fhirNames, type PonteCodeSystemId } from './fhir-names';

const DEFINITIONS: Record<PonteCodeSystemId, { name: string; title: string; description: string; codes: readonly string[] }> = {
  'data-category': {
    name: 'PonteDataCategory',
    title: 'Ponte data categories',
    description:
      'The categories a data subject’s personal data is grouped in. A consent names the categories it covers (Consent.provision.securityLabel), a referral the categories its sender shares. `protection`, `health` and `legal` are special categories.',
    codes: DATA_CATEGORIES,
  },
  purpose: { name: 'PontePurpose', title: 'Ponte purposes', description: 'The purposes for which personal data may flow between agencies.', codes: PURPOSES },
  'legal-basis': { name: 'PonteLegalBasis', title: 'Ponte legal bases', description: 'The legal basis every disclosure records.', codes: LEGAL_BASES },
  service: { name: 'PonteService', title: 'Ponte services', description: 'The services an agency offers and a referral asks for.', codes: SERVICE_CODES },
};

/**
 * One of the hub's CodeSystems as the HL7 FHIR R5 resource served at its canonical URL: every
 * code with its English display and Portuguese designation (`label`), and on data categories
 * whether the category is special.
 */
export function ponteCodeSystem(id: PonteCodeSystemId, publicUrl: string, label: (lang: 'en' | 'pt', code: string) => string) {
  const { name, title, description, codes } = DEFINITIONS[id];
  const special = id === 'data-category';
  return {
    resourceType: 'CodeSystem' as const,
    id,
    url: fhirNames(publicUrl).codeSystem(id),
    version: '1',
    name,
    title,
    status: 'active' as const,
    experimental: false,
    publisher: 'Ponte',
    description,
    caseSensitive: true,
    content: 'complete' as const,
    count: codes.length,
    ...(special ? { property: [{ code: 'special', description: 'A special category of personal data', type: 'boolean' as const }] } : {}),
    concept: codes.map((code) => ({
      code,
      display: label('en', code),
      designation: [{ language: 'pt', value: label('pt', code) }],
      ...(special ? { property: [{ code: 'special', valueBoolean: (SPECIAL_CATEGORIES as readonly string[]).includes(code) }] } : {}),
    })),
  };
}
