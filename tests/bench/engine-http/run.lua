-- wrk script of the engine-http benchmark: POST /run {"value":{"name":"bench"}} on keep-alive
-- connections, and a check of every response: status 200, the hello action's exact body and a
-- Content-Length header. done() prints one JSON line with the figures and the error counts.
--
-- Usage: wrk -t1 -cN -dSs -s run.lua http://127.0.0.1:PORT/run

wrk.method = "POST"
wrk.path = "/run"
wrk.body = '{"value":{"name":"bench"}}'
wrk.headers["Content-Type"] = "application/json"

local expected = '{"payload":"Hello, bench!"}'

-- Per thread (each wrk thread has its own Lua state): counts read back in done().
responses = 0
non200 = 0
bad_body = 0
no_length = 0
first_bad = ""

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function response(status, headers, body)
  responses = responses + 1
  if status ~= 200 then
    non200 = non200 + 1
    if first_bad == "" then first_bad = "status " .. status .. ": " .. tostring(body) end
  elseif body ~= expected then
    bad_body = bad_body + 1
    if first_bad == "" then first_bad = "body: " .. tostring(body) end
  elseif headers["Content-Length"] == nil and headers["content-length"] == nil then
    no_length = no_length + 1
    if first_bad == "" then first_bad = "no Content-Length header" end
  end
end

local function json_string(s)
  return '"' .. s:gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end) .. '"'
end

function done(summary, latency, requests)
  local r, n, b, l, first = 0, 0, 0, 0, ""
  for _, t in ipairs(threads) do
    r = r + t:get("responses")
    n = n + t:get("non200")
    b = b + t:get("bad_body")
    l = l + t:get("no_length")
    if first == "" then first = t:get("first_bad") end
  end
  local e = summary.errors
  io.write(string.format(
    'WRK_RESULT {"requests":%d,"duration_us":%d,"bytes":%d,"responses_checked":%d,' ..
    '"non200":%d,"bad_body":%d,"no_content_length":%d,"first_bad":%s,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_us":{"p50":%d,"p90":%d,"p99":%d,"mean":%.1f,"max":%d}}\n',
    summary.requests, summary.duration, summary.bytes, r, n, b, l, json_string(first),
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.mean, latency.max))
end
