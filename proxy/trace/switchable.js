// The hooks object the instrumented code calls: one small wrapper per hook, the same function whether the hook records or has become a pass-through.
'use strict';

/**
 * Why wrappers: V8 inlines a function at a call site only while that site has only ever called
 * that one function. The tracer used to turn its hooks into pass-throughs by replacing the hooks
 * object's functions (operand types after the first activations, everything at stop()): every
 * call site of the action had seen the recording hook, then saw the pass-through, and became
 * megamorphic, a real call per hook for the rest of the process. Measured on the trace-overhead
 * transform action in a loop: 6-8 µs an activation traced then stopped, 1.8 µs never traced
 * (instrumented, stopped before its first activation), 1.8 µs plain.
 *
 * Each wrapper here reads its switch (`state[flag]`) and calls either the recording hook or the
 * pass-through: every call site, in the action's code and in the wrapper, sees one function for
 * good, and once a switch is off V8 reoptimises the action's code with the pass-through inlined.
 */

/** A hook's name as the wrappers' source uses it (the recorder's own names: never the action's text). */
const NAME = /^[A-Za-z_$][\w$]*$/;
/** The arguments a wrapper passes on when a hook's parameters cannot be counted (H.fi has the most hooks take). */
const MAX_ARITY = 9;

/** How many arguments `fn` uses: its length, unless a default or rest parameter makes that too few. */
function arityOf(fn) {
  const params = /^[^(]*\(([^)]*)\)/.exec(Function.prototype.toString.call(fn));
  if (params === null || /[=.{[]/.test(params[1])) return Math.max(fn.length, MAX_ARITY);
  return fn.length;
}

/**
 * Returns the hooks object: for each name of `recording`, the hook itself when no group gives a
 * pass-through for it, else a wrapper calling `recording[name]` while `state[group.flag]` is true
 * and doing what `group.off[name]` says once it is false: a function is called with the same
 * arguments, a number k returns the k-th argument, null returns undefined (the last two are
 * written into the wrapper itself, the smallest code V8 can inline). `groups` is [{flag, off}],
 * the first group naming a hook wins. A hook that must be the function V8 sees (one that captures
 * a stack trace with itself as the boundary, say) must have no pass-through: it is then given as is.
 */
function switchableHooks(recording, groups, state) {
  const wrapped = [];
  const hooks = {};
  for (const name of Object.keys(recording)) {
    const group = groups.find((g) => Object.prototype.hasOwnProperty.call(g.off, name));
    if (group === undefined) {
      hooks[name] = recording[name];
      continue;
    }
    if (!NAME.test(name) || !NAME.test(group.flag)) throw new TypeError(`switchableHooks: bad hook or flag name ${name} ${group.flag}`);
    const off = group.off[name];
    let arity = arityOf(recording[name]);
    let stopped;
    if (typeof off === 'function') {
      arity = Math.max(arity, arityOf(off));
      stopped = `offs[${groups.indexOf(group)}].${name}(ARGS)`;
    } else if (Number.isInteger(off) && off >= 0) {
      arity = Math.max(arity, off + 1);
      stopped = `p${off}`;
    } else if (off === null) {
      stopped = 'undefined';
    } else {
      throw new TypeError(`switchableHooks: the pass-through of ${name} is not a function, an argument index or null`);
    }
    wrapped.push({ name, flag: group.flag, arity, stopped });
  }
  // One function literal per hook, with the hook's own parameters (a closure per name would share
  // one function across all hooks and make the inner calls megamorphic again).
  const source = wrapped
    .map(({ name, flag, arity, stopped }) => {
      const params = Array.from({ length: arity }, (_, i) => `p${i}`).join(', ');
      return `hooks.${name} = function hook_${name}(${params}) { return state.${flag} ? recording.${name}(${params}) : ${stopped.replace('ARGS', params)}; };`;
    })
    .join('\n');
  // eslint-disable-next-line no-new-func
  new Function('hooks', 'recording', 'offs', 'state', source)(
    hooks,
    recording,
    groups.map((g) => g.off),
    state
  );
  return hooks;
}

module.exports = { switchableHooks };
