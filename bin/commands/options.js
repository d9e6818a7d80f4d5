// Parses a subcommand's command line: `--name VALUE`, `--name=VALUE`, flags, `-h`/`--help` and positionals.
'use strict';

/** A command line that does not fit the command: its message is ready to print. */
class UsageError extends Error {
  constructor(message) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * `spec` maps each option to the key it sets: `{'--port': 'port', '-o': 'output'}` takes a value;
 * `{'--trace': {key: 'trace', flag: true}}` is a flag. With `positionals`, arguments that are not
 * options (and a lone `-`) are collected in order; otherwise they are usage errors. Returns
 * {help, options, positionals}; `help` is true as soon as -h or --help appears.
 * Throws UsageError naming the offending argument.
 */
function parseOptions(argv, spec, { command, positionals = false } = {}) {
  const options = {};
  const rest = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') return { help: true, options, positionals: rest };
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const entry = Object.hasOwn(spec, name) ? spec[name] : undefined;
    if (entry === undefined) {
      if (positionals && (!arg.startsWith('-') || arg === '-')) {
        rest.push(arg);
        continue;
      }
      throw new UsageError(`unknown option for ${command}: ${arg}`);
    }
    const { key, flag = false } = typeof entry === 'string' ? { key: entry } : entry;
    if (flag) {
      if (eq > 0) throw new UsageError(`${name} takes no value`);
      options[key] = true;
    } else if (eq > 0) {
      options[key] = arg.slice(eq + 1);
    } else {
      if (i + 1 >= argv.length) throw new UsageError(`${name} needs a value`);
      options[key] = argv[++i];
    }
  }
  return { help: false, options, positionals: rest };
}

module.exports = { parseOptions, UsageError };
