import { getTableColumns, type InferSelectModel, type Table } from 'drizzle-orm';

/**
 * A table row that came back as JSON (`row_to_json` inside a larger statement) in the shape Drizzle
 * gives for a select: property names, Dates, parsed jsonb — so one statement can hand over a row
 * the code would otherwise read with a query of its own.
 */
export function rowFromJson<T extends Table>(table: T, json: Record<string, unknown>): InferSelectModel<T> {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = json[column.name];
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as InferSelectModel<T>;
}
