#!/usr/bin/env node
// Baseline for capiqa-bench-send: events/s of the official Node SDK BUILDING the same events
// (no network): for every raw event of the corpus that `capiqa-bench-send --dump-events FILE`
// writes (JSON Lines, one raw event each), a `new ServerEvent()` with `UserData` setters,
// `CustomData` and `Content` objects; then, per batch of 1,000, what `EventRequest.execute()`
// does before its HTTP call: `serverEvent.normalize()` for each event (normalise + SHA-256 of
// the customer information) and the request params serialised with `JSON.stringify`.
//
// An event whose normalize() throws (an email or phone the SDK rejects) is caught, counted and
// left out, as capiqa leaves a failed event out of the body (EventRequest.execute() itself would
// throw and lose the whole batch).
//
// Usage: node bench-node-build.js --events FILE [--reps R] [--warmup N] [--batch N]
//                                 [--dump-built FILE] [--json]
// Output: machine-readable lines "node-build <name> key=value ..." (or one JSON document).
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { Content, CustomData, ServerEvent, UserData } = require('facebook-nodejs-business-sdk');

const TEST_EVENT_CODE = 'TEST_CAPIQA';
const ACCESS_TOKEN = 'capiqa-local-token';

function loadEvents(file) {
  const events = [];
  const text = fs.readFileSync(file, 'utf8');
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (end > start) events.push(JSON.parse(text.slice(start, end)));
    start = end + 1;
  }
  return events;
}

const list = (v) => (Array.isArray(v) ? v : [v]);

// Raw event → SDK objects, the way an application fills them.
function buildEvent(raw) {
  const u = raw.user_data || {};
  const userData = new UserData();
  if (u.em !== undefined) userData.setEmails(list(u.em));
  if (u.ph !== undefined) userData.setPhones(list(u.ph));
  if (u.fn !== undefined) userData.setFirstNames(list(u.fn));
  if (u.ln !== undefined) userData.setLastNames(list(u.ln));
  if (u.ge !== undefined) userData.setGenders(list(u.ge));
  if (u.db !== undefined) userData.setDatesOfBirth(list(u.db));
  if (u.ct !== undefined) userData.setCities(list(u.ct));
  if (u.st !== undefined) userData.setStates(list(u.st));
  if (u.zp !== undefined) userData.setZips(list(u.zp));
  if (u.country !== undefined) userData.setCountries(list(u.country));
  if (u.external_id !== undefined) userData.setExternalIds(list(u.external_id));
  if (u.client_ip_address !== undefined) userData.setClientIpAddress(u.client_ip_address);
  if (u.client_user_agent !== undefined) userData.setClientUserAgent(u.client_user_agent);
  if (u.fbp !== undefined) userData.setFbp(u.fbp);
  if (u.fbc !== undefined) userData.setFbc(u.fbc);

  const event = new ServerEvent()
    .setEventName(raw.event_name)
    .setEventTime(raw.event_time)
    .setEventId(raw.event_id)
    .setEventSourceUrl(raw.event_source_url)
    .setActionSource(raw.action_source)
    .setUserData(userData);

  const c = raw.custom_data;
  if (c) {
    const customData = new CustomData();
    if (c.value !== undefined) customData.setValue(c.value);
    if (c.currency !== undefined) customData.setCurrency(c.currency);
    if (c.content_name !== undefined) customData.setContentName(c.content_name);
    if (c.content_category !== undefined) customData.setContentCategory(c.content_category);
    if (c.content_ids !== undefined) customData.setContentIds(c.content_ids);
    if (c.content_type !== undefined) customData.setContentType(c.content_type);
    if (c.order_id !== undefined) customData.setOrderId(c.order_id);
    if (c.num_items !== undefined) customData.setNumItems(c.num_items);
    if (c.contents !== undefined) {
      customData.setContents(
        c.contents.map((item) => {
          const content = new Content().setId(item.id);
          if (item.quantity !== undefined) content.setQuantity(item.quantity);
          if (item.item_price !== undefined) content.setItemPrice(item.item_price);
          return content;
        })
      );
    }
    event.setCustomData(customData);
  }
  return event;
}

// One batch: build, normalise each event, serialise the params as execute() assembles them.
// Returns the body's length (a sink) and counts rejected events into `stats`.
function runBatch(raws, from, to, stats) {
  const events = [];
  for (let i = from; i < to; i++) events.push(buildEvent(raws[i]));
  const data = [];
  for (const event of events) {
    try {
      data.push(event.normalize());
    } catch (e) {
      stats.rejected++;
    }
  }
  stats.built += data.length;
  const body = JSON.stringify({
    data,
    partner_agent: undefined,
    test_event_code: TEST_EVENT_CODE,
    namespace_id: undefined,
    upload_id: undefined,
    upload_tag: undefined,
    upload_source: undefined,
    access_token: ACCESS_TOKEN,
  });
  return body.length;
}

function runPass(raws, count, batch) {
  const stats = { built: 0, rejected: 0, sink: 0 };
  const n = Math.min(count, raws.length);
  const t0 = process.hrtime.bigint();
  for (let first = 0; first < n; first += batch) {
    stats.sink = (stats.sink + runBatch(raws, first, Math.min(first + batch, n), stats)) | 0;
  }
  stats.seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  stats.events = n;
  return stats;
}

