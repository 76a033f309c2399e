// Walks an Amazon States Language definition as a graph and lists the loops nothing bounds. Every
// simple cycle of states (Next, Choice rules and Default, Catch; and the handover to a new
// execution of the same state machine, which starts again at StartAt with the input it is given)
// must either
//  - climb a counter on the way round (a Pass, or the handover's input, sets `c` to
//    States.MathAdd($.c, n)), never reset it on the way, and pass a Choice that compares `c` with a
//    bound in a rule it evaluates before the one it follows, whose Next leaves the cycle; or
//  - be the history-limit handover: take such a bound rule itself, then hand over with `c` set to
//    a value below the bound, so every time round needs that many rounds of other, bounded loops; or
//  - be the age handover: follow a rule `$.f BooleanEquals true` to the handover, which sets `f` to
//    false, where only tasks told $$.Execution.StartTime set `f` otherwise: each time round takes
//    an execution's lifetime (its deadline, a year less a margin), bounded by time, not a count.
// A task whose result replaces the state rebuilds it from its ResultSelector: its function hands
// back the fields it was given (a Lambda's answer under Payload; a task token's answer as is), so
// there `$.c` or `$.Payload.c` reads `c` as the state had it, if the task's Payload passed `c`.
// A cycle is only walked if it is feasible as far as the presence of fields decides it: a Choice
// rule that tests only IsPresent is taken (or passed over) according to the fields each state
// leaves behind, so an input check at StartAt does not count as a way back into a loop.

type Rule = {
  Variable?: string;
  Next?: string;
  IsPresent?: boolean;
  NumericGreaterThan?: number;
  NumericGreaterThanEquals?: number;
  BooleanEquals?: boolean;
  Not?: Rule;
  And?: Rule[];
  Or?: Rule[];
};
type Catcher = { ErrorEquals: string[]; Next: string; ResultPath?: string | null };
type State = {
  Type: string;
  Next?: string;
  Default?: string;
  Choices?: Rule[];
  Catch?: Catcher[];
  Parameters?: Record<string, unknown>;
  ResultSelector?: Record<string, unknown>;
  ResultPath?: string | null;
  Resource?: string;
};
export type Definition = { StartAt: string; States: Record<string, unknown> };

/** What passing an edge does to the execution's data: rebuild it from a template, add a field, or keep it. */
type Effect =
  | { kind: 'rebuild'; template: Record<string, unknown> }
  | { kind: 'add'; field: string }
  | { kind: 'keep' }
  | { kind: 'unknown' };

interface Edge {
  from: string;
  to: string;
  /** The index of the Choice rule followed; Infinity for Default; undefined for other edges. */
  rule?: number;
  handover: boolean;
  effect: Effect;
}

export interface UnboundedLoop {
  states: string[];
}

const topField = (path: string | null | undefined) =>
  path && /^\$\.[A-Za-z_][\w]*$/.test(path) ? path.slice(2) : undefined;
/** A payload template's field names (`name.$` takes its value from a path). */
const fieldName = (key: string) => key.replace(/\.\$$/, '');
/** A ResultPath that replaces the whole of the state's input (absent, or `$`). */
const replacesInput = (resultPath: string | null | undefined) => resultPath === undefined || resultPath === '$';
/** The rules a Choice evaluates before the one an edge follows (all of them, for its Default). */
const rulesBefore = (choices: Rule[], edge: Edge) =>
  choices.slice(0, edge.rule === Infinity ? choices.length : edge.rule);

function resultEffect(resultPath: string | null | undefined): Effect {
  if (resultPath === null) return { kind: 'keep' };
  const field = topField(resultPath);
  return field ? { kind: 'add', field } : { kind: 'unknown' };
}

/** The state a task's ResultSelector rebuilds, in the state's own terms (see the header); unknown without one. */
function selectedEffect(state: State): Effect {
  if (!state.ResultSelector) return { kind: 'unknown' };
  const payload = (state.Parameters?.Payload ?? {}) as Record<string, unknown>;
  const template: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(state.ResultSelector)) {
    if (typeof value !== 'string') {
      template[key] = value;
      continue;
    }
    const read = value.replace(/\$\.Payload\./g, '$.');
    const fields = [...read.matchAll(/\$\.(\w+)/g)].map((match) => match[1]!);
    template[key] = fields.every((f) => payload[`${f}.$`] === `$.${f}`) ? read : 'not passed to the task';
  }
  return { kind: 'rebuild', template };
}

/** Whether a task is told when its execution started (and so can tell its deadline). */
const toldStartTime = (state: State) => JSON.stringify(state.Parameters ?? {}).includes('"$$.Execution.StartTime"');

