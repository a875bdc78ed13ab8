// A table whose column headings sort it (buttons, so the keyboard works; aria-sort says which and how).
import { type ReactNode, useState } from 'react';

export interface Column<Row> {
  key: string;
  label: string;
  /** What the column sorts by. */
  value: (row: Row) => string | number;
  render: (row: Row) => ReactNode;
}

export function SortableTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
  initialSort,
}: {
  caption: string;
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  initialSort: string;
}) {
  const [sort, setSort] = useState({ key: initialSort, ascending: true });
  const column = columns.find((candidate) => candidate.key === sort.key) ?? columns[0];
  const sorted = [...rows].sort((a, b) => {
    const [x, y] = column ? [column.value(a), column.value(b)] : [0, 0];
    const order = x < y ? -1 : x > y ? 1 : 0;
    return sort.ascending ? order : -order;
  });
  return (
    <table>
      <caption className="visually-hidden">{caption}; choose a column heading to sort by it</caption>
      <thead>
        <tr>
          {columns.map(({ key, label }) => (
            <th
              key={key}
              scope="col"
              aria-sort={sort.key === key ? (sort.ascending ? 'ascending' : 'descending') : 'none'}
            >
              <button
                type="button"
                className="link dark"
                onClick={() => setSort({ key, ascending: sort.key === key ? !sort.ascending : true })}
              >
                {label}
              </button>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {sorted.map((row) => (
          <tr key={rowKey(row)}>
            {columns.map((item) => (
              <td key={item.key}>{item.render(row)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** SLA states in the order that needs attention first. */
export const SLA_ORDER: Record<string, number> = {
  breached: 0,
  'due-soon': 1,
  'on-track': 2,
  'no-deadline': 3,
};
