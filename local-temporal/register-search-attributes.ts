// Registers sopflow's custom search attributes in a namespace, idempotently: attributes already present
// are left alone, so it is safe on every start and on an existing SQLite file.
import { isGrpcServiceError, type Connection } from '@temporalio/client';
import { status as grpcStatus } from '@grpc/grpc-js';
import protos from '@temporalio/proto';
import { sopflowSearchAttributes } from '../workflows/search-attributes';

// @temporalio/proto is CommonJS: take the namespace from its default export under ESM.
const { IndexedValueType } = protos.temporal.api.enums.v1;

const indexedValueType = {
  TEXT: IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  KEYWORD: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  INT: IndexedValueType.INDEXED_VALUE_TYPE_INT,
  DOUBLE: IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  BOOL: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  DATETIME: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  KEYWORD_LIST: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
} as const;

/** Returns the names it added (empty when all were present). */
export async function registerSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  const added: string[] = [];
  // One call per attribute: the time-skipping server has no ListSearchAttributes, and AlreadyExists on one
  // attribute must not stop the others.
  for (const key of sopflowSearchAttributes) {
    try {
      await connection.operatorService.addSearchAttributes({
        namespace,
        searchAttributes: { [key.name]: indexedValueType[key.type] },
      });
      added.push(key.name);
    } catch (err) {
      if (isGrpcServiceError(err) && err.code === grpcStatus.ALREADY_EXISTS) continue;
      throw err;
    }
  }
  return added;
}