function isHandover(state: State): boolean {
  const startsExecution = /^arn:aws:states:::states:startExecution/.test(state.Resource ?? '');
  return state.Type === 'Task' && startsExecution && state.Parameters?.['StateMachineArn.$'] === '$$.StateMachine.Id';
}

function edgesOf(definition: Definition): Edge[] {
  const edges: Edge[] = [];
  for (const [name, raw] of Object.entries(definition.States)) {
    const state = raw as State;
    const add = (to: string | undefined, effect: Effect, extra: Partial<Edge> = {}) =>
      to && edges.push({ from: name, to, handover: false, effect, ...extra });
    if (state.Type === 'Choice') {
      state.Choices!.forEach((rule, index) => add(rule.Next, { kind: 'keep' }, { rule: index }));
      add(state.Default, { kind: 'keep' }, { rule: Infinity });
      continue;
    }
    if (state.Type === 'Pass') {
      if (!state.Parameters) add(state.Next, { kind: 'keep' });
      else if (replacesInput(state.ResultPath)) add(state.Next, { kind: 'rebuild', template: state.Parameters });
      else add(state.Next, resultEffect(state.ResultPath));
      continue;
    }
    if (state.Type === 'Task')
      add(state.Next, replacesInput(state.ResultPath) ? selectedEffect(state) : resultEffect(state.ResultPath));
    else add(state.Next, { kind: 'keep' });
    for (const catcher of state.Catch ?? []) add(catcher.Next, resultEffect(catcher.ResultPath));
    if (isHandover(state)) {
      const input = (state.Parameters as { Input: Record<string, unknown> }).Input;
      edges.push({ from: name, to: definition.StartAt, handover: true, effect: { kind: 'rebuild', template: input } });
    }
  }
  return edges;
}

/** What an edge does to counter `c`: keep it, add to it, set it (to a literal, if one), or lose it. */
function counterEffect(edge: Edge, c: string): { kind: 'keep' } | { kind: 'inc' } | { kind: 'set'; value?: number } {
  const { effect } = edge;
  if (effect.kind === 'keep') return { kind: 'keep' };
  if (effect.kind === 'add') return effect.field === c ? { kind: 'set' } : { kind: 'keep' };
  if (effect.kind === 'unknown') return { kind: 'set' };
  const template = effect.template;
  if (Object.hasOwn(template, c)) {
    const value = template[c];
    return { kind: 'set', value: typeof value === 'number' ? value : undefined };
  }
  const expression = template[`${c}.$`];
  if (expression === `$.${c}`) return { kind: 'keep' };
  const sum = typeof expression === 'string' ? /^States\.MathAdd\(\$\.([\w]+), *(\d+)\)$/.exec(expression) : null;
  if (sum && sum[1] === c && Number(sum[2]) > 0) return { kind: 'inc' };
  return { kind: 'set' };
}

/** The fields present after an edge, given those before it (undefined: not known). */
function fieldsAfter(edge: Edge, before: Set<string> | undefined): Set<string> | undefined {
  const { effect } = edge;
  if (effect.kind === 'keep') return before;
  if (effect.kind === 'unknown') return undefined;
  if (effect.kind === 'add') return before && new Set([...before, effect.field]);
  return new Set(Object.keys(effect.template).map(fieldName));
}

/** A rule that tests only the presence of fields, decided by the fields present; undefined otherwise. */
function decided(rule: Rule, fields: Set<string> | undefined): boolean | undefined {
  if (!fields) return undefined;
  if (rule.Not) {
    const inner = decided(rule.Not, fields);
    return inner === undefined ? undefined : !inner;
  }
  if (rule.And) {
    const parts = rule.And.map((r) => decided(r, fields));
    return parts.includes(false) ? false : parts.includes(undefined) ? undefined : true;
  }
  if (rule.Or) {
    const parts = rule.Or.map((r) => decided(r, fields));
    return parts.includes(true) ? true : parts.includes(undefined) ? undefined : false;
  }
  const field = topField(rule.Variable);
  if (field && typeof rule.IsPresent === 'boolean') return fields.has(field) === rule.IsPresent;
  return undefined;
}

function feasible(cycle: Edge[], states: Record<string, State>): boolean {
  let fields: Set<string> | undefined;
  // Twice round: on the second lap the fields at every step follow from the cycle's own states.
  for (const edge of [...cycle, ...cycle]) {
    const choices = states[edge.from]!.Choices;
    if (choices && edge.rule !== undefined) {
      if (edge.rule !== Infinity && decided(choices[edge.rule]!, fields) === false) return false;
      if (rulesBefore(choices, edge).some((earlier) => decided(earlier, fields) === true)) return false;
    }
    fields = fieldsAfter(edge, fields);
  }
  return true;
}

