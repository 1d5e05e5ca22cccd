#!/usr/bin/env node
// Baseline for capiqa-bench: values/s of the official Node SDK's
// ServerSideUtils.normalizeAndHash(value, field) over the corpus that
// `capiqa-bench --dump-corpus FILE` writes (JSON Lines {"field","value"}).
//
// It does per value what the SDK's UserData.normalize() does:
//   - every hashed field goes through normalizeAndHash(value, field);
//   - external_id is never hashed: the SDK sends it verbatim (after a dedup of the array);
//   - normalizeAndHash throws for values it rejects (bad email, phone, country, ...): the
//     caller's event fails, so the exception is caught and counted as "rejected".
//
// Usage: node bench-node-sdk.js --corpus FILE [--seconds S] [--reps R] [--threads N] [--json]
// Output: machine-readable lines "node-sdk-js <name> key=value ..." (or one JSON document).
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { Worker, isMainThread, parentPort, workerData } = require('worker_threads');
const { ServerSideUtils } = require('facebook-nodejs-business-sdk');

const CHUNK = 256; // values between two looks at the clock / stop flag
const REJECTED = Symbol('rejected');
const HASH_RE = /^(?:[a-f0-9]{64}|[a-f0-9]{32})$/;

function loadCorpus(file) {
  const fields = [];
  const values = [];
  const text = fs.readFileSync(file, 'utf8');
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (end > start) {
      const row = JSON.parse(text.slice(start, end));
      fields.push(row.field);
      values.push(row.value);
    }
    start = end + 1;
  }
  return { fields, values };
}

// What the SDK puts in user_data for one value (or REJECTED when it throws).
function processOne(field, value) {
  if (field === 'external_id') return value; // UserData.normalize(): dedupArray(external_ids), unhashed
  try {
    return ServerSideUtils.normalizeAndHash(value, field);
  } catch (e) {
    return REJECTED;
  }
}

// Runs `n` values from position `pos` (wrapping); returns [newPos, sink].
function runChunk(corpus, pos, n, sinkIn) {
  const { fields, values } = corpus;
  const size = fields.length;
  let sink = sinkIn;
  for (let i = 0; i < n; i++) {
    const out = processOne(fields[pos], values[pos]);
    sink = (sink + (typeof out === 'string' ? out.length : 1)) | 0;
    if (++pos === size) pos = 0;
  }
  return [pos, sink];
}

