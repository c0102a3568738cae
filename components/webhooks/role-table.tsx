// biome-ignore-all lint/a11y/noRedundantRoles: the phone layout restyles rows as grids, which drops a table's semantics unless its roles are explicit
// The frame of the webhook tables: caption, header row and body, every part with its role
// spelled out. Callers give the rows, with role="row" and role="cell" for the same reason.
import type { ReactNode } from 'react';
import styles from './webhooks.module.css';

/** A column heading; `{ hidden }` is read to screen readers only (an actions column). */
type Column = string | { hidden: string };

export function RoleTable({ caption, columns, notice, children }: { caption: string; columns: Column[]; notice?: ReactNode; children: ReactNode }) {
  return (
    <div className={styles.tableWrap}>
      {notice}
      <table className={styles.table} role="table" aria-label={caption}>
        <caption className="visually-hidden">{caption}</caption>
        <thead role="rowgroup">
          <tr role="row">
            {columns.map((column) =>
              typeof column === 'string' ? (
                <th key={column} role="columnheader" scope="col">
                  {column}
                </th>
              ) : (
                <th key={column.hidden} role="columnheader" scope="col">
                  <span className="visually-hidden">{column.hidden}</span>
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody role="rowgroup">{children}</tbody>
      </table>
    </div>
  );
}
