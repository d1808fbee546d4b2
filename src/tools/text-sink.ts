/** Where text output goes: a stream, or an in-memory collector in tests. */
export interface TextSink {
  write(chunk: string): unknown;
}
