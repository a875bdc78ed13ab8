// Where the case stands, drawn from the state machine definition (GET /api/workflow): the human steps in the
// order a case meets them, with the current one marked for eyes (highlight) and screen readers (aria-current).
import { useEffect, useState } from 'react';
import { TRACK_RULES, type Track } from '../../../functions/core/review/tracks';
import { api } from './api';

interface MapState {
  name: string;
  type: string;
  step?: string;
}

export function WorkflowMap({ current, stage, track }: { current?: string; stage: string; track?: Track }) {
  const [states, setStates] = useState<MapState[]>([]);
  useEffect(() => {
    api<{ states: MapState[] }>('/api/workflow')
      .then((result) => setStates(result.states))
      .catch(() => setStates([]));
  }, []);
  // Triage, then the steps of the case's own track (the formal review until triage decides).
  const ofTrack = new Set<string>(['triage', ...TRACK_RULES[track ?? 'formal'].steps]);
  const steps = states.filter((state) => state.step && ofTrack.has(state.step));
  if (steps.length === 0) return null;
  const closed = stage === 'closed' || stage === 'withdrawn';
  return (
    <nav aria-label="Where the case stands in the review workflow">
      <ol className="workflow">
        <li className="done">Received and acknowledged</li>
        {steps.map((state) => {
          const isCurrent = state.step === current;
          return (
            <li
              key={state.name}
              className={isCurrent ? 'current' : undefined}
              aria-current={isCurrent ? 'step' : undefined}
            >
              {state.name.replace(/^Wait for (the )?/, '').replace(/^./, (first) => first.toUpperCase())}
            </li>
          );
        })}
        <li className={closed ? 'current' : undefined} aria-current={closed ? 'step' : undefined}>
          {stage === 'withdrawn' ? 'Withdrawn' : 'Closed'}
        </li>
      </ol>
    </nav>
  );
}
