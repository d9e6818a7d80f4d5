-- wrk script of the native-http benchmark: POST /run with the body in $BENCH_BODY on keep-alive
-- connections, and a check of every response: status 200, the body $BENCH_EXPECT, a Content-Length
-- header and, when $BENCH_ENGINE is set, the header X-Containerless-Engine with that value (when
-- it is empty, the header must be absent: the Node engine alone does not send it). done() prints
-- one JSON line with the figures and the error counts.
--
-- Usage: BENCH_BODY=... BENCH_EXPECT=... BENCH_ENGINE=native wrk -t1 -cN -dSs -s run.lua URL

wrk.method = "POST"
wrk.path = "/run"
wrk.body = os.getenv("BENCH_BODY")
wrk.headers["Content-Type"] = "application/json"

local expected = os.getenv("BENCH_EXPECT")
local engine = os.getenv("BENCH_ENGINE") or ""

responses = 0
non200 = 0
bad_body = 0
no_length = 0
bad_engine = 0
first_bad = ""

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function response(status, headers, body)
  responses = responses + 1
  local got = headers["X-Containerless-Engine"] or headers["x-containerless-engine"] or ""
  if status ~= 200 then
    non200 = non200 + 1
    if first_bad == "" then first_bad = "status " .. status .. ": " .. tostring(body) end
  elseif body ~= expected then
    bad_body = bad_body + 1
    if first_bad == "" then first_bad = "body: " .. tostring(body) end
  elseif headers["Content-Length"] == nil and headers["content-length"] == nil then
    no_length = no_length + 1
    if first_bad == "" then first_bad = "no Content-Length header" end
  elseif got ~= engine then
    bad_engine = bad_engine + 1
    if first_bad == "" then first_bad = "X-Containerless-Engine: '" .. got .. "', expected '" .. engine .. "'" end
  end
end

local function json_string(s)
  return '"' .. s:gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end) .. '"'
end

function done(summary, latency, requests)
  local r, n, b, l, g, first = 0, 0, 0, 0, 0, ""
  for _, t in ipairs(threads) do
    r = r + t:get("responses")
    n = n + t:get("non200")
    b = b + t:get("bad_body")
    l = l + t:get("no_length")
    g = g + t:get("bad_engine")
    if first == "" then first = t:get("first_bad") end
  end
  local e = summary.errors
  io.write(string.format(
    'WRK_RESULT {"requests":%d,"duration_us":%d,"bytes":%d,"responses_checked":%d,' ..
    '"non200":%d,"bad_body":%d,"no_content_length":%d,"bad_engine":%d,"first_bad":%s,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_us":{"p50":%d,"p90":%d,"p99":%d,"mean":%.1f,"max":%d}}\n',
    summary.requests, summary.duration, summary.bytes, r, n, b, l, g, json_string(first),
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.mean, latency.max))
end
