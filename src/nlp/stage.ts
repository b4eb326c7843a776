/**
 * One pure step of the NLP pipeline. The pipeline is an ordered list of stages (segment, quotes, dates, entities):
 * each takes what the earlier ones produced and returns its own result, with no I/O and no hidden state.
 */
export interface Stage<In, Out> {
  readonly name: string;
  run(input: In): Out;
}
