#!/usr/bin/env python3
"""Measures rustc compile time and handler run time per -C opt-level (docs/compiler.md).

Usage: compiler/tools/measure_opt_levels.py [--compiler BIN] [--runtime-dir DIR] [--levels 0,1,2,3]

Compiles a few traces at each level (best of 3, no cache), loads each handler through the ABI of
docs/handler-abi.md with ctypes, times activations, and prints a Markdown table.
"""
import argparse, ctypes, os, resource, shutil, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))
DATA = os.path.join(ROOT, 'compiler', 'testdata')

# (name, trace, [args...], repetitions per timing)
CASES = [
    ('hello', 'e2e/hello.trace.json', ['{"name":"Ada"}'], 2000),
    ('traced', 'e2e/traced.trace.json', ['{"n":12,"scale":0.3}'], 2000),
    ('transform', 'measure/transform.trace.json', None, 1000),
    ('loop 1e6', 'e2e/loop.trace.json', ['{"n":1000000}'], 3),
]


class Bytes(ctypes.Structure):
    _fields_ = [('ptr', ctypes.c_void_p), ('len', ctypes.c_size_t)]


class Limits(ctypes.Structure):
    _fields_ = [('fuel', ctypes.c_uint64), ('memory_bytes', ctypes.c_uint64), ('deadline_ms', ctypes.c_int64)]


class Outcome(ctypes.Structure):
    _fields_ = [('status', ctypes.c_int32), ('http_status', ctypes.c_int32), ('body', Bytes), ('logs', Bytes),
                ('abort', Bytes)]


NEW = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.POINTER(Limits), ctypes.POINTER(Bytes))
FREE = ctypes.CFUNCTYPE(None, ctypes.c_void_p)
ACTIVATION_NEW = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t,
                                  ctypes.POINTER(Limits))
STEP = ctypes.CFUNCTYPE(ctypes.c_int32, ctypes.c_void_p, ctypes.POINTER(Bytes), ctypes.POINTER(Outcome))
COMPLETE = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t)
OUTCOME_FREE = ctypes.CFUNCTYPE(None, ctypes.POINTER(Outcome))
BYTES_FREE = ctypes.CFUNCTYPE(None, ctypes.POINTER(Bytes))


class Handler(ctypes.Structure):
    _fields_ = [('abi_version', ctypes.c_uint32), ('reserved', ctypes.c_uint32), ('trace_sha256', ctypes.c_char_p),
                ('code_sha256', ctypes.c_char_p), ('entry', ctypes.c_char_p), ('instance_new', NEW),
                ('instance_free', FREE), ('activation_new', ACTIVATION_NEW), ('step', STEP), ('complete', COMPLETE),
                ('activation_free', FREE), ('outcome_free', OUTCOME_FREE), ('bytes_free', BYTES_FREE)]


def time_runs(so, inputs, reps):
    lib = ctypes.CDLL(so)
    lib.containerless_handler_v2.restype = ctypes.POINTER(Handler)
    h = lib.containerless_handler_v2().contents
    limits = Limits(0, 0, 0)
    inst = h.instance_new(ctypes.byref(limits), ctypes.byref(Bytes()))
    payloads = [a.encode() for a in inputs]
    best = None
    # Best of 5 batches: the machine is shared, and the minimum is the least disturbed figure.
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(reps):
            for p in payloads:
                out = Outcome()
                act = h.activation_new(inst, p, len(p), ctypes.byref(limits))
                if h.step(act, ctypes.byref(Bytes()), ctypes.byref(out)) != 0:
                    sys.exit('the handler asked for a host call; these measurements make none')
                h.activation_free(act)
                if out.status != 0:
                    sys.exit('aborted: ' + ctypes.string_at(out.abort.ptr, out.abort.len).decode())
                h.outcome_free(ctypes.byref(out))
        elapsed = (time.perf_counter() - start) / (reps * len(payloads))
        best = elapsed if best is None else min(best, elapsed)
    h.instance_free(inst)
    return best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--compiler', default=os.path.join(ROOT, 'build', 'compiler', 'containerless-compile'))
    ap.add_argument('--runtime-dir', default=os.path.join(ROOT, 'compiler', 'runtime'))
    ap.add_argument('--levels', default='0,1,2,3')
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix='clc-measure-')
    rows = []
    for level in args.levels.split(','):
        for name, trace, inputs, reps in CASES:
            if inputs is None:
                base = os.path.join(DATA, trace.replace('.trace.json', '.inputs.jsonl'))
                inputs = [line for line in open(base).read().splitlines() if line.strip()]
            so = os.path.join(tmp, '%s-O%s.so' % (name.replace(' ', '_'), level))
            wall, cpu = None, None
            for _ in range(3):
                t = time.perf_counter()
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                subprocess.run([args.compiler, os.path.join(DATA, trace), '-o', so, '--opt-level', level,
                                '--runtime-dir', args.runtime_dir], check=True)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                w = time.perf_counter() - t
                c = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
                wall = w if wall is None else min(wall, w)
                cpu = c if cpu is None else min(cpu, c)
            per_run = time_runs(so, inputs, reps)
            rows.append((level, name, wall, cpu, per_run))
            print('O%s %-10s compile %.2f s (cpu %.2f s)  run %.1f us' % (level, name, wall, cpu, per_run * 1e6),
                  file=sys.stderr)
    shutil.rmtree(tmp, ignore_errors=True)
    print('| opt-level | trace | compile wall (best of 3) | compile CPU | run per activation (best of 5) |')
    print('|---|---|---|---|---|')
    for level, name, w, c, r in rows:
        run = '%.1f ms' % (r * 1e3) if r > 1e-3 else '%.1f µs' % (r * 1e6)
        print('| %s | %s | %.2f s | %.2f s | %s |' % (level, name, w, c, run))


if __name__ == '__main__':
    main()
