/**
 * The code lists Liaison ships, as data (issue 15 §3; shared notes "reporting.md"). A hospital edits its own copy
 * in the console (coding/code-lists.ts); these are where a new deployment starts.
 *
 * - HCAT (Reader, Gillespie & Roberts 2014; Gillespie & Reader 2016): three domains, seven categories, severity
 *   0-3 per category; stage of care; harm 0-5 (the scales are fixed by the tool: HCAT_SEVERITY, HARM_LEVELS).
 * - The KO41a return's own lists (NHS England, Hospital and Community Health Services written complaints): the
 *   codes a return counts by. NHS Digital's "KO41a complaints data items lookup and validations" was not
 *   retrieved, so these are KO41a-style and say so (`source`); a hospital replaces them with the lookup's codes.
 * - The hospital's own subject areas, service areas, staff groups and root causes, each mapped to a return code
 *   (the crosswalk): a local code with no mapping blocks the return instead of being counted as "other".
 * - Age bands, derived from the patient's date of birth through the table below.
 */
import type { CodeLists } from './code-lists';

const entries = (names: string[]) => names.map((name) => ({ code: codeOf(name), name, active: true }));
/** The hospital's own list, starting as the return's list with each code mapped to itself. */
const mappedToItself = (names: string[]) =>
  names.map((name) => ({ code: codeOf(name), name, active: true, returnCode: codeOf(name) }));

export function codeOf(name: string): string {
  return name
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
}

const SUBJECT_AREAS = [
  'Access to treatment or drugs',
  'Admissions, discharge and transfers',
  'Appointments',
  'Clinical treatment',
  'Communications',
  'Consent',
  'End of life care',
  'Facilities',
  'Integrated care',
  'Mental Health Act',
  'Patient care',
  'Prescribing',
  'Privacy, dignity and wellbeing',
  'Restraint',
  'Staff numbers',
  'Policies and procedures',
  'Transport',
  'Values and behaviours of staff',
  'Waiting times',
  'Other',
];

const SERVICE_AREAS = [
  'Inpatient',
  'Outpatient',
  'Accident and emergency',
  'Maternity',
  'Mental health',
  'Community hospital',
  'Ambulance',
  'Other',
];

const STAFF_GROUPS = [
  'Medical',
  'Nursing, midwifery and health visiting',
  'Allied health professionals',
  'Scientific and technical',
  'Ambulance staff',
  'Administrative and clerical',
  'Estates and ancillary',
  'Other',
];

export const SHIPPED_CODE_LISTS: CodeLists = {
  version: 0,
  source:
    'Liaison 2026.1: HCAT as published; KO41a-style return lists, not yet checked against the NHS Digital lookup',
  hcat: {
    categories: [
      { code: 'quality', name: 'Quality', domain: 'clinical', active: true },
      { code: 'safety', name: 'Safety', domain: 'clinical', active: true },
      { code: 'environment', name: 'Environment', domain: 'management', active: true },
      {
        code: 'institutional-processes',
        name: 'Institutional processes',
        domain: 'management',
        active: true,
      },
      { code: 'listening', name: 'Listening', domain: 'relationships', active: true },
      { code: 'communication', name: 'Communication', domain: 'relationships', active: true },
      {
        code: 'respect-and-patient-rights',
        name: 'Respect and patient rights',
        domain: 'relationships',
        active: true,
      },
    ],
    stagesOfCare: entries([
      'Admissions',
      'Examination and diagnosis',
      'Care on the ward',
      'Operation or procedure',
      'Discharge or transfer',
      'Other',
    ]),
  },
  subjects: mappedToItself(SUBJECT_AREAS),
  serviceAreas: mappedToItself(SERVICE_AREAS),
  professions: mappedToItself(STAFF_GROUPS),
  rootCauses: entries([
    'Communication failure',
    'Delay or waiting',
    'Clinical decision or treatment',
    'Staff attitude or behaviour',
    'Staffing levels',
    'Process or policy not followed',
    'Process or policy inadequate',
    'Equipment or environment',
    'Documentation or records',
    'Billing or administration error',
    'No fault found',
    'Other',
  ]),
  ageBands: [
    { code: '0-15', name: '0 to 15', fromAge: 0, toAge: 15, returnCode: '0-15', active: true },
    { code: '16-64', name: '16 to 64', fromAge: 16, toAge: 64, returnCode: '16-64', active: true },
    { code: '65-74', name: '65 to 74', fromAge: 65, toAge: 74, returnCode: '65-74', active: true },
    { code: '75-84', name: '75 to 84', fromAge: 75, toAge: 84, returnCode: '75-84', active: true },
    { code: '85-plus', name: '85 and over', fromAge: 85, returnCode: '85-plus', active: true },
    { code: 'unknown', name: 'Age not known', returnCode: 'unknown', active: true },
  ],
  ko41a: {
    subjects: entries(SUBJECT_AREAS),
    serviceAreas: entries(SERVICE_AREAS),
    professions: entries(STAFF_GROUPS),
    ageBands: [
      { code: '0-15', name: '0 to 15', active: true },
      { code: '16-64', name: '16 to 64', active: true },
      { code: '65-74', name: '65 to 74', active: true },
      { code: '75-84', name: '75 to 84', active: true },
      { code: '85-plus', name: '85 and over', active: true },
      { code: 'unknown', name: 'Age not known', active: true },
    ],
    statuses: [
      { code: 'patient', name: 'Patient', active: true },
      { code: 'on-behalf', name: 'Someone on behalf of the patient', active: true },
    ],
  },
};