// Outcome counts and the digest capiqa-bench computes for its node-sdk profile: FNV-1a 32 over
// each token + "\n", the token being the sent string, "!rejected" or "!null".
function outcomes(corpus) {
  const counts = { hashed: 0, rejected: 0, 'dropped-null': 0, 'sent-unhashed': 0, passthrough: 0 };
  let h = 0x811c9dc5;
  const fnv = (buf) => {
    for (let i = 0; i < buf.length; i++) {
      h ^= buf[i];
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  };
  const { fields, values } = corpus;
  for (let i = 0; i < fields.length; i++) {
    const out = processOne(fields[i], values[i]);
    let token;
    if (out === REJECTED) {
      counts.rejected++;
      token = '!rejected';
    } else if (out === null || out === undefined) {
      counts['dropped-null']++;
      token = '!null';
    } else {
      token = out;
      if (fields[i] === 'external_id') counts['sent-unhashed']++;
      else if (HASH_RE.test(out) && out === values[i].trim().toLowerCase()) counts.passthrough++;
      else counts.hashed++;
    }
    fnv(Buffer.from(token + '\n', 'utf8'));
  }
  return { counts, digest: h.toString(16).padStart(8, '0') };
}

function parseArgs(argv) {
  const opt = { corpus: null, seconds: 0.5, reps: 5, threads: 1, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--corpus') opt.corpus = next();
    else if (a === '--seconds') opt.seconds = Number(next());
    else if (a === '--reps') opt.reps = parseInt(next(), 10);
    else if (a === '--threads') opt.threads = parseInt(next(), 10);
    else if (a === '--json') opt.json = true;
    else if (a === '--help' || a === '-h') {
      process.stdout.write('Usage: node bench-node-sdk.js --corpus FILE [--seconds S] [--reps R] [--threads N] [--json]\n');
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  if (!opt.corpus) throw new Error('--corpus FILE is required (capiqa-bench --dump-corpus FILE writes it)');
  if (!(opt.seconds > 0)) throw new Error('--seconds needs a positive number');
  if (!(opt.reps >= 1)) throw new Error('--reps needs a positive integer');
  if (!(opt.threads >= 1)) throw new Error('--threads needs a positive integer');
  return opt;
}

const best = (xs) => Math.max(...xs);
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}
const nowNs = () => process.hrtime.bigint();
const secondsSince = (t0) => Number(nowNs() - t0) / 1e9;
const sleep = (s) => new Promise((resolve) => setTimeout(resolve, s * 1000));

// Single thread, in this thread: one warm-up pass (JIT), then `reps` timed repetitions.
function measureHere(corpus, opt) {
  let pos = 0;
  let sink = 0;
  [pos, sink] = runChunk(corpus, pos, corpus.fields.length, sink);
  const samples = [];
  for (let rep = 0; rep < opt.reps; rep++) {
    let done = 0;
    const t0 = nowNs();
    const limit = BigInt(Math.round(opt.seconds * 1e9));
    while (nowNs() - t0 < limit) {
      [pos, sink] = runChunk(corpus, pos, CHUNK, sink);
      done += CHUNK;
    }
    samples.push(done / secondsSince(t0));
  }
  globalThis.__sink = sink;
  return samples;
}

// N worker_threads, each over its own copy of the corpus. flag[0] is the phase: 2*rep+1 runs
// repetition rep, 2*rep+2 stops it.
async function measureWorkers(opt, threads) {
  const shared = new SharedArrayBuffer(4);
  const flag = new Int32Array(shared);
  const workers = [];
  const inbox = []; // per worker: queue of messages and a waiter
  for (let t = 0; t < threads; t++) {
    const w = new Worker(__filename, { workerData: { corpus: opt.corpus, reps: opt.reps, shared, index: t, threads } });
    const box = { queue: [], waiter: null };
    w.on('message', (m) => {
      if (box.waiter) {
        const r = box.waiter;
        box.waiter = null;
        r(m);
      } else box.queue.push(m);
    });
    w.on('error', (e) => {
      process.stderr.write(`node-sdk-js: worker ${t} failed: ${e.stack || e}\n`);
      process.exit(1);
    });
    workers.push(w);
    inbox.push(box);
  }
  const receive = (t) =>
    new Promise((resolve) => {
      const box = inbox[t];
      if (box.queue.length) resolve(box.queue.shift());
      else box.waiter = resolve;
    });
  await Promise.all(workers.map((_, t) => receive(t))); // 'ready' after load + warm-up
  const samples = [];
  for (let rep = 0; rep < opt.reps; rep++) {
    const t0 = nowNs();
    Atomics.store(flag, 0, 2 * rep + 1);
    Atomics.notify(flag, 0);
    await sleep(opt.seconds);
    Atomics.store(flag, 0, 2 * rep + 2);
    const counts = await Promise.all(workers.map((_, t) => receive(t)));
    const elapsed = secondsSince(t0);
    samples.push(counts.reduce((a, m) => a + m.done, 0) / elapsed);
  }
  await Promise.all(workers.map((w) => w.terminate()));
  return samples;
}

function workerMain() {
  const { reps, shared, index, threads } = workerData;
  const flag = new Int32Array(shared);
  const corpus = loadCorpus(workerData.corpus);
  let pos = Math.floor((corpus.fields.length * index) / threads);
  let sink = 0;
  [pos, sink] = runChunk(corpus, pos, corpus.fields.length, sink);
  parentPort.postMessage({ ready: true });
  for (let rep = 0; rep < reps; rep++) {
    const go = 2 * rep + 1;
    for (let cur = Atomics.load(flag, 0); cur < go; cur = Atomics.load(flag, 0)) Atomics.wait(flag, 0, cur);
    let done = 0;
    while (Atomics.load(flag, 0) === go) {
      [pos, sink] = runChunk(corpus, pos, CHUNK, sink);
      done += CHUNK;
    }
    parentPort.postMessage({ done, sink });
  }
}

async function main() {
  const opt = parseArgs(process.argv.slice(2));
  const sdkVersion = require('facebook-nodejs-business-sdk/package.json').version;
  const corpus = loadCorpus(opt.corpus);
  const o = outcomes(corpus);
  const lines = [];
  const runs = [];
  const emit = (s) => {
    if (!opt.json) process.stdout.write(s + '\n');
  };
  emit(`node-sdk-js info sdk_version=${sdkVersion} node=${process.version} values=${corpus.fields.length} cpus=${os.cpus().length}`);
  emit(`node-sdk-js outcomes ${Object.entries(o.counts).filter(([, n]) => n > 0).map(([k, n]) => `${k}=${n}`).join(' ')} digest=${o.digest}`);

  const report = (threads, samples) => {
    const r = { threads, best: best(samples), median: median(samples), samples };
    runs.push(r);
    emit(
      `node-sdk-js normalizeAndHash threads=${threads} values_per_s=${r.best.toFixed(0)} ` +
        `median_values_per_s=${r.median.toFixed(0)} per_thread_values_per_s=${(r.best / threads).toFixed(0)} ` +
        `reps=${opt.reps} seconds=${opt.seconds}`
    );
  };
  process.stderr.write(`node-sdk-js: 1 thread, ${opt.reps} x ${opt.seconds}s\n`);
  report(1, measureHere(corpus, opt));
  if (opt.threads > 1) {
    process.stderr.write(`node-sdk-js: ${opt.threads} worker_threads, ${opt.reps} x ${opt.seconds}s\n`);
    report(opt.threads, await measureWorkers(opt, opt.threads));
  }
  if (opt.json) {
    const doc = {
      tool: 'bench-node-sdk',
      sdk_version: sdkVersion,
      node: process.version,
      corpus: path.resolve(opt.corpus),
      values: corpus.fields.length,
      seconds: opt.seconds,
      reps: opt.reps,
      outcomes: o.counts,
      digest: o.digest,
      runs: runs.map((r) => ({
        threads: r.threads,
        unit: 'values/s',
        best: Math.round(r.best),
        median: Math.round(r.median),
        best_per_thread: Math.round(r.best / r.threads),
        samples: r.samples.map(Math.round),
      })),
    };
    lines.push(JSON.stringify(doc));
    process.stdout.write(lines.join('\n') + '\n');
  }
}

if (isMainThread) {
  main().catch((e) => {
    process.stderr.write(`node-sdk-js: ${e.message || e}\n`);
    process.exit(2);
  });
} else {
  workerMain();
}
