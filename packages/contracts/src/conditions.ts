/**
 * A condition tree as CASL builds it from rules (`rulesToAST`): plain data that the policy
 * package produces and the data package turns into SQL.
 */
export type Condition =
  | { operator: 'and' | 'or'; value: Condition[] }
  | { operator: 'not'; value: Condition[] | Condition }
  | { operator: 'eq' | 'ne'; field: string; value: unknown }
  | { operator: 'in' | 'nin'; field: string; value: unknown[] };
