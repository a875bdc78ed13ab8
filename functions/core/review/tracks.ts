/**
 * The tracks a case takes after triage. The formal track is the complaint and grievance review (investigation,
 * written response, approval, closure); every other kind of contact has a path of its own in
 * workflows/case-review.asl.json, with its own clock (the SLA policy's `tracks`) and its own words to the person
 * (letters/track-letters.ts). None of them passes through grievance approval. Triage puts a case on its track
 * and moves it to another with a reason (steps/triage.ts); any track step can send it back to triage
 * (steps/track-step.ts).
 */
import type { CaseRecord, CaseType, TrackStep, WorkflowStep } from '../case/case';

export const TRACKS = [
  'formal',
  'concern',
  'request',
  'appointment',
  'billing',
  'property',
  'pass-on',
] as const;
export type Track = (typeof TRACKS)[number];

export interface TrackRule {
  label: string;
  /** The human step the track starts with: the workflow's "Which track?" branches on the track's name. */
  firstStep: TrackStep | 'investigation';
  /** Where the case is routed when triage names no department (the hospital renames it at triage). */
  routedTo?: string;
  /** The human steps after triage a case on the track may meet, in order (the console's map of the case). */
  steps: readonly WorkflowStep[];
}

export const TRACK_RULES: Record<Track, TrackRule> = {
  formal: {
    label: 'Complaint or grievance review',
    firstStep: 'investigation',
    steps: ['investigation', 'awaiting-complainant', 'response', 'approval', 'closure'],
  },
  concern: {
    label: 'Concern resolved quickly (no formal response)',
    firstStep: 'concern',
    steps: ['concern'],
  },
  request: {
    label: 'Information request',
    firstStep: 'request',
    routedTo: 'Health information management (medical records)',
    steps: ['request'],
  },
  appointment: {
    label: 'Appointment access',
    firstStep: 'appointment',
    routedTo: 'Scheduling',
    steps: ['appointment'],
  },
  billing: {
    label: 'Billing and insurance',
    firstStep: 'billing',
    routedTo: 'Billing office',
    steps: ['billing'],
  },
  property: {
    label: 'Lost property',
    firstStep: 'property-search',
    routedTo: 'Security (lost property)',
    steps: ['property-search', 'property-held'],
  },
  'pass-on': { label: 'Compliment or suggestion, passed on', firstStep: 'pass-on', steps: ['pass-on'] },
};

export const TRACK_OF_TYPE: Record<CaseType, Track> = {
  grievance: 'formal',
  complaint: 'formal',
  concern: 'concern',
  'information-request': 'request',
  appointment: 'appointment',
  billing: 'billing',
  'lost-property': 'property',
  compliment: 'pass-on',
  suggestion: 'pass-on',
};

/** The track of a triaged case (before triage, every case waits for it on no track). */
export function trackOf(record: Pick<CaseRecord, 'triage'>): Track | undefined {
  return record.triage ? TRACK_OF_TYPE[record.triage.type] : undefined;
}
