// The manager dashboard: open cases by stage, SLA compliance by month, breaches this week and volume by category.
// Charts are canvases (chart.js, no inline styles or scripts); each has the same numbers as a table.
import {
  BarElement,
  CategoryScale,
  Chart as ChartJS,
  Legend,
  LinearScale,
  LineElement,
  PointElement,
  Title,
  Tooltip,
} from 'chart.js';
import { useEffect, useState } from 'react';
import { Bar, Line } from 'react-chartjs-2';
import type { Dashboard } from '../../../functions/core/reporting/statistics';
import { type ApiError, api } from './api';

ChartJS.register(CategoryScale, LinearScale, BarElement, LineElement, PointElement, Title, Tooltip, Legend);

const COLOURS = ['#0b5cad', '#00703c', '#b58840', '#912b88', '#d4351c'];

/** A chart's numbers as a table; with `casesOf`, each number links to the cases behind it. */
function Table({
  caption,
  rows,
  casesOf,
}: {
  caption: string;
  rows: [string, string | number][];
  casesOf?: (label: string) => { href: string; follow: () => void };
}) {
  return (
    <details>
      <summary>{caption} as a table</summary>
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <tbody>
          {rows.map(([label, value]) => {
            const cases = casesOf?.(label);
            return (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td>
                  {cases ? (
                    <a
                      href={cases.href}
                      onClick={(event) => {
                        event.preventDefault();
                        cases.follow();
                      }}
                    >
                      {value} <span className="visually-hidden">{`cases at ${label}`}</span>
                    </a>
                  ) : (
                    value
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </details>
  );
}

export function DashboardPage({ go }: { go: (path: string) => void }) {
  const casesAt = (query: Record<string, string>) => {
    const href = `/console/cases?${new URLSearchParams(query)}`;
    return { href, follow: () => go(href) };
  };
  const [data, setData] = useState<Dashboard | undefined>();
  const [error, setError] = useState('');
  useEffect(() => {
    api<Dashboard>('/api/dashboard')
      .then(setData)
      .catch((failure: ApiError) => setError(failure.message));
  }, []);
  if (error) {
    return (
      <main>
        <h1>Dashboard</h1>
        <p role="alert" className="error">
          {error}
        </p>
      </main>
    );
  }
  if (!data) return <main aria-live="polite">Loading...</main>;
  const stages = Object.entries(data.openByStage);
  const categories = Object.entries(data.byCategory).sort((a, b) => b[1] - a[1]);
  const current = data.months.at(-1);
  const pct = (value: number | null | undefined) =>
    value === null || value === undefined ? 'none measured' : `${value}%`;
  return (
    <main>
      <h1>Dashboard</h1>
      <div className="tiles">
        <p className="tile">
          <strong>{stages.reduce((sum, [, count]) => sum + count, 0)}</strong> open cases
        </p>
        <p className="tile">
          <strong>{data.breachesThisWeek}</strong> breaches this week (
          <a
            href="/console/cases?breached=true"
            onClick={(event) => {
              event.preventDefault();
              go('/console/cases?breached=true');
            }}
          >
            the cases breached now
          </a>
          )
        </p>
        <p className="tile">
          <strong>{current?.received ?? 0}</strong> received this month
        </p>
        <p className="tile">
          <strong>{pct(current?.compliance.respond)}</strong> responses on time this month
        </p>
        <p className="tile">
          <strong>{current?.survey.averageScore ?? '-'}</strong> out of 5 from{' '}
          {current?.survey.responses ?? 0} survey {current?.survey.responses === 1 ? 'answer' : 'answers'}{' '}
          this month
        </p>
      </div>
      <section aria-labelledby="stage-heading">
        <h2 id="stage-heading">Open cases by stage</h2>
        <div className="chart">
          <Bar
            role="img"
            aria-label="Bar chart of open cases by stage; the table below has the numbers"
            data={{
              labels: stages.map(([stage]) => stage),
              datasets: [
                { label: 'Open cases', data: stages.map(([, count]) => count), backgroundColor: COLOURS[0] },
              ],
            }}
            options={{
              responsive: true,
              maintainAspectRatio: false,
              plugins: { legend: { display: false } },
            }}
          />
        </div>
        <Table caption="Open cases by stage" rows={stages} casesOf={(stage) => casesAt({ stage })} />
      </section>
      <section aria-labelledby="compliance-heading">
        <h2 id="compliance-heading">SLA compliance by month</h2>
        <div className="chart">
          <Line
            role="img"
            aria-label="Line chart of the percentage of acknowledgements, responses and resolutions on time by month; the table below has the numbers"
            data={{
              labels: data.months.map((month) => month.month),
              datasets: (['acknowledge', 'respond', 'resolve'] as const).map((measure, index) => ({
                label: `${measure} on time (%)`,
                data: data.months.map((month) => month.compliance[measure]),
                borderColor: COLOURS[index],
                backgroundColor: COLOURS[index],
              })),
            }}
            options={{ responsive: true, maintainAspectRatio: false, scales: { y: { min: 0, max: 100 } } }}
          />
        </div>
        <Table
          caption="SLA compliance by month"
          rows={data.months.map((month) => [
            month.month,
            `acknowledged ${pct(month.compliance.acknowledge)}, responded ${pct(month.compliance.respond)}, resolved ${pct(month.compliance.resolve)}`,
          ])}
        />
        <Table
          caption="Survey answers by month"
          rows={data.months.map((month) => [
            month.month,
            month.survey.responses === 0
              ? 'no answers'
              : `${month.survey.averageScore} out of 5 from ${month.survey.responses}`,
          ])}
        />
      </section>
      <section aria-labelledby="category-heading">
        <h2 id="category-heading">Triaged this month by category</h2>
        <div className="chart">
          <Bar
            role="img"
            aria-label="Bar chart of cases triaged this month by category; the table below has the numbers"
            data={{
              labels: categories.map(([name]) => name),
              datasets: [
                { label: 'Cases', data: categories.map(([, count]) => count), backgroundColor: COLOURS[1] },
              ],
            }}
            options={{
              responsive: true,
              maintainAspectRatio: false,
              indexAxis: 'y',
              plugins: { legend: { display: false } },
            }}
          />
        </div>
        <Table caption="Triaged this month by category" rows={categories} />
        <Table caption="Triaged this month by department" rows={Object.entries(data.byDepartment)} />
        <Table caption="Triaged this month by facility" rows={Object.entries(data.byFacility)} />
        <Table caption="Triaged this month by type of case" rows={Object.entries(data.byType)} />
        <Table
          caption="Compliments passed on this month, by who was thanked"
          rows={Object.entries(data.thanked)}
        />
      </section>
    </main>
  );
}
