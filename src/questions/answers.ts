// Answers as a person gives them, before they are a case: what the terminal interview and the web
// form both collect, and what a saved project file keeps (3500万 stays 3500万).

/** An answer as given: the text typed (3500万 stays 3500万) or the id or yes/no chosen. */
export type RawAnswer = string | boolean;

export interface Answers {
  facts: Record<string, RawAnswer>;
  lists: Record<string, Record<string, RawAnswer>[]>;
}