function boundOn(rule: Rule, c: string): number | undefined {
  if (rule.Variable !== `$.${c}`) return undefined;
  return (
    rule.NumericGreaterThanEquals ?? (rule.NumericGreaterThan === undefined ? undefined : rule.NumericGreaterThan + 1)
  );
}

/** The age handover (see the header): a flag only tasks told the start time raise, lowered by the handover. */
function ageHandover(cycle: Edge[], states: Record<string, State>, edges: Edge[]): boolean {
  const handover = cycle.find((e) => e.handover);
  if (!handover || handover.effect.kind !== 'rebuild') return false;
  const lowered = handover.effect.template;
  return cycle.some((edge) => {
    if (edge.rule === undefined || edge.rule === Infinity) return false;
    const rule = states[edge.from]!.Choices![edge.rule]!;
    const flag = topField(rule.Variable);
    if (!flag || rule.BooleanEquals !== true || edge.to !== handover.from || lowered[flag] !== false) return false;
    // Everything else that sets the flag is a task told the start time, or sets it false.
    const setsFlag = ({ effect }: Edge): boolean => {
      if (effect.kind === 'keep') return false;
      if (effect.kind === 'add') return effect.field === flag;
      if (effect.kind === 'unknown') return true;
      if (effect.template[flag] === false) return false;
      if (Object.hasOwn(effect.template, flag)) return true;
      const expression = effect.template[`${flag}.$`];
      return expression !== undefined && expression !== `$.${flag}`;
    };
    return edges.every((e) => !setsFlag(e) || toldStartTime(states[e.from]!));
  });
}

function bounded(cycle: Edge[], states: Record<string, State>, counters: string[], edges: Edge[]): boolean {
  if (ageHandover(cycle, states, edges)) return true;
  const onCycle = new Set(cycle.map((e) => e.from));
  return counters.some((c) => {
    const effects = cycle.map((e) => counterEffect(e, c));
    const increments = effects.filter((e) => e.kind === 'inc').length;
    const resets = effects.filter((e) => e.kind === 'set');
    const guarded = cycle.some((edge) => {
      const choices = states[edge.from]!.Choices;
      if (!choices || edge.rule === undefined) return false;
      return rulesBefore(choices, edge).some((rule) => boundOn(rule, c) !== undefined && !onCycle.has(rule.Next!));
    });
    if (increments > 0 && guarded && resets.length === 0) return true;
    // The history-limit handover: taken at the bound, it starts the counter again below it.
    const followed = (edge: Edge) =>
      edge.rule === undefined || edge.rule === Infinity ? undefined : states[edge.from]!.Choices![edge.rule];
    const bound = cycle
      .map((edge) => followed(edge))
      .map((rule) => rule && boundOn(rule, c))
      .find((b) => b !== undefined);
    const handover = cycle.find((e) => e.handover);
    if (bound === undefined || !handover || resets.length !== 1) return false;
    const restart = counterEffect(handover, c);
    return restart.kind === 'set' && restart.value !== undefined && restart.value + increments < bound;
  });
}

/** Every simple cycle of the definition's graph, as the edges followed from its first state. */
function cyclesOf(edges: Edge[], names: string[]): Edge[][] {
  const index = new Map(names.map((n, i) => [n, i]));
  const out = new Map<string, Edge[]>();
  for (const edge of edges) out.set(edge.from, [...(out.get(edge.from) ?? []), edge]);
  const cycles: Edge[][] = [];
  for (const start of names) {
    const first = index.get(start)!;
    const visit = (node: string, path: Edge[], seen: Set<string>) => {
      for (const edge of out.get(node) ?? []) {
        if (edge.to === start) cycles.push([...path, edge]);
        else if (index.get(edge.to)! > first && !seen.has(edge.to))
          visit(edge.to, [...path, edge], new Set([...seen, edge.to]));
      }
    };
    visit(start, [], new Set([start]));
  }
  return cycles;
}

/** Walks every feasible simple cycle; returns how many it walked and those no counter bounds. */
export function walkLoops(definition: Definition): { walked: number; unbounded: UnboundedLoop[] } {
  const states = definition.States as Record<string, State>;
  const edges = edgesOf(definition);
  const fields = new Set(
    edges.flatMap((e) => (e.effect.kind === 'rebuild' ? Object.keys(e.effect.template).map(fieldName) : [])),
  );
  const counters = [...fields].filter((c) => edges.some((e) => counterEffect(e, c).kind === 'inc'));
  const cycles = cyclesOf(edges, Object.keys(states)).filter((cycle) => feasible(cycle, states));
  const unbounded = cycles
    .filter((cycle) => !bounded(cycle, states, counters, edges))
    .map((cycle) => ({ states: cycle.map((e) => e.from) }));
  return { walked: cycles.length, unbounded };
}
