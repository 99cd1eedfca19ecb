// The historical case-event log: a CSV file, one row per event, UTF-8, with a header row naming the columns
// (in any order). Lines starting with "#" are comments; blank lines are skipped. Fields are trimmed.
//
// | column            | on which rows          | meaning                                                              |
// |-------------------|------------------------|----------------------------------------------------------------------|
// | case_id           | every row              | the case's id in the source system; groups the rows (letters, digits, `/ _ . : -`) |
// | event_type        | every row              | UPPER_SNAKE_CASE; each case has exactly one FIR_REGISTERED row       |
// | event_at          | every row              | ISO 8601 date-time with offset (`2026-03-02T10:00:00+05:00`, `…Z`) or Asia/Karachi local (`2026-03-02T10:00`, `2026-03-02 10:00:00`) |
// | event_id          | every row              | the event's id in the source system, unique within its case          |
// | province          | FIR row                | punjab, sindh, khyber-pakhtunkhwa or balochistan                     |
// | district          | FIR row                | district name (normalised like case ids: "Model Town" → model-town) |
// | police_station    | FIR row                | police station name, normalised the same way                         |
// | fir_number        | FIR row                | e.g. 123 or 123-A                                                    |
// | fir_year          | FIR row                | four digits                                                          |
// | offence_class     | FIR row                | an offenceClasses id of the pack (theft, murder, …)                  |
// | in_custody        | FIR row                | accused in custody at registration: true/false (also yes/no, 1/0)    |
// | offence_sections  | FIR row, optional      | sections separated by ";", e.g. `PPC 302;PPC 34`                     |
// | facts_json        | optional               | FIR row: further case facts as JSON (e.g. `{"offence":{"punishableWithDeath":true}}`); other rows: the fact changes the event carries (deep merge, arrays replace) |
// | data_json         | optional               | supervisor events (CLOCK_EXTENDED, ESCALATION_*): `{"role","clockId","amount","directive","toRole","escalationId"}` |
//
// The case-level columns (province … offence_sections) may be left blank on a case's other rows; when given
// there they must agree with the FIR row, since a disagreement means the export mixed up two cases.

export const CASE_COLUMNS = ['province', 'district', 'police_station', 'fir_number', 'fir_year', 'offence_class', 'in_custody', 'offence_sections'] as const;
export type CaseColumn = (typeof CASE_COLUMNS)[number];

export const REQUIRED_COLUMNS = ['case_id', 'event_type', 'event_at', 'event_id', 'province', 'district', 'police_station', 'fir_number', 'fir_year', 'offence_class', 'in_custody'] as const;
export const OPTIONAL_COLUMNS = ['offence_sections', 'facts_json', 'data_json'] as const;
export const HISTORY_COLUMNS = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS] as const;
export type HistoryColumn = (typeof HISTORY_COLUMNS)[number];

/** The case-level columns that must be filled in on the FIR row (offence_sections may stay empty). */
export const FIR_ROW_REQUIRED: readonly CaseColumn[] = CASE_COLUMNS.filter((c) => c !== 'offence_sections');