// Parity with capiqa-bench-send: every event as canonical JSON (keys sorted at every level, as
// QJsonDocument writes them) or "!rejected"; FNV-1a 32 over each line + "\n". The SDK sends null
// for a value it normalises to nothing (e.g. a zip shorter than 2 characters); capiqa leaves such
// values out, so nulls are dropped from arrays here, and an array left empty with them.
function canonical(v) {
  if (Array.isArray(v)) return v.filter((x) => x !== null).map(canonical);
  if (v !== null && typeof v === 'object') {
    const out = {};
    for (const k of Object.keys(v).sort()) {
      if (v[k] === undefined) continue;
      const c = canonical(v[k]);
      if (Array.isArray(v[k]) && c.length === 0 && v[k].length > 0) continue;
      out[k] = c;
    }
    return out;
  }
  return v;
}

function parity(raws) {
  let h = 0x811c9dc5;
  const fnv = (buf) => {
    for (let i = 0; i < buf.length; i++) {
      h ^= buf[i];
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  };
  const lines = [];
  let built = 0;
  let rejected = 0;
  for (const raw of raws) {
    let line;
    try {
      line = JSON.stringify(canonical(buildEvent(raw).normalize()));
      built++;
    } catch (e) {
      line = '!rejected';
      rejected++;
    }
    lines.push(line);
    fnv(Buffer.from(line + '\n', 'utf8'));
  }
  return { built, rejected, digest: h.toString(16).padStart(8, '0'), lines };
}

function parseArgs(argv) {
  const opt = { events: null, reps: 5, warmup: null, batch: 1000, dumpBuilt: null, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--events') opt.events = next();
    else if (a === '--reps') opt.reps = parseInt(next(), 10);
    else if (a === '--warmup') opt.warmup = parseInt(next(), 10);
    else if (a === '--batch') opt.batch = parseInt(next(), 10);
    else if (a === '--dump-built') opt.dumpBuilt = next();
    else if (a === '--json') opt.json = true;
    else if (a === '--help' || a === '-h') {
      process.stdout.write(
        'Usage: node bench-node-build.js --events FILE [--reps R] [--warmup N] [--batch N] [--dump-built FILE] [--json]\n' +
          '  --warmup N   events built untimed first, for the JIT (default: the whole corpus)\n'
      );
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  if (!opt.events) throw new Error('--events FILE is required (capiqa-bench-send --dump-events FILE writes it)');
  if (!(opt.reps >= 1)) throw new Error('--reps needs a positive integer');
  if (!(opt.batch >= 1 && opt.batch <= 1000)) throw new Error('--batch needs a number from 1 to 1000');
  if (opt.warmup !== null && !(opt.warmup >= 0)) throw new Error('--warmup needs a number >= 0');
  return opt;
}

const best = (xs) => Math.max(...xs);
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

function main() {
  const opt = parseArgs(process.argv.slice(2));
  const sdkVersion = require('facebook-nodejs-business-sdk/package.json').version;
  const raws = loadEvents(opt.events);
  const p = parity(raws);
  if (opt.dumpBuilt) {
    fs.writeFileSync(opt.dumpBuilt, p.lines.join('\n') + '\n');
    process.stderr.write(`node-build: wrote the SDK's build of ${p.lines.length} events to ${opt.dumpBuilt}\n`);
    return;
  }
  p.lines = null;

  const emit = (s) => {
    if (!opt.json) process.stdout.write(s + '\n');
  };
  emit(`node-build info sdk_version=${sdkVersion} node=${process.version} events=${raws.length} batch=${opt.batch} cpus=${os.cpus().length}`);
  emit(`node-build parity events=${raws.length} built=${p.built} rejected=${p.rejected} digest=${p.digest}`);

  const warmup = opt.warmup === null ? raws.length : opt.warmup;
  process.stderr.write(`node-build: warm-up over ${Math.min(warmup, raws.length)} events, then ${opt.reps} x ${raws.length} events\n`);
  if (warmup > 0) runPass(raws, warmup, opt.batch);
  const samples = [];
  let last = null;
  let peakRss = process.memoryUsage().rss;
  for (let rep = 0; rep < opt.reps; rep++) {
    last = runPass(raws, raws.length, opt.batch);
    samples.push(last.events / last.seconds);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  // resourceUsage().maxRSS is the kernel's high-water mark (KiB); memoryUsage() is sampled.
  const maxRssKb = Math.max(process.resourceUsage().maxRSS, Math.round(peakRss / 1024));
  emit(
    `node-build build threads=1 events_per_s=${best(samples).toFixed(0)} median_events_per_s=${median(samples).toFixed(0)} ` +
      `events=${last.events} built=${last.built} rejected=${last.rejected} reps=${opt.reps}`
  );
  emit(`node-build rss peak_rss_kb=${maxRssKb}`);
  if (opt.json) {
    process.stdout.write(
      JSON.stringify({
        tool: 'bench-node-build',
        sdk_version: sdkVersion,
        node: process.version,
        corpus: path.resolve(opt.events),
        events: raws.length,
        batch: opt.batch,
        reps: opt.reps,
        parity: { built: p.built, rejected: p.rejected, digest: p.digest },
        unit: 'events/s',
        best: Math.round(best(samples)),
        median: Math.round(median(samples)),
        samples: samples.map(Math.round),
        peak_rss_kb: maxRssKb,
      }) + '\n'
    );
  }
}

try {
  main();
} catch (e) {
  process.stderr.write(`node-build: ${e.stack || e.message || e}\n`);
  process.exit(2);
}
